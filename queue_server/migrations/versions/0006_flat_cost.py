"""flat cost: waiting tickets counted per (day, field, counter sent to) by triggers, and an index whose
ranges are the waiting lines, so that issuing and calling cost the same with 10 or 10,000 waiting

Revision ID: 0006_flat_cost
Revises: every 0002..0005 head (a merge revision)
Create Date: 2026-12-05 14:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_flat_cost'
down_revision = ('0003_ratings', '0004_help_requests', '0005_abuse_data', '0005_abuse_limits_audit_address',
                 '0005_fair_queue_staffing', '0005_polish_ticket_language')
branch_labels = None
depends_on = None

WAITING = "('issued', 'transferred')"


def _count(sign: str, row: str) -> str:
    """Add one (sign "+") or take one ("-") from the count of `row`'s line (NEW or OLD), when it waits."""
    return (f"INSERT INTO waiting_counts (service_day, field_id, target_counter, waiting) "
            f"VALUES ({row}.service_day, {row}.field_id, COALESCE({row}.target_counter, 0), {sign}1) "
            f"ON CONFLICT (service_day, field_id, target_counter) "
            f"DO UPDATE SET waiting = waiting_counts.waiting {sign} 1")


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER waiting_counts_insert AFTER INSERT ON tickets WHEN NEW.status IN {WAITING} "
    f"BEGIN {_count('+', 'NEW')}; END",
    f"CREATE TRIGGER waiting_counts_delete AFTER DELETE ON tickets WHEN OLD.status IN {WAITING} "
    f"BEGIN {_count('-', 'OLD')}; END",
    f"CREATE TRIGGER waiting_counts_leave AFTER UPDATE OF status, target_counter, field_id, service_day ON tickets "
    f"WHEN OLD.status IN {WAITING} BEGIN {_count('-', 'OLD')}; END",
    f"CREATE TRIGGER waiting_counts_join AFTER UPDATE OF status, target_counter, field_id, service_day ON tickets "
    f"WHEN NEW.status IN {WAITING} BEGIN {_count('+', 'NEW')}; END",
]

POSTGRES_FUNCTION = f"""
CREATE FUNCTION waiting_counts_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {WAITING} THEN {_count('-', 'OLD')}; END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status IN {WAITING} THEN {_count('+', 'NEW')}; END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql"""
POSTGRES_TRIGGER = ("CREATE TRIGGER waiting_counts_follow AFTER INSERT OR DELETE OR UPDATE OF status, target_counter, "
                    "field_id, service_day ON tickets FOR EACH ROW EXECUTE FUNCTION waiting_counts_follow()")


def upgrade() -> None:
    op.create_table('waiting_counts',
                    sa.Column('service_day', sa.Date(), nullable=False),
                    sa.Column('field_id', sa.String(length=64), nullable=False),
                    sa.Column('target_counter', sa.Integer(), nullable=False),
                    sa.Column('waiting', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('service_day', 'field_id', 'target_counter'))
    where = sa.text(f"status IN {WAITING}")
    # NULLs as 0 and '': PostgreSQL orders an index range by its next column only after equalities.
    op.create_index('ix_tickets_waiting_line', 'tickets',
                    ['service_day', sa.text('COALESCE(target_counter, 0)'), 'field_id', sa.text("COALESCE(priority, '')"),
                     'queued_at', 'id'], sqlite_where=where, postgresql_where=where)
    done = sa.text("status = 'done'")  # a field's last services (typical minutes), newest first
    op.create_index('ix_tickets_done_field', 'tickets', ['field_id', 'finished_at'],
                    sqlite_where=done, postgresql_where=done)
    op.execute("INSERT INTO waiting_counts (service_day, field_id, target_counter, waiting) "
               "SELECT service_day, field_id, COALESCE(target_counter, 0), COUNT(*) FROM tickets "
               f"WHERE status IN {WAITING} GROUP BY service_day, field_id, COALESCE(target_counter, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER waiting_counts_follow ON tickets")
        op.execute("DROP FUNCTION waiting_counts_follow()")
    else:
        for name in ("insert", "delete", "leave", "join"):
            op.execute(f"DROP TRIGGER waiting_counts_{name}")
    op.drop_index('ix_tickets_done_field', table_name='tickets')
    op.drop_index('ix_tickets_waiting_line', table_name='tickets')
    op.drop_table('waiting_counts')
