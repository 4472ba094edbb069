"""help requests: a visitor at the reception robot asked for a staff member

Revision ID: 0004_help_requests
Revises: 0001
Create Date: 2026-12-01 23:10:00
"""
from alembic import op
import sqlalchemy as sa
import queue_server.models


revision = '0004_help_requests'
down_revision = '0001'  # its own branch of the schema, like 0002_admin and 0003_ratings (upgraded to "heads")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('help_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('ticket_number', sa.String(length=16), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', queue_server.models.UTCDateTime(), nullable=False),
    sa.Column('acknowledged_at', queue_server.models.UTCDateTime(), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=100), nullable=True),
    sa.Column('acknowledged_counter', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index('ix_help_requests_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_requests_device_id'), ['device_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_requests_device_id'))
        batch_op.drop_index('ix_help_requests_created')
    op.drop_table('help_requests')
