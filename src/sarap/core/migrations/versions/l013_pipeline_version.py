"""library: the text pipeline version each document's search keys were made with

Revision ID: l013
Revises: l001

Documents indexed before this revision have none: `sarap text reindex` re-keys them.
"""

import sqlalchemy as sa
from alembic import op

revision = 'l013'
down_revision = 'l001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('library_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pipeline_version', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('library_documents', schema=None) as batch_op:
        batch_op.drop_column('pipeline_version')
