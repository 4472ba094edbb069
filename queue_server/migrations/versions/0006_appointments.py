"""appointments: bookings, closed days, capacity per field, and the counter's appointment streak

Revision ID: 0006_appointments
Revises: 0006_flat_cost
Create Date: 2026-12-05 14:10:00
"""
from alembic import op
import sqlalchemy as sa
import queue_server.models


revision = '0006_appointments'
down_revision = '0006_flat_cost'  # which merged every 0002..0005 head
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appointment_streak', sa.Integer(), nullable=False, server_default='0'))
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('manage_hash', sa.String(length=64), nullable=False),
    sa.Column('procedure_id', sa.String(length=64), nullable=False),
    sa.Column('field_id', sa.String(length=64), nullable=False),
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('slot_start', queue_server.models.UTCDateTime(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', queue_server.models.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', queue_server.models.UTCDateTime(), nullable=True),
    sa.Column('checked_in_at', queue_server.models.UTCDateTime(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('purged_at', queue_server.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['field_id'], ['fields.id']),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id']),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('manage_hash')
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_field_slot', ['field_id', 'slot_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_service_day'), ['service_day'], unique=False)
    op.create_table('appointment_closed_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('appointment_capacity',
    sa.Column('field_id', sa.String(length=64), nullable=False),
    sa.Column('per_slot', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['fields.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('field_id')
    )


def downgrade() -> None:
    op.drop_table('appointment_capacity')
    op.drop_table('appointment_closed_days')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_service_day'))
        batch_op.drop_index(batch_op.f('ix_appointments_phone'))
        batch_op.drop_index('ix_appointments_field_slot')
    op.drop_table('appointments')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_column('appointment_streak')
