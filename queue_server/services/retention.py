"""How long what the centre records is kept (`security.retention_days`, `security.audit_retention_days`).

A ticket holds no name, ID number or phone: only its number, procedure, priority category, times, the kiosk,
an unguessable tracking token, the staff who served it (event actors), maybe a dossier code and a rating
comment the visitor typed. Even so nothing is kept for ever: `python -m queue_server purge` (run it daily,
e.g. from cron or a systemd timer) deletes whole service days older than the retention, each ticket with its
events, print jobs, dossier code and rating, plus the day's number sequences; and audit log entries older
than the audit retention. Whole days go, so a report of any kept day counts exactly what it did before.
Help requests (a visitor's question to staff) go after a day whatever the retention
(help_requests.KEEP_HOURS): the desk needs them for minutes. Appointments lose their name and phone after
`appointments.retention_days` (services/appointment_retention.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select

from queue_server import models
from queue_server.context import Centre
from queue_server.rules.numbering import service_day
from queue_server.services import appointment_retention, help_requests

BATCH = 500  # tickets per transaction, so a first purge of years of history never holds a long lock


@dataclass
class PurgeResult:
    before_day: date | None  # tickets of service days before this one were removed (None: kept for ever)
    audit_before: object | None
    tickets: int = 0
    events: int = 0
    ratings: int = 0
    print_jobs: int = 0
    dossiers: int = 0
    audit_entries: int = 0
    help_requests: int = 0
    appointment_people: int = 0  # bookings whose name and phone were cleared
    dry_run: bool = False

    def summary(self) -> str:
        verb = "Would delete" if self.dry_run else "Deleted"
        tickets = (f"{self.tickets} ticket(s) of days before {self.before_day} ({self.events} event(s), "
                   f"{self.ratings} rating(s), {self.print_jobs} print job(s), {self.dossiers} dossier code(s))"
                   if self.before_day else "no tickets (security.retention_days: forever)")
        audit = (f"{self.audit_entries} audit entr(ies) before {self.audit_before:%Y-%m-%d}"
                 if self.audit_before else "no audit entries (security.audit_retention_days: forever)")
        return (f"{verb} {tickets}; {audit}; {self.help_requests} help request(s) older than a day; "
                f"name and phone of {self.appointment_people} appointment(s).")


def purge(centre: Centre, retention_days: int | None = None, audit_days: int | None = None,
          dry_run: bool = False) -> PurgeResult:
    """Deletes the tickets of days older than the retention (today is day 0) and old audit entries."""
    security = centre.config.security
    retention_days = retention_days if retention_days is not None else security.retention_days
    audit_days = audit_days if audit_days is not None else security.audit_retention_days
    now = centre.now()
    today = service_day(now, centre.config.timezone)
    before_day = today - timedelta(days=retention_days) if retention_days else None
    audit_before = now - timedelta(days=audit_days) if audit_days else None
    result = PurgeResult(before_day=before_day, audit_before=audit_before, dry_run=dry_run)
    T = models.Ticket
    if before_day is not None:
        if dry_run:
            with centre.db.reading() as session:
                old = select(T.id).where(T.service_day < before_day)
                result.tickets = session.scalar(select(func.count()).select_from(old.subquery()))
                for model, attribute in _dependents():
                    count = session.scalar(select(func.count()).select_from(model).where(
                        getattr(model, attribute).in_(old)))
                    setattr(result, _counter_name(model), count)
        else:
            while True:
                with centre.db.transaction() as (session, _):
                    ids = session.scalars(select(T.id).where(T.service_day < before_day).order_by(T.id)
                                          .limit(BATCH)).all()
                    if not ids:
                        session.execute(delete(models.NumberSequence).where(
                            models.NumberSequence.service_day < before_day))
                        break
                    for model, attribute in _dependents():
                        deleted = session.execute(delete(model).where(getattr(model, attribute).in_(ids)))
                        setattr(result, _counter_name(model), getattr(result, _counter_name(model)) + deleted.rowcount)
                    result.tickets += session.execute(delete(T).where(T.id.in_(ids))).rowcount
    H = models.HelpRequest
    old_help = H.created_at < now - timedelta(hours=help_requests.KEEP_HOURS)
    if dry_run:
        with centre.db.reading() as session:
            result.help_requests = session.scalar(select(func.count()).select_from(H).where(old_help))
    else:
        with centre.db.transaction() as (session, _):
            result.help_requests = session.execute(delete(H).where(old_help)).rowcount
    result.appointment_people = appointment_retention.purge_people(centre, dry_run)
    if audit_before is not None:
        A = models.AuditEntry
        if dry_run:
            with centre.db.reading() as session:
                result.audit_entries = session.scalar(select(func.count()).select_from(A).where(A.at < audit_before))
        else:
            with centre.db.transaction() as (session, _):
                result.audit_entries = session.execute(delete(A).where(A.at < audit_before)).rowcount
    return result


def _dependents():
    return ((models.TicketEvent, "ticket_id"), (models.Rating, "ticket_id"), (models.PrintJob, "ticket_id"),
            (models.TicketDossier, "ticket_id"))


def _counter_name(model) -> str:
    return {models.TicketEvent: "events", models.Rating: "ratings", models.PrintJob: "print_jobs",
            models.TicketDossier: "dossiers"}[model]
