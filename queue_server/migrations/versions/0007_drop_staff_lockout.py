"""drop staff_users.failed_logins and locked_until: unused since sign-in failures are counted per address
and per browser by the rate limits (services/rate_limits.py, web/known_browsers.py), never in the row

Revision ID: 0007_drop_staff_lockout
Revises: 0006_appointments
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import queue_server.models


revision = '0007_drop_staff_lockout'
down_revision = '0006_appointments'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch copy: copying staff_users would drop the
    # old table, and with foreign keys on that deletes every account's staff_counters rows (ON DELETE CASCADE).
    op.drop_column('staff_users', 'locked_until')
    op.drop_column('staff_users', 'failed_logins')


def downgrade() -> None:
    op.add_column('staff_users', sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('staff_users', sa.Column('locked_until', queue_server.models.UTCDateTime(), nullable=True))
