"""The waiting queue read at a cost that does not grow with it: counts per line (kept by the database's
triggers in waiting_counts, migration 0006_flat_cost) and the heads of the lines a counter calls from (the
first entries of ix_tickets_waiting_line's ranges). Several server processes read the same rows, so there
is nothing to keep in step between them."""

from __future__ import annotations

from sqlalchemy import Integer, String, and_, bindparam, literal_column, select, text, union_all
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.rules import ordering
from queue_server.services.service_times import today

_W, _T = models.WaitingCount, models.Ticket
_LINE_COUNTS = select(_W.field_id, _W.target_counter, _W.waiting).where(_W.service_day == bindparam("day"),
                                                                        _W.waiting > 0)
_IS_WAITING = text("tickets." + models.WAITING_SQL)  # spelled as the partial index's predicate, to use it


def line_counts(session: Session, centre: Centre) -> dict[tuple[str, int | None], int]:
    """{(field_id, counter sent to or None): waiting tickets} for today (a few rows, whatever the queue)."""
    rows = session.connection().execute(_LINE_COUNTS, {"day": today(centre)})
    return {(field_id, target or None): n for field_id, target, n in rows}


def by_field(lines: dict[tuple[str, int | None], int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for (field_id, _target), n in lines.items():
        counts[field_id] = counts.get(field_id, 0) + n
    return counts


_LINE, _RANK = literal_column(models.LINE_SQL, Integer), literal_column(models.RANK_SQL, String)  # as the index spells them


def _head(line, rank_filter, excluding: bool):
    """The oldest waiting ticket of one line and rank (normal, urgent, other priority), by the index."""
    statement = (select(_T.id, _T.field_id, _T.priority, _T.queued_at, _T.target_counter)
                 .where(_T.service_day == bindparam("day"), _IS_WAITING, line, rank_filter)
                 .order_by(_T.queued_at, _T.id).limit(1))
    if excluding:
        statement = statement.where(_T.id.not_in(bindparam("exclude", expanding=True)))
    return statement.subquery().select()


_statements: dict[tuple, object] = {}


def _heads_statement(field_count: int, urgent: bool, excluding: bool):
    """One UNION ALL of LIMIT 1 reads: for the counter's own line and each of its fields, the oldest normal,
    strict-override (when the policy has any), other priority and appointment ticket. Built once per shape."""
    key = (field_count, urgent, excluding)
    if key not in _statements:
        # checked-in appointments are a line of their own (rules/ordering.py), ordered by slot
        booked = _RANK == literal_column(f"'{ordering.APPOINTMENT}'")
        normal, priority = _RANK == literal_column("''"), and_(_RANK > literal_column("''"), ~booked)
        ranks = [normal, priority, booked]
        if urgent:
            override = bindparam("override", expanding=True, type_=String)
            ranks = [normal, _RANK.in_(override), and_(priority, _RANK.not_in(override)), booked]
        lines = [_LINE == bindparam("counter", type_=Integer)] + [
            and_(_LINE == literal_column("0"), _T.field_id == bindparam(f"field_{i}")) for i in range(field_count)]
        _statements[key] = union_all(*(_head(line, r, excluding) for line in lines for r in ranks))
    return _statements[key]


def callable_heads(session: Session, centre: Centre, field_ids, counter_number: int,
                   exclude: set[int] | frozenset = frozenset()) -> list[ordering.Candidate]:
    """The tickets a counter could call now, reduced to the oldest of each line and rank: choose_next always
    takes the oldest of a union of such lines, so it chooses the same ticket from these few rows as from the
    whole queue, which is never read."""
    fields = sorted(field_ids)
    override = list(centre.config.priority_policy.strict_override)
    params = {"counter": counter_number, "day": today(centre), **{f"field_{i}": f for i, f in enumerate(fields)}}
    if override:
        params["override"] = override
    if exclude:
        params["exclude"] = list(exclude)
    rows = session.connection().execute(_heads_statement(len(fields), bool(override), bool(exclude)), params)
    return [ordering.Candidate(ticket_id=i, field_id=f, priority=p, queued_at=q, target_counter=c)
            for i, f, p, q, c in rows]
