"""The database tables. Only queue_server/ touches them; every other part is a client of the API."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text,
                        TypeDecorator, UniqueConstraint, Index, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """Stores UTC without a zone (SQLite has none) and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=timezone.utc) if value is not None else None


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


counter_fields = Table(
    "counter_fields", Base.metadata,
    Column("counter_number", ForeignKey("counters.number", ondelete="CASCADE"), primary_key=True),
    Column("field_id", ForeignKey("fields.id", ondelete="CASCADE"), primary_key=True),
)


class Field(Base):
    __tablename__ = "fields"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    prefix: Mapped[str | None] = mapped_column(String(2))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    procedures: Mapped[list[Procedure]] = relationship(back_populates="field", order_by="Procedure.position")


class Procedure(Base):
    __tablename__ = "procedures"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    field_id: Mapped[str] = mapped_column(ForeignKey("fields.id"))
    code: Mapped[str | None] = mapped_column(String(32))
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    documents: Mapped[list] = mapped_column(JSON, default=list)
    fee_text: Mapped[str] = mapped_column(Text, default="")
    fee_amount_vnd: Mapped[int | None] = mapped_column(Integer)
    processing_text: Mapped[str] = mapped_column(Text, default="")
    processing_working_days: Mapped[int | None] = mapped_column(Integer)
    synonyms: Mapped[list] = mapped_column(JSON, default=list)
    # English for the kiosk's English mode (0005_polish_ticket_language): empty when not translated
    documents_en: Mapped[list | None] = mapped_column(JSON, default=list)
    fee_text_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    processing_text_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    redirect: Mapped[str | None] = mapped_column(String(300))
    person_must_attend: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    field: Mapped[Field] = relationship(back_populates="procedures")


class Counter(Base):
    __tablename__ = "counters"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(300), default="")
    # English for the kiosk's English mode and English paper (0005_polish_ticket_language); "": not translated
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    location_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    # Interleaved priority policy: normal tickets this counter called since its last priority ticket.
    normal_since_priority: Mapped[int] = mapped_column(Integer, default=0)
    # Administration (0002_admin): why a closed counter is closed ("break" or "closed"); None when open.
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    # Appointments (0006_appointments): due appointments this counter called in a row while walk-ins waited.
    appointment_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    fields: Mapped[list[Field]] = relationship(secondary=counter_fields, order_by="Field.position")


class NumberSequence(Base):
    """The last number given per prefix and local day: the one place a number is ever allocated."""

    __tablename__ = "number_sequences"
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(2), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


WAITING_SQL = "status IN ('issued', 'transferred')"  # lifecycle.WAITING, as the partial index and its reads spell it
LINE_SQL = "COALESCE(target_counter, 0)"  # the counter a ticket was sent to; 0: its field's queue
RANK_SQL = "COALESCE(priority, '')"  # '': a normal ticket


class WaitingCount(Base):
    """How many tickets wait per day, field and counter sent to (0: the field's queue), kept by database
    triggers on tickets (migration 0006_flat_cost), so that no issue or call counts the queue."""

    __tablename__ = "waiting_counts"
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    field_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target_counter: Mapped[int] = mapped_column(Integer, primary_key=True)
    waiting: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("service_day", "prefix", "sequence", name="uq_ticket_number_per_day"),
        Index("ix_tickets_day_status", "service_day", "status"),
        # The head of each waiting line (call next) is the first entry of an index range, not a scan. NULLs as
        # 0 and '': PostgreSQL orders an index range by its next column only after equalities, not IS NULL.
        Index("ix_tickets_waiting_line", "service_day", text(LINE_SQL), "field_id", text(RANK_SQL), "queued_at", "id",
              sqlite_where=text(WAITING_SQL), postgresql_where=text(WAITING_SQL)),
        # A field's last services, newest first (the typical service minutes), without reading the day's queue.
        Index("ix_tickets_done_field", "field_id", "finished_at",
              sqlite_where=text("status = 'done'"), postgresql_where=text("status = 'done'")),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_day: Mapped[date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(2))
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(12))
    field_id: Mapped[str] = mapped_column(ForeignKey("fields.id"))
    procedure_id: Mapped[str] = mapped_column(ForeignKey("procedures.id"))
    priority: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="issued")
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)  # order in the queue; kept across transfers
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counter_number: Mapped[int | None] = mapped_column(Integer)  # the counter that called it last
    target_counter: Mapped[int | None] = mapped_column(Integer)  # set by a transfer to one counter
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    track_token: Mapped[str] = mapped_column(String(64), unique=True)
    # The visitor's language at the kiosk ("vi" or "en"): the paper ticket and the tracking page speak it.
    language: Mapped[str] = mapped_column(String(2), default="vi", server_default="vi")
    events: Mapped[list[TicketEvent]] = relationship(back_populates="ticket", order_by="TicketEvent.id")


class TicketEvent(Base):
    """Every change of every ticket, in order: the history reports and audits are computed from."""

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    counter_number: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    ticket: Mapped[Ticket] = relationship(back_populates="events")


class ApiToken(Base):
    """A device's or person's bearer token. Only its SHA-256 is kept, so a stolen database leaks none."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Migration 0005_abuse_data: the one counter a device token acts for (a counter's rating tablet).
    counter_number: Mapped[int | None] = mapped_column(Integer)


class StaffUser(Base):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16), default="staff")  # staff, manager or admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Administration (0002_admin): bumped on password reset, disabling or a role change, which ends the
    # account's open sessions; and the counters the account may take (none listed: any counter).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    counters: Mapped[list[Counter]] = relationship(secondary="staff_counters", order_by="Counter.number")


class PrintJob(Base):
    """A ticket waiting to be printed by its kiosk's print agent; kept until printed, so none is lost."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    kind: Mapped[str] = mapped_column(String(16), default="ticket")  # ticket or reprint
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending or printed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket: Mapped[Ticket] = relationship()


