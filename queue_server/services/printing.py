"""Print jobs: stored with the ticket, fetched and acknowledged by the kiosk's print agent.

A job stays pending until the agent says it printed, so a restart of the agent, the printer or the server
loses none; a failed attempt is counted and retried. A printer problem never touches the ticket itself.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.db import Outbox
from queue_server.errors import NotFound, Unprocessable
from queue_server.services import events
from queue_server.services.queue_state import local_iso, ticket_view

PRINTER_STATUSES = ("online", "paper_near_end", "paper_out", "offline", "unknown")


def job_view(centre: Centre, job: models.PrintJob, ticket: dict) -> dict:
    # The counters' English, for a ticket printed in English (the ticket's view carries the Vietnamese only).
    english = {c.number: {"name_en": c.name_en, "location_en": c.location_en} for c in centre.config.counters}
    ticket = {**ticket, "counters": [{**english.get(c.get("number"), {}), **c} for c in ticket.get("counters", [])]}
    return {"id": job.id, "kind": job.kind, "status": job.status, "attempts": job.attempts,
            "last_error": job.last_error, "created_at": local_iso(centre, job.created_at),
            "centre": {"name": centre.config.name, "name_en": centre.config.name_en, "address": centre.config.address},
            "ticket": ticket}


_INSERT_JOB = insert(models.PrintJob.__table__).returning(models.PrintJob.__table__.c.id)


def queue_print_job(session: Session, outbox: Outbox, centre: Centre, ticket: models.Ticket, view: dict,
                    kiosk_id: str, kind: str = "ticket") -> models.PrintJob:
    device = centre.config.device(kiosk_id)
    printing_kiosk = device.printing_kiosk if device else kiosk_id
    row = dict(kiosk_id=printing_kiosk, ticket_id=ticket.id, kind=kind, status="pending", attempts=0,
               last_error=None, created_at=centre.now())
    # A Core INSERT (as the ticket's, issuing.py): the job object is only read, for the event below.
    job = models.PrintJob(id=session.connection().execute(_INSERT_JOB, row).scalar_one(), **row)
    outbox.add("print_job_created", job_view(centre, job, view), f"kiosk:{printing_kiosk}")
    return job


def pending_jobs(centre: Centre, kiosk_id: str, base_url: str) -> list[dict]:
    with centre.db.reading() as session:
        jobs = session.scalars(select(models.PrintJob).where(
            models.PrintJob.kiosk_id == kiosk_id, models.PrintJob.status == "pending")
            .order_by(models.PrintJob.id)).all()
        return [job_view(centre, job, ticket_view(session, centre, job.ticket, base_url)) for job in jobs]


def reprint_kiosks(config) -> list[dict]:
    """The kiosks a ticket can be reprinted at: those with a printer of their own (not a robot's print_via)."""
    return [{"id": d.id, "name": d.name} for d in config.devices if d.kind == "kiosk" and not d.print_via]


def acknowledge(centre: Centre, kiosk_id: str, job_id: int, status: str, error: str | None, base_url: str) -> dict:
    if status not in ("printed", "failed"):
        raise Unprocessable("status must be 'printed' or 'failed'", code="invalid_status")
    with centre.db.transaction() as (session, outbox):
        job = session.get(models.PrintJob, job_id)
        if job is None or job.kiosk_id != kiosk_id:
            raise NotFound(f"No print job {job_id} for kiosk {kiosk_id}", code="unknown_print_job")
        if job.status != "printed":  # a repeated "printed" ack changes nothing
            job.attempts += 1
            if status == "printed":
                job.status, job.printed_at, job.last_error = "printed", centre.now(), None
            else:
                job.last_error = (error or "unknown printer error")[:500]
                # The kiosk screen that issued the ticket (not the one printing it, with print_via) says the
                # paper did not come out: the printer status it saw at issue time cannot tell.
                outbox.add("print_job_failed", {
                    "id": job.id, "kind": job.kind, "attempts": job.attempts, "last_error": job.last_error,
                    "ticket": {"id": job.ticket.id, "number": job.ticket.number}},
                    events.kiosk_room(job.ticket.kiosk_id or job.kiosk_id))
        return job_view(centre, job, ticket_view(session, centre, job.ticket, base_url))


def reprint(centre: Centre, ticket_id: int, kiosk_id: str, base_url: str) -> dict:
    with centre.db.transaction() as (session, outbox):
        ticket = session.get(models.Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"No ticket {ticket_id}", code="unknown_ticket")
        view = ticket_view(session, centre, ticket, base_url)
        job = queue_print_job(session, outbox, centre, ticket, view, kiosk_id, kind="reprint")
        return job_view(centre, job, view)


def report_status(centre: Centre, device_id: str, printer_status: str, detail: str) -> dict:
    if printer_status not in PRINTER_STATUSES:
        raise Unprocessable(f"printer_status must be one of {', '.join(PRINTER_STATUSES)}", code="invalid_status")
    with centre.db.transaction() as (session, outbox):
        row = session.get(models.DeviceStatus, device_id) or models.DeviceStatus(device_id=device_id)
        changed = row.printer_status != printer_status
        row.printer_status, row.detail, row.updated_at = printer_status, (detail or "")[:500], centre.now()
        session.add(row)
        view = {"device_id": device_id, "printer_status": printer_status, "detail": row.detail,
                "updated_at": local_iso(centre, row.updated_at)}
        if changed:
            outbox.add("printer_status_changed", view, "public")
        return view


def device_status(centre: Centre, device_id: str) -> dict:
    """The last printer status a kiosk's print agent reported ("unknown" before the first report)."""
    with centre.db.reading() as session:
        row = session.get(models.DeviceStatus, device_id)
        if row is None:
            return {"device_id": device_id, "printer_status": "unknown", "detail": "", "updated_at": None}
        return {"device_id": device_id, "printer_status": row.printer_status, "detail": row.detail or "",
                "updated_at": local_iso(centre, row.updated_at) if row.updated_at else None}


def printer_uri(centre: Centre, kiosk_id: str, project_root: Path) -> str | None:
    """The configured printer of a kiosk; a relative 'dir:' path is taken from the project's root."""
    device = centre.config.device(kiosk_id)
    if device is None:
        return None
    if device.print_via:
        device = centre.config.device(device.print_via)
    uri = device.printer
    if uri and uri.startswith("dir:") and not uri.startswith("dir://"):
        uri = "dir://" + str((project_root / uri[4:]).resolve())
    return uri
