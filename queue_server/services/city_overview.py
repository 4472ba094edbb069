"""The city view's figures (issue 17): every centre live, read centre by centre with a few cheap reads each.

Per centre, one read-only session and four indexed statements, none of which reads the waiting queue itself:
- the waiting counts per line (waiting_counts, kept by triggers: services/waiting_lines.py);
- the counters and whether someone is at each (queue_state.counter_rows), and the visitors at them now;
- today's tickets by status, with the oldest waiting one's issue time (ix_tickets_day_status);
- today's called tickets, how many were first called within the centre's target wait, and today's ratings
  (the same definitions as the reports of issue 7: services/reports.py).
The typical service minutes come from the centre's 30-second cache (services/service_times.py).

The estimated wait of a new visitor is, per field, what a ticket issued now would be told (the replay's
closed form for the newest ticket, rules/forecast.appended; the naive formula where only the replay could
tell), and the centre's figure is the longest of its fields served now. A centre whose estimate passes the
city's `alert_wait_minutes`, or where people wait while no counter is staffed, carries an alert in words.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Integer, bindparam, case, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from queue_server import models
from queue_server.context import Centre, City
from queue_server.rules import estimates, forecast, hours, ordering
from queue_server.rules.lifecycle import WAITING
from queue_server.services import queue_state, ratings, reports
from queue_server.services.queue_state import local_iso, today
from queue_server.services.service_times import service_minutes_by_field
from queue_server.services.waiting_lines import line_counts

log = logging.getLogger("motcua")

_T, _R = models.Ticket, models.Rating
_BY_STATUS = (select(_T.status, func.count(), func.min(_T.issued_at))
              .where(_T.service_day == bindparam("day")).group_by(_T.status))
_RATINGS = select(func.count(), func.sum(case((_R.score >= bindparam("satisfied"), 1), else_=0))).where(
    _R.service_day == bindparam("day"))


def _first_calls_sql(dialect: str) -> str:
    """Today's called tickets, and those first called within the target (issue → first call, as reports)."""
    wait = reports.minutes_sql(dialect, "first_called", "issued_at")
    return f"""
SELECT COUNT(*) AS called, COALESCE(SUM(CASE WHEN {wait} <= :target THEN 1 ELSE 0 END), 0) AS within
FROM (SELECT t.issued_at AS issued_at, MIN(e.at) AS first_called
      FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id
      WHERE t.service_day = :day AND e.kind = 'called'
      GROUP BY t.id, t.issued_at) first_calls"""


_first_calls: dict[str, object] = {}


def _first_calls_statement(dialect: str):
    if dialect not in _first_calls:
        _first_calls[dialect] = text(_first_calls_sql(dialect)).bindparams(
            bindparam("day", type_=models.Ticket.service_day.type), bindparam("target", type_=Integer))
    return _first_calls[dialect]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _new_visitor_waits(session, centre: Centre, lines, counters, now: datetime) -> dict[str, int | None]:
    """{field_id: minutes a ticket issued now would wait, None while no counter of the field is staffed}."""
    fields = [f.id for f in centre.config.fields if f.prefix is not None]
    if not fields:
        return {}
    minutes = service_minutes_by_field(session, centre, fields)
    desks = queue_state.staffed_desks(session, centre, counters, minutes)
    policy = queue_state.policy_of(centre)
    waits: dict[str, int | None] = {}
    for field_id in fields:
        ticket = ordering.Candidate(ticket_id=-1, field_id=field_id, priority=None, queued_at=now)
        outlook = forecast.appended(ticket, lines, desks, policy, minutes)
        if outlook is None:  # desks shared with other fields: the naive figure, as the queue overview shows
            staffed = sum(1 for c in counters if c.staffed and field_id in c.field_ids)
            ahead = lines.get((field_id, None), 0)
            waits[field_id] = estimates.estimate_wait_minutes(ahead, minutes[field_id], staffed) if staffed else None
        else:
            waits[field_id] = None if outlook.minutes is None else estimates.rounded(outlook.minutes)
    return waits


