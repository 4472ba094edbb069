"""Satisfaction ratings: one per served ticket, on the centre's scale, from the counter's tablet or the phone.

The tablet is a device with a `counter-tablet` token bound to its counter; the visitor's own rating from the
tracking page replaces a tablet's rating (anyone standing at the counter could have tapped the tablet), a
tablet never replaces the visitor's.

A rating is taken only for a ticket that was served (its history has a completion). It copies the counter
and the staff member of that completion, and the dossier code when staff entered one, so reports can read
ratings without going back through the history. The scale is the centre's `satisfaction` section, read and
checked with the rest of its config (config_reader.py) into `centre.config.satisfaction`:

    satisfaction:
      levels:                       # best first; the value is what is stored
        - {value: 3, vi: Rất hài lòng, en: Very satisfied}
        - {value: 2, vi: Hài lòng, en: Satisfied}
        - {value: 1, vi: Không hài lòng, en: Not satisfied}
      satisfied_from: 2             # ratings at or above count as satisfied in reports
      tablet_minutes: 15            # how long after service the counter's tablet offers the rating
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.centre_config import Scale, nfc
from queue_server.context import Centre
from queue_server.errors import ApiError, Conflict, NotFound, Unprocessable
from queue_server.services import personal_data
from queue_server.services.queue_state import local_iso, public_ticket

MAX_COMMENT = 1000
MAX_DOSSIER_CODE = 64
TRACKING_DAYS = 1  # a tracking link works on its service day and the day after (for a late rating)


def scale_of(centre: Centre) -> Scale:
    """The centre's current rating scale (read and checked with the rest of its config)."""
    return centre.config.satisfaction


def ticket_for_token(session: Session, centre: Centre, token: str) -> models.Ticket:
    """The ticket behind a tracking link; NotFound for an unknown token, 410 expired for an old one."""
    ticket = session.scalar(select(models.Ticket).where(models.Ticket.track_token == token)) if token else None
    if ticket is None:
        raise NotFound("Không tìm thấy phiếu này", code="not_found", message_en="This ticket was not found")
    if is_expired(centre, ticket):
        raise ApiError("Phiếu này đã hết hạn theo dõi", code="expired", status=410,
                       service_day=ticket.service_day.isoformat(), message_en="This ticket's link has expired")
    return ticket


def is_expired(centre: Centre, ticket: models.Ticket) -> bool:
    last_day = ticket.service_day + timedelta(days=TRACKING_DAYS)
    return centre.now() >= datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=centre.config.timezone)


def completion(session: Session, ticket_id: int) -> models.TicketEvent | None:
    return session.scalar(select(models.TicketEvent).where(
        models.TicketEvent.ticket_id == ticket_id, models.TicketEvent.kind == "completed")
        .order_by(models.TicketEvent.id.desc()).limit(1))


def rating_view(centre: Centre, rating: models.Rating) -> dict:
    return {"ticket_id": rating.ticket_id, "score": rating.score, "label": scale_of(centre).label(rating.score),
            "comment": rating.comment, "counter_number": rating.counter_number, "source": rating.source,
            "dossier_code": rating.dossier_code, "created_at": local_iso(centre, rating.created_at)}


def state_for_token(centre: Centre, token: str) -> dict:
    """state() of the ticket behind a tracking link (what its page asks before showing the rating form)."""
    with centre.db.reading() as session:
        return state(session, centre, ticket_for_token(session, centre, token))


def state(session: Session, centre: Centre, ticket: models.Ticket, source: str = "tracking") -> dict:
    """Whether the ticket can be rated now from `source`, and its rating if it has one. The visitor's phone
    may still rate over a tablet's rating (the tablet stands where anyone can tap it), never the reverse."""
    rating = session.scalar(select(models.Rating).where(models.Rating.ticket_id == ticket.id))
    if rating is not None and not _replaceable(rating, source):
        reason = "already_rated"
    else:
        rating = None
        served = ticket.status == "done" and completion(session, ticket.id) is not None
        reason = None if served else "not_served"
    return {"can_rate": reason is None, "reason": reason, "scale": scale_of(centre).as_json(),
            "rating": rating_view(centre, rating) if rating else None}


def _replaceable(rating: models.Rating, source: str) -> bool:
    return source == "tracking" and rating.source == "tablet"


