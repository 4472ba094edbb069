"""a token bound to one counter (the counter's rating tablet)

Revision ID: 0005_abuse_data
Revises: 0001
Create Date: 2026-12-05 10:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_abuse_data'
down_revision = '0001'  # its own branch of the schema, like 0002_admin ... 0004 (upgraded to "heads")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counter_number', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('counter_number')
