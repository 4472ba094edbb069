"""The live events every client listens to. Names are past tense; public payloads carry no personal data.

Rooms: "public" (every connection: displays, kiosks, counters), "counter:<n>" (only the staff member holding
the counter: it may carry a colleague's note), "kiosk:<id>"; and, for closing them, no events:
"token:<name>" (connections made with that token) and "account:<username>" (made with that session). Events
are queued in the transaction's outbox and sent after it commits.
"""

from sqlalchemy import insert
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.db import Outbox
from queue_server.services.queue_state import counter_brief, field_counts, public_ticket
from queue_server.services.service_times import forget_service_times

PUBLIC = "public"
# Sent by a server process to its own clients after an outage of the message queue between processes
# (realtime.ResilientRedisManager): they may have missed events, so they reload their snapshot.
RESYNC = "resync"


def counter_room(number: int) -> str:
    return f"counter:{number}"


def kiosk_room(kiosk_id: str) -> str:
    return f"kiosk:{kiosk_id}"


def token_room(name: str) -> str:
    """Every live connection made with a token of this name: closed when its tokens are revoked."""
    return f"token:{name}"


def account_room(username: str) -> str:
    """Every live connection made with this staff account's session: closed when its sessions end."""
    return f"account:{username}"


_INSERT_TICKET_EVENT = insert(models.TicketEvent.__table__)


def write_ticket_event(session: Session, ticket_id: int, kind: str, at, actor: str | None,
                       counter_number: int | None = None, detail: dict | None = None) -> None:
    """One row of the ticket's history (ticket_events), by a Core INSERT in the session's transaction: the
    ORM's unit of work cost more than the rest of a call, and nothing reads the row back in the same one."""
    session.connection().execute(_INSERT_TICKET_EVENT, {
        "ticket_id": ticket_id, "kind": kind, "at": at, "counter_number": counter_number, "actor": actor,
        "detail": {} if detail is None else detail})


def ticket_changed(session: Session, outbox: Outbox, centre: Centre, ticket: models.Ticket, kind: str,
                   counter: models.Counter | None = None, waiting: dict[str, int] | None = None) -> None:
    """Queue 'ticket_<kind>' for everyone (counter pages filter by counter), then the new waiting counts.

    One queue_changed per transaction, after its ticket events: a call that also closes the previous visitor
    sends ticket_completed, ticket_called, then a single queue_changed, counted once just before the commit.
    `waiting` (the waiting counts per field, when the caller has them) saves the count query.
    """
    if kind == "completed":
        forget_service_times(centre, ticket.field_id)
    payload = {"ticket": public_ticket(centre, ticket), "counter": counter_brief(counter) if counter else None}
    outbox.add(f"ticket_{kind}", payload, PUBLIC)
    outbox.add_closing("queue_changed", PUBLIC,  # counted once, when the transaction's changes are all made
                       lambda session: {"fields": field_counts(centre, session, waiting), "reason": f"ticket_{kind}"})
