"""monitoring: GIN index for the family-key search on PostgreSQL

Revision ID: m17a
Revises: m001

Topic queries become `string_to_array(terms, ' ') && ARRAY[keys]` on PostgreSQL
(sarap.monitor.keyindex); without an index every series and breakdown read every item. SQLite has
its FTS5 table instead (made on first use), so nothing happens there.
"""

from alembic import op


revision = 'm17a'
down_revision = 'm001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_monitor_items_terms ON monitor_items "
                   "USING gin (string_to_array(terms, ' '))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_monitor_items_terms")