def _record(session: Session, centre: Centre, ticket: models.Ticket, score, comment, source: str) -> dict:
    scale = scale_of(centre)
    if not isinstance(score, int) or isinstance(score, bool) or score not in {l.value for l in scale.levels}:
        raise Unprocessable(f"Score must be one of {', '.join(str(l.value) for l in scale.levels)}",
                            code="invalid_score")
    comment = nfc((comment or "").strip())
    if len(comment) > MAX_COMMENT:
        raise Unprocessable(f"The comment is longer than {MAX_COMMENT} characters", code="comment_too_long")
    comment = personal_data.mask_contacts(comment)  # a phone number or e-mail is not kept for a year
    done = completion(session, ticket.id)
    if ticket.status != "done" or done is None:
        raise Conflict("Phiếu chưa được phục vụ xong, chưa thể đánh giá / "
                       "This ticket has not been served yet; it can be rated after service", code="not_served")
    rating = session.scalar(select(models.Rating).where(models.Rating.ticket_id == ticket.id))
    if rating is not None and not _replaceable(rating, source):
        raise Conflict("Phiếu này đã được đánh giá. Xin cảm ơn!", code="already_rated",
                       message_en="This ticket has already been rated. Thank you!")
    if rating is None:
        dossier = session.get(models.TicketDossier, ticket.id)
        rating = models.Rating(ticket_id=ticket.id, service_day=ticket.service_day,
                               counter_number=done.counter_number, staff=done.actor,
                               dossier_code=dossier.dossier_code if dossier else None)
        session.add(rating)
    rating.score, rating.comment, rating.source, rating.created_at = score, comment, source, centre.now()
    try:
        session.flush()  # the unique ticket_id settles two ratings sent at the same moment
    except IntegrityError:
        raise Conflict("Phiếu này đã được đánh giá / This ticket has already been rated",
                       code="already_rated") from None
    return rating_view(centre, rating)


def rate_by_token(centre: Centre, token: str, score, comment) -> dict:
    """A rating from the visitor's phone (the tracking page)."""
    with centre.db.transaction() as (session, _):
        return _record(session, centre, ticket_for_token(session, centre, token), score, comment, "tracking")


def last_served(session: Session, centre: Centre, counter_number: int) -> models.Ticket | None:
    """The ticket this counter finished last, if it finished it within the tablet's window."""
    E = models.TicketEvent
    row = session.execute(select(E.ticket_id, E.at).where(E.kind == "completed", E.counter_number == counter_number)
                          .order_by(E.at.desc(), E.id.desc()).limit(1)).first()
    if row is None or centre.now() - row.at > timedelta(minutes=scale_of(centre).tablet_minutes):
        return None
    return session.get(models.Ticket, row.ticket_id)


def tablet_view(centre: Centre, counter_number: int) -> dict:
    """What the counter's tablet shows: the ticket just served there, and whether it can still be rated.

    Public (the tablet's page loads it before it knows its token): no rating, so no comment and no dossier
    code, only whether the visit was rated."""
    with centre.db.reading() as session:
        if session.get(models.Counter, counter_number) is None:
            raise NotFound(f"No counter {counter_number}", code="unknown_counter")
        ticket = last_served(session, centre, counter_number)
        if ticket is None:
            return {"ticket": None, "can_rate": False, "reason": "nobody_served", "rating": None,
                    "scale": scale_of(centre).as_json()}
        return {"ticket": public_ticket(centre, ticket), **state(session, centre, ticket, "tablet"), "rating": None}


def rate_at_counter(centre: Centre, counter_number: int, ticket_id: int, score, comment) -> dict:
    """A rating on the counter's tablet: only for the ticket that counter served last, shortly after."""
    with centre.db.transaction() as (session, _):
        if session.get(models.Counter, counter_number) is None:
            raise NotFound(f"No counter {counter_number}", code="unknown_counter")
        ticket = session.get(models.Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"No ticket {ticket_id}", code="unknown_ticket")
        latest = last_served(session, centre, counter_number)
        if latest is None or latest.id != ticket.id:
            if ticket.status != "done":
                raise Conflict("This ticket has not been served yet; it can be rated after service",
                               code="not_served")
            raise Conflict(f"Ticket {ticket.number} is not the one counter {counter_number} has just served",
                           code="not_last_served")
        return _record(session, centre, ticket, score, comment, "tablet")


def set_dossier_code(centre: Centre, ticket_id: int, code: str, actor: str) -> dict:
    """Staff note the dossier code of a ticket's case; a rating given earlier gets it too."""
    code = (code or "").strip()
    if not code or len(code) > MAX_DOSSIER_CODE:
        raise Unprocessable(f"A dossier code has 1 to {MAX_DOSSIER_CODE} characters", code="invalid_dossier_code")
    with centre.db.transaction() as (session, _):
        ticket = session.get(models.Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"No ticket {ticket_id}", code="unknown_ticket")
        dossier = session.get(models.TicketDossier, ticket_id)
        if dossier is None:
            dossier = models.TicketDossier(ticket_id=ticket_id)
            session.add(dossier)
        dossier.dossier_code, dossier.entered_by, dossier.entered_at = code, actor, centre.now()
        rating = session.scalar(select(models.Rating).where(models.Rating.ticket_id == ticket_id))
        if rating is not None:
            rating.dossier_code = code
        return {"ticket_id": ticket_id, "number": ticket.number, "dossier_code": code}


def tablet_counter(centre: Centre, number: int) -> dict:
    """The counter a rating tablet stands beside: number, name, location."""
    with centre.db.reading() as db_session:
        counter = db_session.get(models.Counter, number)
        if counter is None:
            raise NotFound(f"Không có quầy {number}", code="unknown_counter", message_en=f"No counter {number}")
        return {"number": counter.number, "name": counter.name, "location": counter.location}