def centre_overview(centre: Centre, alert_wait_minutes: int) -> dict:
    """One centre's live figures (see the module's docstring), with its alerts in words."""
    config, now, day = centre.config, centre.now(), today(centre)
    target = config.target_wait_minutes
    with centre.db.reading() as session:
        lines = line_counts(session, centre)
        counters = queue_state.counter_rows(session, centre)
        connection = session.connection()  # Core statements built once: no ORM layer on 160 centres' reads
        by_status = {status: (count, oldest) for status, count, oldest in connection.execute(_BY_STATUS, {"day": day})}
        first = connection.execute(_first_calls_statement(connection.dialect.name),
                                   {"day": day, "target": target}).one()
        rated, satisfied = connection.execute(_RATINGS, {"day": day,
                                                         "satisfied": ratings.scale_of(centre).satisfied_from}).one()
        waits = _new_visitor_waits(session, centre, lines, counters, now)
    waiting = sum(lines.values())
    oldest = min((by_status[s][1] for s in WAITING if s in by_status and by_status[s][1]), default=None)
    served_waits = [m for m in waits.values() if m is not None]
    eta = max(served_waits) if served_waits else None
    staffed = sum(1 for c in counters if c.staffed)
    open_now = hours.is_open(config.opening_hours, now, config.timezone)
    alerts = []
    if eta is not None and eta > alert_wait_minutes:
        alerts.append({"kind": "long_wait",
                       "vi": f"Thời gian chờ dự kiến {eta} phút, quá ngưỡng {alert_wait_minutes} phút",
                       "en": f"Estimated wait {eta} min, over the {alert_wait_minutes}-minute threshold"})
    if waiting and not staffed:
        alerts.append({"kind": "nobody_at_counters",
                       "vi": f"{waiting} người đang chờ nhưng chưa quầy nào có cán bộ",
                       "en": f"{waiting} waiting, but no counter is staffed"})
    return {
        "id": centre.id, "name": config.name, "name_en": config.name_en, "address": config.address,
        "open_now": open_now,
        "waiting": waiting,
        "counters": len(counters), "counters_staffed": staffed,
        "longest_wait_minutes": round((now - oldest).total_seconds() / 60) if oldest else 0,
        "issued_today": sum(count for count, _oldest in by_status.values()),
        "served_today": by_status.get("done", (0, None))[0],
        "called_today": int(first.called),
        "within_target": _share(int(first.within), int(first.called)),
        "target_wait_minutes": target,
        "ratings_today": int(rated or 0),
        "satisfaction_rate": _share(int(satisfied or 0), int(rated or 0)),
        "eta_minutes": eta,
        "eta_by_field": waits,
        "alerts": alerts,
    }


def _unavailable(centre: Centre) -> dict:
    return {"id": centre.id, "name": centre.config.name, "name_en": centre.config.name_en,
            "address": centre.config.address, "unavailable": True,
            "alerts": [{"kind": "unavailable", "vi": "Không đọc được số liệu của trung tâm lúc này",
                        "en": "This centre's figures cannot be read right now"}]}


def overview(city: City) -> dict:
    """Every centre of the city, in its config's order; a centre whose database fails is shown as such and
    the others still are."""
    rows = []
    for centre in city:
        try:
            rows.append(centre_overview(centre, city.alert_wait_minutes))
        except SQLAlchemyError:
            log.exception("city view: centre %s could not be read", centre.id)
            rows.append(_unavailable(centre))
    live = [r for r in rows if not r.get("unavailable")]
    return {
        "city": {"name": city.name, "name_en": city.name_en},
        "generated_at": local_iso(city.default, city.default.now()),
        "alert_wait_minutes": city.alert_wait_minutes,
        "totals": {"centres": len(rows), "waiting": sum(r["waiting"] for r in live),
                   "counters": sum(r["counters"] for r in live),
                   "counters_staffed": sum(r["counters_staffed"] for r in live),
                   "served_today": sum(r["served_today"] for r in live),
                   "centres_with_alerts": sum(1 for r in rows if r["alerts"])},
        "centres": rows,
    }
