"""Appointments keep a name and a phone number only `appointments.retention_days` after their slot: then
`python -m queue_server purge` clears both (the booking stays, without them, for the reports)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from queue_server import models
from queue_server.appointment_config import settings_of
from queue_server.context import Centre


def purge_people(centre: Centre, dry_run: bool = False) -> int:
    """Clears name and phone of bookings whose slot is older than the retention; returns how many."""
    A = models.Appointment
    before = centre.now() - timedelta(days=settings_of(centre.config).retention_days)
    old = (A.slot_start < before, A.purged_at.is_(None))
    if dry_run:
        with centre.db.reading() as session:
            return session.scalar(select(func.count()).select_from(A).where(*old))
    with centre.db.transaction() as (session, _):
        return session.execute(update(A).where(*old).values(name=None, phone=None, purged_at=centre.now())).rowcount
