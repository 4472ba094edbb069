"""Reading one ticket for the API: by its number today (public lookup, staff search), by its tracking token
(the visitor's phone) or by id with its history (staff). Views stay thin; each read is one database session."""

from __future__ import annotations

from sqlalchemy import select

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import BadRequest, NotFound
from queue_server.rules.numbering import parse_number
from queue_server.services import issuing, queue_state
from queue_server.services.ratings import ticket_for_token

PUBLIC_KEYS = ("number", "status", "people_ahead", "eta_minutes", "counters")


def _parsed(number: str) -> tuple:
    parsed = parse_number(number)
    if parsed is None:
        raise BadRequest(f"{number!r} is not a ticket number like A-025", code="invalid_number")
    return parsed


def lookup(centre: Centre, number: str, base_url: str) -> dict:
    """Where a number stands today, saying no more than a public route may: status, position and wait."""
    parsed = _parsed(number)
    with centre.db.reading() as db_session:
        ticket = issuing.find_by_number(db_session, centre, *parsed)
        if ticket is None:
            raise NotFound(f"Không có số {number} hôm nay", code="not_found", message_en=f"No ticket {number} today")
        view = queue_state.ticket_view(db_session, centre, ticket, base_url)
    return ({key: view[key] for key in PUBLIC_KEYS}
            | {"called_counter": view["counter_number"] if view["status"] in ("called", "serving") else None})


def for_staff(centre: Centre, number: str) -> dict:
    """Today's ticket by number with the kiosk that issued it, for reprinting."""
    parsed = _parsed(number)
    with centre.db.reading() as db_session:
        ticket = issuing.find_by_number(db_session, centre, *parsed)
        if ticket is None:
            raise NotFound(f"Không có số {number} hôm nay", code="unknown_ticket", message_en=f"No ticket {number} today")
        return {**queue_state.public_ticket(centre, ticket), "kiosk_id": ticket.kiosk_id}


def tracked(centre: Centre, token: str, base_url: str) -> dict:
    """The ticket behind a QR code's unguessable token: what the visitor's phone shows."""
    with centre.db.reading() as db_session:
        ticket = db_session.scalar(select(models.Ticket).where(models.Ticket.track_token == token))
        if ticket is None:
            raise NotFound("Không tìm thấy phiếu", code="not_found", message_en="Ticket not found")
        return queue_state.ticket_view(db_session, centre, ticket, base_url)


def tracking_page(centre: Centre, token: str, in_city: bool = False) -> dict:
    """What the tracking page needs to start (it follows the rest live); the same errors as the ticket's
    rating state (unknown or expired link). `in_city`: other centres may serve the same procedure."""
    with centre.db.reading() as db_session:
        ticket = ticket_for_token(db_session, centre, token)
        page = {"token": token, "ticket_id": ticket.id, "number": ticket.number, "language": ticket.language,
                "centre_name": {"vi": centre.config.name, "en": centre.config.name_en}}
        nearby = nearby_hint(centre, ticket) if in_city else None
        return page | ({"nearby": nearby} if nearby else {})


def nearby_hint(centre: Centre, ticket: models.Ticket) -> dict | None:
    """What the page needs to tell a visitor whose wait passes the threshold of the kiosk that issued the
    ticket (`nearby_wait_minutes`, 0: never) that nearby centres serving the procedure wait less now
    (static/js/tracking-nearby.js); None when it never would."""
    config = centre.config
    limit = config.kiosk_settings(ticket.kiosk_id).nearby_wait_minutes
    if not limit or config.lat is None or config.lon is None:
        return None
    return {"centre_id": centre.id, "lat": config.lat, "lon": config.lon, "wait_minutes": limit,
            "procedure_id": ticket.procedure_id}


def with_history(centre: Centre, ticket_id: int, base_url: str) -> dict:
    """A ticket with its whole event history, for staff."""
    with centre.db.reading() as db_session:
        ticket = db_session.get(models.Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"No ticket {ticket_id}", code="unknown_ticket")
        view = queue_state.ticket_view(db_session, centre, ticket, base_url)
        view["events"] = [{"kind": e.kind, "at": queue_state.local_iso(centre, e.at), "counter_number": e.counter_number,
                           "actor": e.actor, "detail": e.detail} for e in ticket.events]
        return view