class DeviceStatus(Base):
    """What a kiosk's print agent last said about its printer, shown to staff as an alert."""

    __tablename__ = "device_status"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    printer_status: Mapped[str] = mapped_column(String(32), default="unknown")
    detail: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------------------------------------------------
# Administration (migration 0002_admin): centre settings edited by admins, the device registry, who holds
# which counter, counters assigned to staff, and the audit log.

staff_counters = Table(
    "staff_counters", Base.metadata,
    Column("staff_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    Column("counter_number", ForeignKey("counters.number", ondelete="CASCADE"), primary_key=True),
)


class CentreSetting(Base):
    """One admin-editable setting (priority_policy, opening_hours, numbering), seeded from the YAML."""

    __tablename__ = "centre_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class DeviceRecord(Base):
    """A kiosk or display of the centre (the YAML's devices, then those registered by an admin)."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # kiosk or display
    name: Mapped[str] = mapped_column(String(200))
    printer: Mapped[str | None] = mapped_column(String(300))
    print_via: Mapped[str | None] = mapped_column(String(64))
    counters: Mapped[list | None] = mapped_column(JSON)  # displays: None means every counter
    position: Mapped[int] = mapped_column(Integer, default=0)


class CounterClaim(Base):
    """The one staff member (and browser session) working at a counter right now."""

    __tablename__ = "counter_claims"
    counter_number: Mapped[int] = mapped_column(ForeignKey("counters.number", ondelete="CASCADE"),
                                                primary_key=True, autoincrement=False)
    username: Mapped[str] = mapped_column(String(64), index=True)
    session_key: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffedPeriod(Base):
    """A stretch of time a person was at a counter (migration 0005): from the claim, or the end of a break,
    to the release, the break, or the last sign of its console. The open one (ended_at None) staffs the
    counter while its console was seen within `staffing.console_timeout_minutes`; reports sum them."""

    __tablename__ = "staffed_periods"
    __table_args__ = (Index("ix_staffed_periods_counter_open", "counter_number", "ended_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter_number: Mapped[int] = mapped_column(ForeignKey("counters.number", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the console's last heartbeat (or action)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Who changed what, when: one row per state-changing request that succeeded, and every sign-in."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[int] = mapped_column(Integer, default=200)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(45))  # the request's source address (migration 0005)


# ---------------------------------------------------------------------------------------------------------
# Satisfaction (migration 0003_ratings): one rating per served ticket, and the dossier code staff enter.

class TicketDossier(Base):
    """The dossier code (mã hồ sơ) staff gave a ticket's case, so ratings can be matched to the dossier."""

    __tablename__ = "ticket_dossiers"
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True,
                                           autoincrement=False)
    dossier_code: Mapped[str] = mapped_column(String(64))
    entered_by: Mapped[str | None] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Rating(Base):
    """A visitor's satisfaction with one served ticket: a number on the centre's scale, maybe a comment.

    Counter and staff are copied from the ticket's completion event when the rating is given, so reports
    need no second look at the history; the unique ticket_id makes a second rating impossible.
    """

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_day", "service_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    service_day: Mapped[date] = mapped_column(Date)
    counter_number: Mapped[int | None] = mapped_column(Integer)
    staff: Mapped[str | None] = mapped_column(String(100))  # actor of the ticket's completion event
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16))  # "tablet" (at the counter) or "tracking" (phone)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------------------------------------------------
# Help requests (migration 0004_help_requests): a visitor at the reception robot (or a kiosk) asked for a
# person. Kept only as long as it is useful at the desk: no name, no phone, only the device, the visitor's
# ticket number if they gave one, and their last question (short, personal data masked: personal_data.py).

class HelpRequest(Base):
    """'A visitor needs help at <device>': raised by the robot, taken by one staff member ('Tôi đến ngay')."""

    __tablename__ = "help_requests"
    __table_args__ = (Index("ix_help_requests_created", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    ticket_number: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(2), default="vi")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, acknowledged
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))  # staff username
    acknowledged_counter: Mapped[int | None] = mapped_column(Integer)


class Appointment(Base):
    """A booked slot for a procedure (migration 0006_appointments), checked in at a kiosk or the robot. Name and
    phone, the only personal data, are cleared after appointments.retention_days (appointment_retention.py)."""
    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_field_slot", "field_id", "slot_start"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # typed at the kiosk or said to the robot
    manage_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the manage link's token
    procedure_id: Mapped[str] = mapped_column(ForeignKey("procedures.id"))
    field_id: Mapped[str] = mapped_column(ForeignKey("fields.id"))
    service_day: Mapped[date] = mapped_column(Date, index=True)
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(200))  # None once purged
    phone: Mapped[str | None] = mapped_column(String(20), index=True)  # digits only; None once purged
    language: Mapped[str] = mapped_column(String(2), default="vi")
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked, cancelled, checked_in, late
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppointmentClosedDay(Base):
    """A day the centre takes no bookings (a holiday, a training day), set by an admin."""
    __tablename__ = "appointment_closed_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class AppointmentCapacity(Base):
    """An admin's bookings per slot for one field, in place of the computed figure."""
    __tablename__ = "appointment_capacity"
    field_id: Mapped[str] = mapped_column(ForeignKey("fields.id", ondelete="CASCADE"), primary_key=True)
    per_slot: Mapped[int] = mapped_column(Integer)
