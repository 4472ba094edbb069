"""ticket language and English catalogue texts: the language the visitor chose at the kiosk (for the paper
ticket and the tracking page), and the English of procedures' documents, fee and processing time and of
counters' names and locations

Revision ID: 0005_polish_ticket_language
Revises: 0001
Create Date: 2026-12-05 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_polish_ticket_language'
down_revision = '0001'  # its own branch of the schema, like 0002..0004 (upgraded to "heads")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('language', sa.String(length=2), nullable=False, server_default='vi'))
    with op.batch_alter_table('procedures') as batch:
        batch.add_column(sa.Column('documents_en', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('fee_text_en', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('processing_text_en', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('counters') as batch:
        batch.add_column(sa.Column('name_en', sa.String(length=200), nullable=False, server_default=''))
        batch.add_column(sa.Column('location_en', sa.String(length=300), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('counters') as batch:
        batch.drop_column('location_en')
        batch.drop_column('name_en')
    with op.batch_alter_table('procedures') as batch:
        for column in ('processing_text_en', 'fee_text_en', 'documents_en'):
            batch.drop_column(column)
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('language')
