"""owners for datasets and events, curators, server-side web sessions, token expiry

Revision ID: e14a
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa


revision = 'e14a'
down_revision = '0002'
branch_labels = None
depends_on = None

SYSTEM = 'system'


def upgrade() -> None:
    with op.batch_alter_table('datasets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency', sa.String(length=60), server_default=SYSTEM,
                                      nullable=False))
        batch_op.add_column(sa.Column('curators', sa.JSON(), server_default='[]', nullable=False))
        batch_op.create_index(batch_op.f('ix_datasets_agency'), ['agency'], unique=False)
    conn = op.get_bind()
    # A dataset whose events all name one agency belongs to it; every other one (the shipped
    # data among them) to the system agency. Events without an agency take their dataset's.
    conn.execute(sa.text(
        "UPDATE datasets SET agency = (SELECT MIN(e.agency) FROM events e WHERE e.dataset_id = datasets.id)"
        " WHERE (SELECT COUNT(DISTINCT e.agency) FROM events e WHERE e.dataset_id = datasets.id) = 1"
        " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset_id = datasets.id AND e.agency IS NULL)"))
    conn.execute(sa.text(
        "UPDATE events SET agency = COALESCE((SELECT d.agency FROM datasets d WHERE d.id = events.dataset_id),"
        " :system) WHERE agency IS NULL"), {"system": SYSTEM})
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('web_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_why', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_web_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_web_sessions_key_hash'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_user_id'))
    op.drop_table('web_sessions')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('datasets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_datasets_agency'))
        batch_op.drop_column('curators')
        batch_op.drop_column('agency')
