"""The city's centres as a visitor chooses between them (issue 17, "the nearest short queue"): where each
is, whether it is open, how many wait and how long a visitor arriving now would wait, nearest first.

Each centre costs a few small indexed reads, whatever its queue: the settings version (so an admin's edit
made through another server process counts), its counters with whether each is staffed, and the waiting
counts per line (waiting_counts). The estimate is the kiosk's own for a ticket issued now
(forecast.appended, from those counts); only where that cannot tell (desks serving different mixes of
fields) is today's queue read once and played forward for every field at once (rules/arrival.py).

A centre's entry is kept FRESH_SECONDS in this process, and forgotten at once when this process commits a
change at that centre (its database's listeners): many phones asking every few seconds cost one read of
each centre per interval, and a change made through another server process shows within the interval.
"""

from __future__ import annotations

import math
import threading
import time
import weakref
from datetime import timedelta

from sqlalchemy import select

from queue_server import models
from queue_server.centre_paths import centre_root
from queue_server.context import Centre, City
from queue_server.errors import BadRequest, NotFound, Unprocessable
from queue_server.rules import arrival, estimates, forecast, hours
from queue_server.rules.ordering import Candidate
from queue_server.services import centre_settings, queue_state
from queue_server.services.city_reads import centre_readers
from queue_server.services.service_times import service_minutes_by_field
from queue_server.services.waiting_lines import by_field, line_counts

EARTH_RADIUS_KM = 6371.0088
FRESH_SECONDS = 5.0
_VERSION = select(models.CentreSetting.value).where(models.CentreSetting.key == centre_settings.VERSION)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), as the crow flies."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


LIMITS = {"lat": 90.0, "lon": 180.0}


def parse_position(lat: str | None, lon: str | None) -> tuple[float, float] | None:
    """?lat=&lon= → (lat, lon): 400 for a coordinate that is no number or out of range, 422 for one alone
    (each is well-formed by itself); both messages in Vietnamese and English."""
    given = {name: text for name, text in (("lat", lat), ("lon", lon)) if text is not None}
    if not given:
        return None
    for name, text in given.items():
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or abs(value) > LIMITS[name]:
            raise BadRequest("Vị trí không hợp lệ: lat là vĩ độ từ -90 đến 90, lon là kinh độ từ -180 đến 180 "
                             "(số thập phân).", code="invalid_position",
                             message_en="Invalid position: lat is a latitude from -90 to 90, lon a longitude from "
                                        "-180 to 180 (decimal numbers).")
    if len(given) < 2:
        raise Unprocessable("Cần cả vĩ độ (lat) và kinh độ (lon) để tìm nơi gần nhất.", code="position_incomplete",
                            message_en="Both the latitude (lat) and the longitude (lon) are needed to find the nearest.")
    return float(lat), float(lon)


def field_of(centre: Centre, procedure_id: str) -> str | None:
    """The field whose queue a procedure's visitors join here, when this centre issues tickets for it (an
    enabled procedure, not sent elsewhere, of an enabled field with a ticket prefix); None otherwise."""
    procedure = centre.config.procedure(procedure_id)
    if procedure is None or not procedure.enabled or procedure.redirect:
        return None
    field = centre.config.field(procedure.field_id)
    return field.id if field is not None and field.enabled and field.prefix is not None else None


_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # centre → {procedure_id: (read at, entry)}
_lock = threading.Lock()


def forget(centre: Centre | None = None) -> None:
    """Drops the entries kept for `centre` (every centre: None)."""
    with _lock:
        if centre is None:
            _kept.clear()
        else:
            _kept.pop(centre, None)


def _kept_for(centre: Centre) -> dict:
    with _lock:
        entries = _kept.get(centre)
        if entries is None:
            entries = _kept[centre] = {}
            centre.db.listeners.append(_forgetting(weakref.ref(centre)))
        return entries


def _forgetting(centre_ref):
    def listener(_name: str, _payload: dict) -> None:  # a change committed at the centre, in this process
        centre = centre_ref()
        if centre is not None:
            forget(centre)
    return listener


def centre_entry(centre: Centre, procedure_id: str | None = None, reading=None) -> dict | None:
    """centre_state, as read at most FRESH_SECONDS ago (a copy: the caller may add to it). `reading`: how to
    open the centre's read session (city_reads.centre_readers), by default its own."""
    entries, now = _kept_for(centre), time.monotonic()
    kept = entries.get(procedure_id)
    if kept is None or now - kept[0] >= FRESH_SECONDS:
        kept = entries[procedure_id] = (now, centre_state(centre, procedure_id, reading))
    return None if kept[1] is None else dict(kept[1])


