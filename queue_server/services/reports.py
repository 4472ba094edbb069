"""Reports from the ticket event history, aggregated in SQL (SQLite and PostgreSQL alike).

One statement per report: the events of the period's tickets are folded into one row per ticket (first
call, last call, start, completion, no-show, cancellation), joined to the completion's counter and staff
(a no-show's: the counter and the staff member of its last call) and to the rating, then grouped by every
dimension at once (UNION ALL): total, field, procedure, counter, staff, hour of issue and day. Medians and
90th percentiles are aggregates in the same GROUP BY: PostgreSQL's percentile_cont / percentile_disc, and on
SQLite (which has none) one small Python aggregate function registered on the connection; nothing but the
result rows comes back to Python.

Definitions (docs/reports.md says the same):
- waiting time: from the ticket's issue to its first call; service time: from the start of service (or
  the last call when staff did not press "start") to completion;
- served: the history has a completion; no-show: marked no-show and never served; cancelled: cancelled
  and never served;
- within target: share of called tickets whose first call came within the target wait (20 min default);
- median: the middle value (mean of the two middle ones); p90: the nearest-rank 90th percentile;
- satisfaction rate: share of ratings at or above the scale's `satisfied_from`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, bindparam, func, select, text

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import BadRequest, Unprocessable
from queue_server.rules.lifecycle import WAITING
from queue_server.services import queue_state, ratings, staffing
from queue_server.services.queue_state import local_iso, today

DIMENSIONS = ("total", "field", "procedure", "counter", "staff", "hour", "day")
MAX_PERIOD_DAYS = 400
DEFAULT_TARGET_WAIT = 20


@dataclass(frozen=True)
class ReportSettings:
    target_wait_minutes: int = DEFAULT_TARGET_WAIT


def settings_of(centre: Centre) -> ReportSettings:
    """`reports: {target_wait_minutes: 20}` in the centre's YAML (optional), read with its config."""
    return ReportSettings(target_wait_minutes=centre.config.target_wait_minutes)


def parse_period(start: str | None, end: str | None, default: date) -> tuple[date, date]:
    """?start=YYYY-MM-DD&end=YYYY-MM-DD (end defaults to start, both to today); refuses reversed periods."""
    def parse(value: str | None, name: str, fallback: date) -> date:
        if not value:
            return fallback
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadRequest(f"'{name}' must be a date like 2026-11-23, got {value!r}", code="invalid_date") from None

    first = parse(start, "start", default)
    last = parse(end, "end", first if start else default)
    if last < first:
        raise Unprocessable(f"The period ends ({last}) before it starts ({first}): swap the dates",
                            code="reversed_period")
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise Unprocessable(f"A report covers at most {MAX_PERIOD_DAYS} days", code="period_too_long")
    return first, last


def _minutes(dialect: str, later: str, earlier: str) -> str:
    if dialect == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 60.0)"
    return f"((julianday({later}) - julianday({earlier})) * 1440.0)"


minutes_sql = _minutes  # the same arithmetic for the city view's share within target (services/city_overview.py)


def _local_hour(dialect: str, column: str, offset_minutes: int) -> str:
    if dialect == "postgresql":
        return f"CAST(EXTRACT(HOUR FROM ({column} + INTERVAL '{offset_minutes} minutes')) AS INTEGER)"
    return f"CAST(strftime('%H', {column}, '{offset_minutes:+d} minutes') AS INTEGER)"


def _percentile_columns(dialect: str) -> str:
    if dialect == "postgresql":
        return ", ".join(f"{fn}({q}) WITHIN GROUP (ORDER BY {col}) AS {col.split('_')[0]}_{name}"
                         for col in ("wait_min", "service_min")
                         for fn, q, name in (("percentile_cont", 0.5, "median"), ("percentile_disc", 0.9, "p90")))
    return "motcua_percentiles(wait_min, service_min) AS percentiles"


