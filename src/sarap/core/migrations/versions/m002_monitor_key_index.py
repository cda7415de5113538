"""monitor: a GIN index over the items' family keys (PostgreSQL)

Revision ID: m002
Revises: m001

Topic queries made of words, AND, OR and NOT are answered in SQL (sarap.monitor.keyindex): on
PostgreSQL as `string_to_array(terms, ' ') && ARRAY[keys]`, which this expression index serves.
Made by hand: autogenerate does not write expression indexes. SQLite gets an FTS5 table instead,
created on first use by sarap.monitor.keyindex (Alembic cannot read virtual tables).
"""

from alembic import op

revision = 'm002'
down_revision = 'm001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_monitor_items_keys ON monitor_items "
                   "USING gin (string_to_array(terms, ' '))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_monitor_items_keys")
