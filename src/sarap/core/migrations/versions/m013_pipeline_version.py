"""monitoring: the text pipeline version each item was analysed with

Revision ID: m013
Revises: m001

Items analysed before this revision have none: `sarap text reindex` re-analyses them.
"""

import sqlalchemy as sa
from alembic import op

revision = 'm013'
down_revision = 'm001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('monitor_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pipeline_version', sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_monitor_items_pipeline_version'), ['pipeline_version'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('monitor_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitor_items_pipeline_version'))
        batch_op.drop_column('pipeline_version')