class _SqlitePercentiles:
    """SQLite has no percentile aggregates: this one collects both columns of a group and returns
    "wait median|wait p90|service median|service p90" (the same definitions as PostgreSQL's
    percentile_cont(0.5) and percentile_disc(0.9)); one call per row keeps it quick."""

    def __init__(self):
        self.wait, self.service = [], []

    def step(self, wait, service):
        if wait is not None:
            self.wait.append(wait)
        if service is not None:
            self.service.append(service)

    @staticmethod
    def _pair(values: list) -> list:
        if not values:
            return ["", ""]
        values.sort()
        n = len(values)
        return [repr((values[(n - 1) // 2] + values[n // 2]) / 2), repr(values[(9 * n + 9) // 10 - 1])]

    def finalize(self):
        return "|".join(self._pair(self.wait) + self._pair(self.service))


def _register_sqlite_aggregates(session) -> None:
    session.connection().connection.driver_connection.create_aggregate("motcua_percentiles", 2, _SqlitePercentiles)


def _percentiles_of(row) -> dict:
    if "percentiles" not in row:
        return {k: row[k] for k in ("wait_median", "wait_p90", "service_median", "service_p90")}
    parts = [float(v) if v else None for v in row["percentiles"].split("|")]
    return dict(zip(("wait_median", "wait_p90", "service_median", "service_p90"), parts))


def report_sql(dialect: str, offset_minutes: int) -> str:
    minutes = lambda a, b: _minutes(dialect, a, b)  # noqa: E731
    keys = {"total": "''", "field": "f.field_id", "procedure": "f.procedure_id",
            "counter": "CAST(f.counter_number AS TEXT)", "staff": "f.staff", "hour": "CAST(f.hour AS TEXT)",
            "day": "CAST(f.service_day AS TEXT)"}
    keyed = "\n  UNION ALL ".join(f"SELECT '{dim}' AS dim, COALESCE({key}, '') AS k, f.* FROM facts f"
                                  for dim, key in keys.items())
    return f"""
WITH ev AS MATERIALIZED (
  SELECT e.ticket_id AS ticket_id,
         MIN(CASE WHEN e.kind = 'called' THEN e.at END) AS first_called,
         MAX(CASE WHEN e.kind IN ('called', 'recalled') THEN e.at END) AS last_called,
         MAX(CASE WHEN e.kind = 'started' THEN e.at END) AS started,
         MAX(CASE WHEN e.kind = 'completed' THEN e.at END) AS completed,
         MAX(CASE WHEN e.kind = 'marked_no_show' THEN 1 ELSE 0 END) AS no_show,
         MAX(CASE WHEN e.kind = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
         MAX(CASE WHEN e.kind = 'completed' THEN e.counter_number END) AS completed_counter,
         MAX(CASE WHEN e.kind = 'completed' THEN e.actor END) AS completed_by
  FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
  WHERE t.service_day BETWEEN :start AND :end
  GROUP BY e.ticket_id
), facts AS MATERIALIZED (
  SELECT t.id AS id, t.field_id AS field_id, t.procedure_id AS procedure_id, t.service_day AS service_day,
         {_local_hour(dialect, 't.issued_at', offset_minutes)} AS hour,
         COALESCE(ev.completed_counter, t.counter_number) AS counter_number,
         CASE WHEN ev.completed IS NOT NULL THEN ev.completed_by
              WHEN ev.cancelled = 0 AND ev.no_show = 1
              THEN (SELECT c.actor FROM ticket_events c WHERE c.ticket_id = t.id AND c.kind = 'called'
                    ORDER BY c.at DESC, c.id DESC LIMIT 1) END AS staff,
         CASE WHEN ev.first_called IS NOT NULL THEN {minutes('ev.first_called', 't.issued_at')} END AS wait_min,
         CASE WHEN ev.completed IS NOT NULL
              THEN {minutes('ev.completed', 'COALESCE(ev.started, ev.last_called)')} END AS service_min,
         CASE WHEN ev.completed IS NOT NULL THEN 1 ELSE 0 END AS served,
         CASE WHEN ev.completed IS NULL AND ev.cancelled = 0 AND ev.no_show = 1 THEN 1 ELSE 0 END AS no_show,
         CASE WHEN ev.completed IS NULL AND ev.cancelled = 1 THEN 1 ELSE 0 END AS cancelled,
         r.score AS score
  FROM tickets t
  JOIN ev ON ev.ticket_id = t.id
  LEFT JOIN ratings r ON r.ticket_id = t.id
  WHERE t.service_day BETWEEN :start AND :end
), keyed AS (
  {keyed}
), agg AS (
  SELECT dim, k, COUNT(*) AS issued, SUM(served) AS served, SUM(no_show) AS no_show,
         SUM(cancelled) AS cancelled, COUNT(wait_min) AS called, AVG(wait_min) AS wait_mean,
         AVG(service_min) AS service_mean,
         SUM(CASE WHEN wait_min <= :target THEN 1 ELSE 0 END) AS within_target,
         COUNT(score) AS rated, SUM(CASE WHEN score >= :satisfied THEN 1 ELSE 0 END) AS satisfied,
         AVG(score * 1.0) AS score_mean, {_percentile_columns(dialect)}
  FROM keyed GROUP BY dim, k
)
SELECT * FROM agg
"""


def _number(value, digits: int = 1):
    return None if value is None else round(float(value), digits)


def _share(part, whole):
    return None if not whole else round(float(part or 0) / float(whole), 4)


def _labels(session, centre: Centre) -> dict[str, dict]:
    return {
        "field": {f.id: {"vi": f.name_vi, "en": f.name_en} for f in session.scalars(select(models.Field))},
        "procedure": {p.id: {"vi": p.name_vi, "en": p.name_en} for p in session.scalars(select(models.Procedure))},
        "counter": {str(c.number): {"vi": c.name, "en": c.name} for c in session.scalars(select(models.Counter))},
        "staff": {u.username: {"vi": u.display_name, "en": u.display_name}
                  for u in session.scalars(select(models.StaffUser))},
    }


def _label(labels: dict, dim: str, key: str) -> dict:
    if key == "":
        return {"vi": "Tổng" if dim == "total" else "(không có)", "en": "Total" if dim == "total" else "(none)"}
    if dim == "hour":
        return {"vi": f"{int(key):02d}:00–{int(key) + 1:02d}:00", "en": f"{int(key):02d}:00–{int(key) + 1:02d}:00"}
    return labels.get(dim, {}).get(key) or {"vi": key, "en": key}


def _sort_key(dim: str, row: dict):
    if dim in ("hour", "counter") and row["key"]:
        return (0, int(row["key"]), "")
    if dim == "day":
        return (0, 0, row["key"])
    return (1 if not row["key"] else 0, -row["issued"], row["key"])


def _local_midnight(centre: Centre, day: date) -> datetime:
    """The day's start in the centre's time zone; a period may name any date, so the very first and last
    days of the calendar are moved in by one (their midnight has no UTC datetime)."""
    day = min(max(day, date.min + timedelta(days=1)), date.max - timedelta(days=1))
    return datetime.combine(day, time(0), tzinfo=centre.config.timezone)


def build(centre: Centre, start: date, end: date) -> dict:
    """The report for a period (both days included): totals and every breakdown, plus peak hours."""
    settings, scale = settings_of(centre), ratings.scale_of(centre)
    noon = datetime.combine(start, time(12), tzinfo=centre.config.timezone)
    offset = int(noon.utcoffset().total_seconds() // 60)
    with centre.db.reading() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            _register_sqlite_aggregates(session)
        statement = text(report_sql(dialect, offset)).bindparams(
            bindparam("start", type_=Date), bindparam("end", type_=Date))
        rows = session.execute(statement, {"start": start, "end": end, "target": settings.target_wait_minutes,
                                           "satisfied": scale.satisfied_from}).mappings().all()
        labels = _labels(session, centre)
        staffed = staffing.staffed_minutes(session, centre, _local_midnight(centre, start),
                                           _local_midnight(centre, end) + timedelta(days=1))
    groups: dict[str, list[dict]] = {dim: [] for dim in DIMENSIONS}
    for r in rows:
        r = {**r, **_percentiles_of(r)}
        key = str(r["k"])
        groups[r["dim"]].append({
            "key": key, "label": _label(labels, r["dim"], key),
            "issued": int(r["issued"]), "served": int(r["served"] or 0), "no_show": int(r["no_show"] or 0),
            "cancelled": int(r["cancelled"] or 0), "called": int(r["called"] or 0),
            "wait": {"mean": _number(r["wait_mean"]), "median": _number(r["wait_median"]),
                     "p90": _number(r["wait_p90"])},
            "service": {"mean": _number(r["service_mean"]), "median": _number(r["service_median"]),
                        "p90": _number(r["service_p90"])},
            "within_target": _share(r["within_target"], r["called"]),
            "ratings": int(r["rated"] or 0), "satisfaction_rate": _share(r["satisfied"], r["rated"]),
            "score_mean": _number(r["score_mean"], 2),
        })
    for row in groups["counter"]:  # how long someone was at the counter (services/staffing.py)
        row["staffed_minutes"] = round(staffed.get(int(row["key"]), 0.0)) if row["key"] else None
    for dim, items in groups.items():
        items.sort(key=lambda row, dim=dim: _sort_key(dim, row))
    total = groups.pop("total")
    busiest = sorted(groups["hour"], key=lambda r: (-r["issued"], int(r["key"])))[:3]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "days": (end - start).days + 1},
        "target_wait_minutes": settings.target_wait_minutes,
        "scale": scale.as_json(),
        "has_data": bool(total),
        "total": total[0] if total else None,
        "peak_hours": [{"hour": int(r["key"]), "label": r["label"]["vi"], "issued": r["issued"]} for r in busiest],
        "by": groups,
    }


def live(centre: Centre) -> dict:
    """The live dashboard: waiting now per field, longest wait, counters staffed (someone at the desk, not
just an open flag) and for how long today, served today vs a week ago."""
    T, E = models.Ticket, models.TicketEvent
    now, day = centre.now(), today(centre)
    week_ago = now - timedelta(days=7)
    with centre.db.reading() as session:
        fields = session.scalars(select(models.Field).where(models.Field.enabled, models.Field.prefix.is_not(None))
                                 .order_by(models.Field.position)).all()
        waiting = {fid: (count, oldest) for fid, count, oldest in session.execute(
            select(T.field_id, func.count(), func.min(T.issued_at))
            .where(T.service_day == day, T.status.in_(WAITING)).group_by(T.field_id))}
        counters = queue_state.counter_rows(session, centre)
        staffed_today = staffing.staffed_minutes(session, centre, _local_midnight(centre, day), now)
        serving = {n: number for n, number in session.execute(
            select(T.counter_number, T.number).where(T.service_day == day, T.status.in_(("called", "serving"))))}

        def served_between(first_day: date, until) -> int:
            return session.scalar(select(func.count()).select_from(E).join(T, T.id == E.ticket_id).where(
                T.service_day == first_day, E.kind == "completed", E.at <= until)) or 0

        def issued_between(first_day: date, until) -> int:
            return session.scalar(select(func.count()).where(T.service_day == first_day, T.issued_at <= until)) or 0

        last_week = day - timedelta(days=7)
        end_of_last_week_day = datetime.combine(last_week + timedelta(days=1), time(0), tzinfo=centre.config.timezone)
        comparison = {
            "served_today": served_between(day, now), "served_last_week_same_time": served_between(last_week, week_ago),
            "served_last_week_whole_day": served_between(last_week, end_of_last_week_day),
            "issued_today": issued_between(day, now), "issued_last_week_same_time": issued_between(last_week, week_ago),
            "last_week_day": last_week.isoformat(),
        }
    rows, longest = [], None
    for f in fields:
        count, oldest = waiting.get(f.id, (0, None))
        minutes = round((now - oldest).total_seconds() / 60) if oldest else 0
        rows.append({"id": f.id, "prefix": f.prefix, "name": {"vi": f.name_vi, "en": f.name_en}, "waiting": count,
                     "longest_wait_minutes": minutes})
        if oldest and (longest is None or minutes > longest["minutes"]):
            longest = {"field_id": f.id, "minutes": minutes}
    return {
        "generated_at": local_iso(centre, now),
        "service_day": day.isoformat(),
        "target_wait_minutes": settings_of(centre).target_wait_minutes,
        "fields": rows,
        "waiting_total": sum(r["waiting"] for r in rows),
        "longest_wait": longest,
        "counters": [{"number": c.number, "name": c.name, "open": c.is_open, "staffed": c.staffed,
                      "staffed_minutes_today": round(staffed_today.get(c.number, 0.0)),
                      "serving": serving.get(c.number)} for c in counters],
        "counters_staffed": sum(1 for c in counters if c.staffed),
        **comparison,
    }
