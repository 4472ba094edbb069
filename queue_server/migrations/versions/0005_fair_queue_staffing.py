"""staffed periods: who was at which counter, when (a counter is staffed, not just open)

Revision ID: 0005_fair_queue_staffing
Revises: 0002_admin
Create Date: 2026-12-05 11:00:00
"""
from alembic import op
import sqlalchemy as sa
import queue_server.models


revision = '0005_fair_queue_staffing'
down_revision = '0002_admin'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staffed_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('counter_number', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('started_at', queue_server.models.UTCDateTime(), nullable=False),
    sa.Column('seen_at', queue_server.models.UTCDateTime(), nullable=False),
    sa.Column('ended_at', queue_server.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['counter_number'], ['counters.number'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staffed_periods', schema=None) as batch_op:
        batch_op.create_index('ix_staffed_periods_counter_open', ['counter_number', 'ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staffed_periods_started_at'), ['started_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staffed_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staffed_periods_started_at'))
        batch_op.drop_index('ix_staffed_periods_counter_open')
    op.drop_table('staffed_periods')
