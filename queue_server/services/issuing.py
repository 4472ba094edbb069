"""Issuing a ticket: one transaction that allocates the number, records the event and queues the print job.

A number is allocated by an atomic upsert on number_sequences (one row per prefix and local day), so two
processes can never draw the same number; the unique constraint on tickets is the second line of defence.
"""

from __future__ import annotations

import secrets

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Conflict, NotFound, Unprocessable
from queue_server.rules import hours
from queue_server.rules.numbering import format_number
from queue_server.services import events, printing
from queue_server.services.queue_state import (counter_rows, issued_position, ticket_view, today,
                                                waiting_by_field, waiting_candidates)
from queue_server.services.waiting_lines import by_field, line_counts


# The atomic allocation, written out: SQLAlchemy does not cache its dialects' ON CONFLICT inserts (they were
# compiled again on every issue), and SQLite and PostgreSQL spell this upsert the same way.
_ALLOCATE = text(
    "INSERT INTO number_sequences (service_day, prefix, last_value) VALUES (:day, :prefix, 1) "
    "ON CONFLICT (service_day, prefix) DO UPDATE SET last_value = number_sequences.last_value + 1 "
    "RETURNING last_value"
).bindparams(bindparam("day", type_=models.NumberSequence.service_day.type),
             bindparam("prefix", type_=models.NumberSequence.prefix.type))


def allocate_sequence(session: Session, day, prefix: str) -> int:
    return session.connection().execute(_ALLOCATE, {"day": day, "prefix": prefix}).scalar_one()


# A Core INSERT: the ORM's unit of work costs more than the rest of the issue, and nothing here needs the
# row in the session (the ticket object below is only read, for the views and events).
_INSERT_TICKET = insert(models.Ticket.__table__).returning(models.Ticket.__table__.c.id)


def check_open(centre: Centre) -> None:
    config, now = centre.config, centre.now()
    if not hours.is_open(config.opening_hours, now, config.timezone):
        opening = hours.next_opening(config.opening_hours, now, config.timezone)
        words = hours.describe_next_opening(opening, now, config.timezone)
        raise Unprocessable(f"Ngoài giờ làm việc, chưa lấy được số. {words['vi']}", code="centre_closed",
                            message_en=f"The centre is closed; no tickets now. {words['en']}",
                            next_opening=opening.isoformat() if opening else None)


def issue_ticket(centre: Centre, procedure_id: str, priority: str | None, kiosk_id: str | None,
                 actor: str, base_url: str, language: str = "vi") -> dict:
    config = centre.config
    if priority is not None and priority not in {c.id for c in config.priority_categories}:
        raise Unprocessable(f"Unknown priority category {priority!r}; use one of: "
                            + ", ".join(c.id for c in config.priority_categories), code="unknown_priority")
    with centre.db.transaction() as (session, outbox):
        # centre.config holds the catalogue as the database has it (rebuilt when an admin changes it).
        procedure = config.procedure(procedure_id)
        field = config.field(procedure.field_id) if procedure else None
        if procedure is None or field is None or not procedure.enabled or not field.enabled:
            raise NotFound(f"Unknown procedure {procedure_id!r}", code="unknown_procedure")
        if field.prefix is None:
            where = procedure.redirect or "Công an cấp xã / VNeID"
            raise Conflict(f"Thủ tục \"{procedure.name_vi}\" không làm tại trung tâm: xin liên hệ {where}.",
                           code="redirect", redirect=where,
                           message_en=f"\"{procedure.name_en}\" is not handled here: please go to {where}.")
        check_open(centre)
        now, day = centre.now(), today(centre)
        sequence = allocate_sequence(session, day, field.prefix)
        if sequence > config.cap_for(field.id):
            # Raising rolls the allocation back, so the sequence does not creep past the cap.
            raise Unprocessable(f"Đã hết số thứ tự hôm nay cho lĩnh vực {field.name_vi}. Xin quay lại ngày làm việc sau.",
                                code="daily_cap_reached",
                                message_en=f"No more tickets today for {field.name_en}. Please come back on the next working day.")
        row = dict(service_day=day, prefix=field.prefix, sequence=sequence,
                   number=format_number(field.prefix, sequence, config.digits),
                   field_id=field.id, procedure_id=procedure.id, priority=priority, status="issued",
                   kiosk_id=kiosk_id, issued_at=now, queued_at=now, recall_count=0,
                   track_token=secrets.token_urlsafe(16), language=language)
        ticket = models.Ticket(id=session.connection().execute(_INSERT_TICKET, row).scalar_one(), **row)
        events.write_ticket_event(session, ticket.id, "issued", now, actor,
                                  detail={"kiosk_id": kiosk_id, "priority": priority})
        # The new ticket's place and wait, and the queue_changed counts, from the counts per line (a few rows,
        # whatever the queue: rules/forecast.appended); the whole queue is read only when they cannot tell
        # (a priority ticket, or desks sharing fields unevenly), to play the calling rule forward.
        counters, lines = counter_rows(session, centre), line_counts(session, centre)
        position = issued_position(session, centre, ticket, counters, lines)
        waiting = None if position else waiting_candidates(session, centre)
        view = ticket_view(session, centre, ticket, base_url, counters, waiting, position)
        if kiosk_id:
            printing.queue_print_job(session, outbox, centre, ticket, view, kiosk_id)
        events.ticket_changed(session, outbox, centre, ticket, "issued",
                              waiting=by_field(lines) if position else waiting_by_field(waiting))
        return view


def find_by_number(session: Session, centre: Centre, prefix: str, sequence: int) -> models.Ticket | None:
    return session.scalar(select(models.Ticket).where(
        models.Ticket.service_day == today(centre), models.Ticket.prefix == prefix,
        models.Ticket.sequence == sequence))
