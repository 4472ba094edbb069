"""audit log: the address each request came from (a refused sign-in keeps its source, not what was typed)

Revision ID: 0005_abuse_limits_audit_address
Revises: 0002_admin
Create Date: 2026-12-05 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_abuse_limits_audit_address'
down_revision = '0002_admin'  # where audit_log was created
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('audit_log', sa.Column('address', sa.String(length=45), nullable=True))


def downgrade() -> None:
    op.drop_column('audit_log', 'address')
