"""review: organisations' designation (terrorist/extremist) and whether their source is verified

Revision ID: v016
Revises: v001
"""

from alembic import op
import sqlalchemy as sa


revision = 'v016'
down_revision = 'v001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('review_organisations') as batch:
        batch.add_column(sa.Column('designation', sa.String(length=12), nullable=False,
                                   server_default='terrorist'))
        batch.add_column(sa.Column('verified', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('review_organisations') as batch:
        batch.drop_column('verified')
        batch.drop_column('designation')
