"""indexes for every filter of the event list and API (order by date, date range, dataset, region)

Revision ID: e19a
Revises: 0002
"""

from alembic import op


revision = 'e19a'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_list', 'events', ['deleted', 'date_start', 'id'])
    op.create_index('ix_events_date_end', 'events', ['date_end'])
    op.create_index('ix_events_dataset_date', 'events', ['dataset_id', 'date_start'])
    op.create_index('ix_event_places_region_event', 'event_places', ['region', 'event_id'])


def downgrade() -> None:
    op.drop_index('ix_event_places_region_event', table_name='event_places')
    op.drop_index('ix_events_dataset_date', table_name='events')
    op.drop_index('ix_events_date_end', table_name='events')
    op.drop_index('ix_events_list', table_name='events')
