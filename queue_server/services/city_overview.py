"""The city view's figures (issue 17): every centre live, read centre by centre with a few cheap reads each.

Per centre, one read-only session and three or four indexed statements, none of which reads the waiting queue:
- the waiting counts per line (waiting_counts, kept by triggers: services/waiting_lines.py);
- the counters and whether someone is at each (queue_state.counter_rows), and the visitors at them now;
- one statement for the day: tickets issued and served, the oldest waiting one's issue time, those called and
  first called within the centre's target wait, and today's ratings (the reports' definitions, issue 7).
The typical service minutes come from the centre's 30-second cache (services/service_times.py).

The estimated wait of a new visitor is, per field, what a ticket issued now would be told
(centre_directory.newcomer_waits, as the kiosk and the nearest-queue list say it), and the centre's figure is
the longest of its fields served now. A centre whose estimate passes the
city's `alert_wait_minutes`, or where people wait while no counter is staffed, carries an alert in words.
"""

from __future__ import annotations

import logging

from sqlalchemy import Integer, bindparam, text
from sqlalchemy.exc import SQLAlchemyError

from queue_server import models
from queue_server.context import Centre, City
from queue_server.rules import estimates, hours
from queue_server.services import centre_directory, queue_state, ratings, reports
from queue_server.services.city_reads import centre_readers
from queue_server.services.queue_state import local_iso, today
from queue_server.services.waiting_lines import line_counts

log = logging.getLogger("motcua")

_DAY_FIGURES_SQL = """
SELECT (SELECT COUNT(*) FROM tickets WHERE service_day = :day) AS issued,
       (SELECT COUNT(*) FROM tickets WHERE service_day = :day AND status = 'done') AS served,
       (SELECT MIN(issued_at) FROM tickets WHERE service_day = :day AND {waiting}) AS oldest,
       first_calls.called AS called, first_calls.within AS within,
       (SELECT COUNT(*) FROM ratings WHERE service_day = :day) AS rated,
       (SELECT COALESCE(SUM(CASE WHEN score >= :satisfied THEN 1 ELSE 0 END), 0)
        FROM ratings WHERE service_day = :day) AS satisfied
FROM (SELECT COUNT(*) AS called, COALESCE(SUM(CASE WHEN {wait} <= :target THEN 1 ELSE 0 END), 0) AS within
      FROM (SELECT t.issued_at AS issued_at, MIN(e.at) AS first_called
            FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id
            WHERE t.service_day = :day AND e.kind = 'called'
            GROUP BY t.id, t.issued_at) called_today) first_calls"""
_day_figures: dict[str, object] = {}


def _day_figures_statement(dialect: str):
    """Today's tickets issued, served, the oldest waiting one's issue time, those called and those first called
    within the target (issue → first call, as the reports count it), and today's ratings: one statement, one
    round trip (ix_tickets_day_status, ticket_events by ticket, ix_ratings_day)."""
    if dialect not in _day_figures:
        sql = _DAY_FIGURES_SQL.format(waiting=models.WAITING_SQL,
                                      wait=reports.minutes_sql(dialect, "first_called", "issued_at"))
        _day_figures[dialect] = text(sql).bindparams(
            bindparam("day", type_=models.Ticket.service_day.type), bindparam("target", type_=Integer),
            bindparam("satisfied", type_=Integer)).columns(
            issued=Integer, served=Integer, oldest=models.Ticket.issued_at.type, called=Integer, within=Integer,
            rated=Integer, satisfied=Integer)
    return _day_figures[dialect]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _new_visitor_waits(session, centre: Centre, lines, counters) -> dict[str, int | None]:
    """{field_id: minutes a ticket issued now would wait, None while no counter of the field is staffed}: the
    figure the kiosk and the nearest-queue list give (centre_directory.newcomer_waits)."""
    fields = [f.id for f in centre.config.fields if f.prefix is not None]
    waits = centre_directory.newcomer_waits(session, centre, counters, lines, fields) if fields else {}
    return {f: None if m is None else estimates.rounded(m) for f, m in waits.items()}


def centre_overview(centre: Centre, alert_wait_minutes: int, reading=None) -> dict:
    """One centre's live figures (see the module's docstring), with its alerts in words. `reading`: how to
    open the centre's read session (city_reads.centre_readers), by default its own."""
    reading = reading or (lambda each: each.db.reading())
    config, now, day = centre.config, centre.now(), today(centre)
    target = config.target_wait_minutes
    with reading(centre) as session:
        lines = line_counts(session, centre)
        counters = queue_state.counter_rows(session, centre)
        connection = session.connection()  # a Core statement built once: no ORM layer on 160 centres' reads
        day_figures = connection.execute(_day_figures_statement(connection.dialect.name), {
            "day": day, "target": target, "satisfied": ratings.scale_of(centre).satisfied_from}).one()
        waits = _new_visitor_waits(session, centre, lines, counters)
    waiting = sum(lines.values())
    oldest = day_figures.oldest
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
        "issued_today": day_figures.issued,
        "served_today": day_figures.served,
        "called_today": day_figures.called,
        "within_target": _share(day_figures.within, day_figures.called),
        "target_wait_minutes": target,
        "ratings_today": day_figures.rated,
        "satisfaction_rate": _share(day_figures.satisfied, day_figures.rated),
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
    try:
        with centre_readers(city) as reading:
            for centre in city:
                rows.append(centre_overview(centre, city.alert_wait_minutes, reading))
    except SQLAlchemyError:  # one shared connection failed (PostgreSQL), or one centre's file: each on its own
        log.exception("city view: reading the centres together failed; each on its own")
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
