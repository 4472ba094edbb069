"""What a counter console shows beyond its counter's actions: every counter with its holder and whether it is
staffed, the tickets its counter holds, and the kiosks' printer alerts. One read, for GET /api/v1/console."""

from __future__ import annotations

from sqlalchemy import select

from queue_server import models
from queue_server.context import Centre
from queue_server.services import counter_claims, counter_work, printing, queue_state


def printer_alerts(centre: Centre, db_session=None) -> list[dict]:
    """Kiosk printers that are not online (paper low or out, offline, unknown)."""
    if db_session is None:
        with centre.db.reading() as db_session:
            return printer_alerts(centre, db_session)
    rows = db_session.scalars(select(models.DeviceStatus).where(models.DeviceStatus.printer_status != "online")
                              .order_by(models.DeviceStatus.device_id)).all()
    return [{"device_id": r.device_id, "printer_status": r.printer_status, "detail": r.detail,
             "updated_at": queue_state.local_iso(centre, r.updated_at)} for r in rows]


def snapshot(centre: Centre, username: str, role: str, claim_key: str | None) -> dict:
    """The console's state for this user and browser session (claim_key), as the console page reads it."""
    with centre.db.reading() as db_session:
        claims = {c.counter_number: c for c in db_session.scalars(select(models.CounterClaim))}
        user = db_session.scalar(select(models.StaffUser).where(models.StaffUser.username == username))
        assigned = [c.number for c in user.counters] if user else []
        mine = next((n for n, c in claims.items() if c.username == username and c.session_key == claim_key), None)
        counters = db_session.scalars(select(models.Counter).order_by(models.Counter.number)).all()
        staffed = {c.number for c in queue_state.counter_rows(db_session, centre) if c.staffed}
        held = counter_work.held_tickets(db_session, centre, mine) if mine else []
        return {
            "user": {"username": username, "role": role, "display_name": user.display_name if user else username},
            "claim": counter_claims.claim_id(claim_key) if claim_key else None,
            "counter_number": mine,
            "counters": [{"number": c.number, "name": c.name, "open": c.is_open, "closed_reason": c.closed_reason,
                          "staffed": c.number in staffed,
                          "holder": claims[c.number].username if c.number in claims else None,
                          "assigned": not assigned or c.number in assigned} for c in counters],
            "held": [queue_state.public_ticket(centre, t) for t in held],
            "printer_alerts": printer_alerts(centre, db_session),
            "kiosks": printing.reprint_kiosks(centre.config),
        }