def centre_state(centre: Centre, procedure_id: str | None = None, reading=None) -> dict | None:
    """One centre's entry (without distance); None when `procedure_id` is given and no counter here serves it.
    `waiting`, `eta_minutes`: of that procedure's field, else the whole centre's waiting and the longest of
    its fields' waits. `eta_minutes` is None while no staffed counter serves (as on the kiosk's ticket)."""
    with (reading or (lambda each: each.db.reading()))(centre) as session:
        rows = session.connection().execute(_VERSION).all()  # an admin's edit, maybe in another process
        centre_settings.refresh(centre, version=centre_settings.version_of(rows[0].value) if rows else None)
        config = centre.config
        wanted = None if procedure_id is None else field_of(centre, procedure_id)
        if procedure_id is not None and wanted is None:
            return None
        counters = queue_state.counter_rows(session, centre)
        served = {f for c in counters for f in c.field_ids}
        if wanted is not None and wanted not in served:
            return None
        fields = [wanted] if wanted else [f.id for f in config.fields if f.enabled and f.prefix and f.id in served]
        lines = line_counts(session, centre)
        etas = newcomer_waits(session, centre, counters, lines, fields)
    waiting = by_field(lines).get(wanted, 0) if wanted else sum(lines.values())
    known = [m for m in etas.values() if m is not None]
    eta = etas.get(wanted) if wanted else (max(known) if known else None)
    return {"id": centre.id, "name": config.name, "name_en": config.name_en, "address": config.address,
            "lat": config.lat, "lon": config.lon,
            "open_now": hours.is_open(config.opening_hours, centre.now(), config.timezone),
            "waiting": waiting, "eta_minutes": None if eta is None else estimates.rounded(eta),
            "url": centre_root(centre.id) + "/"}


def newcomer_waits(session, centre: Centre, counters, lines, fields: list[str]) -> dict[str, float | None]:
    """{field: minutes until a normal ticket issued now would be called}, None without a staffed desk."""
    staffed = {f for c in counters if c.staffed for f in c.field_ids}
    if not staffed & set(fields):
        return {f: None for f in fields}
    minutes = service_minutes_by_field(session, centre, staffed | set(fields) | {f for (f, _t), n in lines.items() if n})
    desks = queue_state.staffed_desks(session, centre, counters, minutes)
    policy, later = queue_state.policy_of(centre), centre.now() + timedelta(days=1)
    waits, replay = {}, []
    for field_id in fields:
        newcomer = Candidate(ticket_id=2**62, field_id=field_id, priority=None, queued_at=later)
        outlook = forecast.appended(newcomer, lines, desks, policy, minutes)
        if outlook is None:
            replay.append(field_id)
        else:
            waits[field_id] = outlook.minutes
    if replay:  # desks sharing fields unevenly: today's queue, played forward once for all these fields
        idle = arrival.idle_after(queue_state.waiting_candidates(session, centre), desks, policy, minutes)
        waits.update({f: arrival.newcomer_minutes(f, desks, idle) for f in replay})
    return waits


def centres(city: City, procedure_id: str | None = None, position: tuple[float, float] | None = None) -> list[dict]:
    """The city's centres (those serving `procedure_id`, when given), nearest `position` first (centres
    without coordinates last), else in the city's order. 404 for a procedure no centre knows."""
    if procedure_id is not None and all(c.config.procedure(procedure_id) is None for c in city):
        raise NotFound(f"Không có thủ tục nào mang mã “{procedure_id}”.", code="unknown_procedure",
                       message_en=f"There is no procedure called “{procedure_id}”.")
    with centre_readers(city) as reading:  # on PostgreSQL, one connection for the centres not kept
        entries = [e for e in (centre_entry(c, procedure_id, reading) for c in city) if e is not None]
    if position is not None:
        for entry in entries:
            entry["distance_km"] = _distance(entry, position)
        entries.sort(key=lambda e: (e["distance_km"] is None, e["distance_km"] or 0.0))
    return entries


def one_centre(city: City, centre_id: str, procedure_id: str | None = None,
               position: tuple[float, float] | None = None) -> dict:
    centre = city.get(centre_id)
    if centre is None:
        raise NotFound(f"Không có trung tâm nào mang mã “{centre_id}”.", code="unknown_centre",
                       message_en=f"There is no centre called “{centre_id}”.")
    entry = centre_entry(centre, procedure_id)
    if entry is None:
        raise NotFound("Trung tâm này không giải quyết thủ tục đó.", code="procedure_not_served",
                       message_en="This centre does not handle that procedure.")
    if position is not None:
        entry["distance_km"] = _distance(entry, position)
    return entry


def _distance(entry: dict, position: tuple[float, float]) -> float | None:
    if entry["lat"] is None or entry["lon"] is None:
        return None
    return round(distance_km(position[0], position[1], entry["lat"], entry["lon"]), 2)
