"""Running the centre without editing files: counters, staff accounts, fields and procedures, priority
policy, opening hours and caps (devices and what the displays show: services/device_admin.py).

Each change runs in one transaction that also bumps the settings version (so every server process picks it
up on its next request) and queues the live event the affected pages listen to: counter_changed for
counters, catalogue_changed for the catalogue and the centre's rules. Managers run counters and staff; only
admins touch admin accounts, the catalogue, the rules and the devices (see web/admin.py).
"""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import generate_password_hash

from queue_server import models
from queue_server.centre_config import PREFIX_PATTERN, WEEKDAYS, nfc
from queue_server.context import Centre
from queue_server.errors import Conflict, Forbidden, NotFound, Unprocessable
from queue_server.rules.lifecycle import WAITING
from queue_server.services import access, centre_settings, counter_claims, events
from queue_server.services.access import STAFF_ROLES, Principal
from queue_server.services.catalogue import counter_view
from queue_server.services.queue_state import today

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def clean_text(value: str | None, what: str, required: bool = True, limit: int = 300) -> str:
    value = nfc((value or "").strip())
    if required and not value:
        raise Unprocessable(f"{what} is required", code="missing_field")
    if len(value) > limit:
        raise Unprocessable(f"{what} is longer than {limit} characters", code="too_long")
    return value


def _changed(session: Session, centre: Centre, outbox, actor: str, event: str, payload: dict) -> None:
    centre_settings.bump_version(session, actor, centre.config)
    outbox.add(event, payload, events.PUBLIC)  # public: who made the change is in the audit log, not here


# --- counters --------------------------------------------------------------------------------------------

def _stranded(session: Session, centre: Centre, number: int, field_ids: set[str]) -> list[str]:
    """Today's waiting tickets of those fields that no counter but this one serves: dropping the fields from it
    (or deleting it) would leave them waiting for nobody. Closed counters count: they open again."""
    others = session.scalars(select(models.Counter).where(models.Counter.number != number)
                             .options(selectinload(models.Counter.fields))).all()
    orphans = field_ids - {f.id for c in others for f in c.fields}
    if not orphans:
        return []
    return list(session.scalars(select(models.Ticket.number).where(
        models.Ticket.service_day == today(centre), models.Ticket.status.in_(WAITING),
        models.Ticket.field_id.in_(sorted(orphans)), models.Ticket.target_counter.is_(None))))


def save_counter(centre: Centre, actor: str, number: int, name: str, location: str, field_ids: list[str],
                 create: bool, english: dict | None = None) -> dict:
    """english: {"name_en", "location_en"} for English-speaking visitors (None: left as they are)."""
    if not isinstance(number, int) or number < 1 or number > 999:
        raise Unprocessable("Counter number must be a whole number from 1 to 999", code="invalid_number")
    name = clean_text(name, "Name", limit=200)
    location = clean_text(location, "Location", required=False)
    if not field_ids:
        raise Unprocessable("Choose at least one field this counter serves", code="missing_fields")
    with centre.db.transaction() as (session, outbox):
        counter = session.get(models.Counter, number)
        if create and counter is not None:
            raise Conflict(f"Counter {number} already exists", code="counter_exists")
        if not create and counter is None:
            raise NotFound(f"No counter {number}", code="unknown_counter")
        fields = session.scalars(select(models.Field).where(models.Field.id.in_(field_ids))).all()
        unknown = set(field_ids) - {f.id for f in fields if f.prefix}
        if unknown:
            raise Unprocessable(f"No field served here: {', '.join(sorted(unknown))}", code="unknown_field")
        if counter is not None:
            stranded = sorted(_stranded(session, centre, number, {f.id for f in counter.fields} - set(field_ids)))
            if stranded:
                numbers = ", ".join(stranded[:10])
                raise Conflict(f"Không bỏ được lĩnh vực khỏi quầy {number}: không quầy nào khác phục vụ các số "
                               f"đang chờ ({numbers}). Phục vụ hoặc chuyển trước.", code="counter_has_tickets",
                               tickets=stranded, message_en=f"Counter {number} cannot stop serving those fields: no "
                               f"other counter serves the tickets waiting ({numbers}). Serve or transfer them first.")
        else:
            counter = models.Counter(number=number, is_open=False, closed_reason="closed", normal_since_priority=0)
            session.add(counter)
        counter.name, counter.location, counter.fields = name, location, list(fields)
        if english is not None:
            counter.name_en = clean_text(english.get("name_en", ""), "English name", required=False, limit=200)
            counter.location_en = clean_text(english.get("location_en", ""), "English location", required=False)
        session.flush()
        view = {**counter_view(counter), "closed_reason": counter.closed_reason}
        _changed(session, centre, outbox, actor, "counter_changed", {"counter": view})
        return view


def delete_counter(centre: Centre, actor: str, number: int) -> None:
    """Refused while anyone waits for this counter alone or stands at it: no ticket is ever stranded."""
    with centre.db.transaction() as (session, outbox):
        counter = session.scalar(select(models.Counter).where(models.Counter.number == number)
                                 .options(selectinload(models.Counter.fields)))
        if counter is None:
            raise NotFound(f"No counter {number}", code="unknown_counter")
        day = today(centre)
        at_counter = session.scalars(select(models.Ticket.number).where(
            models.Ticket.service_day == day,
            ((models.Ticket.counter_number == number) & models.Ticket.status.in_(("called", "serving", "held")))
            | ((models.Ticket.target_counter == number) & models.Ticket.status.in_(WAITING)))).all()
        stranded = _stranded(session, centre, number, {f.id for f in counter.fields})
        if at_counter or stranded:
            numbers = ", ".join(sorted(set(at_counter) | set(stranded))[:10])
            raise Conflict(f"Không xóa được quầy {number}: còn số đang chờ hoặc đang phục vụ ({numbers}). "
                           "Chuyển hoặc phục vụ xong trước.", code="counter_has_tickets",
                           tickets=sorted(set(at_counter) | set(stranded)), message_en=f"Counter {number} cannot be "
                           f"deleted: tickets are waiting for it or at it ({numbers}). Transfer or finish them first.")
        session.delete(counter)
        session.flush()
        # Listeners find the counter gone when they reload the snapshot; "counter" is never null for them.
        _changed(session, centre, outbox, actor, "counter_changed", {"counter": {"number": number, "open": False,
                                                                         "removed": True}, "removed": number})


# --- staff accounts --------------------------------------------------------------------------------------

def _may_manage(principal: Principal, role: str) -> None:
    if role == access.CITY:  # it sees every centre: no centre's manager or admin may make or change one
        raise Forbidden("Tài khoản thành phố chỉ được tạo bằng dòng lệnh / City accounts are made on the command "
                        "line only (python -m queue_server staff create --role city)", code="forbidden")
    if role == "admin" and principal.role != "admin":
        raise Forbidden("Only an admin may create or change admin accounts", code="forbidden")


def _staff(session: Session, username: str) -> models.StaffUser:
    user = session.scalar(select(models.StaffUser).where(models.StaffUser.username == username))
    if user is None:
        raise NotFound(f"No staff account {username!r}", code="unknown_staff")
    return user


def counters_by_number(session: Session, numbers: list[int]) -> list[models.Counter]:
    counters = session.scalars(select(models.Counter).where(models.Counter.number.in_(numbers))).all()
    missing = set(numbers) - {c.number for c in counters}
    if missing:
        raise Unprocessable(f"No counter {', '.join(map(str, sorted(missing)))}", code="unknown_counter")
    return list(counters)


def create_staff(centre: Centre, principal: Principal, username: str, display_name: str, role: str,
                 password: str, counters: list[int]) -> None:
    username = clean_text(username, "Username", limit=64).lower()
    if not re.match(r"^[a-z0-9._-]{2,64}$", username):
        raise Unprocessable("Username: 2–64 letters a–z, digits, dot, dash or underscore", code="invalid_username")
    _may_manage(principal, role)
    if access.staff_exists(centre, username):
        raise Conflict(f"Username {username!r} is taken", code="username_taken")
    access.create_staff(centre, username, password, clean_text(display_name, "Name", limit=200), role)
    if counters:
        with centre.db.transaction() as (session, _):
            _staff(session, username).counters = counters_by_number(session, counters)


def update_staff(centre: Centre, principal: Principal, username: str, display_name: str, role: str,
                 active: bool, counters: list[int]) -> None:
    if role not in STAFF_ROLES:
        raise Unprocessable(f"role must be one of {', '.join(STAFF_ROLES)}", code="invalid_role")
    with centre.db.transaction() as (session, outbox):
        user = _staff(session, username)
        _may_manage(principal, user.role)
        _may_manage(principal, role)
        if username == principal.name and (role != user.role or not active):
            raise Conflict("You cannot disable your own account or change your own role", code="self_change")
        ends_sessions = role != user.role or active != user.active
        if ends_sessions:
            user.session_version += 1  # signs the account out everywhere
        user.display_name = clean_text(display_name, "Name", limit=200)
        user.role, user.active = role, active
        user.counters = counters_by_number(session, counters)
        if not active:
            freed = session.scalars(select(models.CounterClaim.counter_number)
                                    .where(models.CounterClaim.username == username)).all()
            session.execute(delete(models.CounterClaim).where(models.CounterClaim.username == username))
            for number in freed:  # the consoles and admin pages show the counter free at once
                counter_claims.announce_free(session, outbox, centre, number)
    if ends_sessions:
        access.close_account_connections(centre, username)


def reset_password(centre: Centre, principal: Principal, username: str, password: str) -> None:
    if len(password or "") < 8:
        raise Unprocessable("password must have at least 8 characters", code="weak_password")
    with centre.db.transaction() as (session, _):
        user = _staff(session, username)
        _may_manage(principal, user.role)
        user.password_hash = generate_password_hash(password)
        user.session_version += 1
    access.close_account_connections(centre, username)


def staff_list(centre: Centre) -> list[dict]:
    with centre.db.reading() as session:
        users = session.scalars(select(models.StaffUser).where(models.StaffUser.role != access.CITY)
                                .order_by(models.StaffUser.username)
                                .options(selectinload(models.StaffUser.counters))).all()
        claims = {c.username: c.counter_number for c in session.scalars(select(models.CounterClaim))}
        return [{"username": u.username, "display_name": u.display_name, "role": u.role, "active": u.active,
                 "counters": [c.number for c in u.counters], "at_counter": claims.get(u.username)} for u in users]


# --- fields and procedures -------------------------------------------------------------------------------

def save_field(centre: Centre, actor: str, field_id: str, prefix: str | None, name_vi: str, name_en: str,
               enabled: bool, create: bool) -> None:
    prefix = (prefix or "").strip().upper() or None
    if prefix is not None and not PREFIX_PATTERN.match(prefix):
        raise Unprocessable("Prefix: one or two capital letters (A, B, ... AA), or empty for a redirect",
                            code="invalid_prefix")
    if not ID_PATTERN.match(field_id or ""):
        raise Unprocessable("Id: lower-case letters, digits, _ or -", code="invalid_id")
    with centre.db.transaction() as (session, outbox):
        field = session.get(models.Field, field_id)
        if create and field is not None:
            raise Conflict(f"Field {field_id!r} exists", code="field_exists")
        if not create and field is None:
            raise NotFound(f"No field {field_id!r}", code="unknown_field")
        if prefix and session.scalar(select(models.Field.id).where(models.Field.prefix == prefix,
                                                                    models.Field.id != field_id)):
            raise Conflict(f"Prefix {prefix} is used by another field", code="prefix_taken")
        if field is None:
            position = (session.scalar(select(models.Field.position).order_by(models.Field.position.desc())
                                       .limit(1)) or 0) + 1
            field = models.Field(id=field_id, position=position)
            session.add(field)
        field.prefix, field.enabled = prefix, enabled
        field.name_vi, field.name_en = clean_text(name_vi, "Vietnamese name"), clean_text(name_en, "English name")
        _changed(session, centre, outbox, actor, "catalogue_changed", {"field_id": field_id})


def save_procedure(centre: Centre, actor: str, procedure_id: str, create: bool, *, field_id: str, name_vi: str,
                   name_en: str, code: str | None, documents: list[str], fee_text: str, fee_amount_vnd: int | None,
                   processing_text: str, processing_working_days: int | None, enabled: bool,
                   english: dict | None = None, synonyms: list[str] | None = None) -> None:
    """english: {"documents_en": [...], "fee_text_en", "processing_text_en"} (english_texts of a form);
    synonyms: the everyday names the kiosk's search finds it by (None: left as they are)."""
    if not ID_PATTERN.match(procedure_id or ""):
        raise Unprocessable("Id: lower-case letters, digits, _ or -", code="invalid_id")
    for value, what in ((fee_amount_vnd, "Fee"), (processing_working_days, "Working days")):
        if value is not None and value < 0:
            raise Unprocessable(f"{what} cannot be negative", code="invalid_number")
    with centre.db.transaction() as (session, outbox):
        procedure = session.get(models.Procedure, procedure_id)
        if create and procedure is not None:
            raise Conflict(f"Procedure {procedure_id!r} exists", code="procedure_exists")
        if not create and procedure is None:
            raise NotFound(f"No procedure {procedure_id!r}", code="unknown_procedure")
        if session.get(models.Field, field_id) is None:
            raise Unprocessable(f"No field {field_id!r}", code="unknown_field")
        if procedure is None:
            procedure = models.Procedure(id=procedure_id, position=999, synonyms=[], person_must_attend=False)
            session.add(procedure)
        procedure.field_id, procedure.enabled = field_id, enabled
        procedure.name_vi = clean_text(name_vi, "Vietnamese name")
        procedure.name_en = clean_text(name_en, "English name")
        procedure.code = (code or "").strip() or None
        procedure.documents = [nfc(d.strip()) for d in documents if d.strip()]
        procedure.fee_text, procedure.fee_amount_vnd = clean_text(fee_text, "Fee", required=False), fee_amount_vnd
        procedure.processing_text = clean_text(processing_text, "Processing time", required=False)
        procedure.processing_working_days = processing_working_days
        if synonyms is not None:
            procedure.synonyms = list(dict.fromkeys(nfc(s.strip())[:100] for s in synonyms if s.strip()))[:50]
        if english is not None:
            procedure.documents_en = [nfc(d.strip()) for d in english.get("documents_en", []) if d.strip()]
            procedure.fee_text_en = clean_text(english.get("fee_text_en", ""), "Fee (English)", required=False)
            procedure.processing_text_en = clean_text(english.get("processing_text_en", ""), "Processing time (English)",
                                                      required=False)
        _changed(session, centre, outbox, actor, "catalogue_changed", {"procedure_id": procedure_id})


def english_texts(form) -> dict:
    """The English of a procedure's documents, fee and processing time, from the admin form's fields."""
    return {"documents_en": form.get("documents_en", "").splitlines(), "fee_text_en": form.get("fee_text_en", ""),
            "processing_text_en": form.get("processing_text_en", "")}


# --- the centre's rules ----------------------------------------------------------------------------------

def set_priority_policy(centre: Centre, actor: str, mode: str, every_n_normal: int, strict_override: list[str]) -> None:
    if mode not in ("strict", "interleaved"):
        raise Unprocessable("mode must be 'strict' or 'interleaved'", code="invalid_mode")
    if not isinstance(every_n_normal, int) or not 1 <= every_n_normal <= 50:
        raise Unprocessable("every_n_normal must be a whole number from 1 to 50", code="invalid_number")
    known = {c.id for c in centre.config.priority_categories}
    if set(strict_override) - known:
        raise Unprocessable(f"Unknown priority categories: {', '.join(set(strict_override) - known)}",
                            code="unknown_priority")
    with centre.db.transaction() as (session, outbox):
        centre_settings.put_setting(session, centre, "priority_policy", {
            "mode": mode, "every_n_normal": every_n_normal, "strict_override": list(strict_override)}, actor)
        outbox.add("catalogue_changed", {"setting": "priority_policy"}, events.PUBLIC)


def set_opening_hours(centre: Centre, actor: str, always: bool, day_texts: dict[str, str]) -> None:
    periods = {day: centre_settings.parse_periods(day_texts.get(day, ""), day) for day in WEEKDAYS}
    if not always and not any(periods.values()):
        raise Unprocessable("Give at least one opening period, or choose \"open round the clock\"",
                            code="invalid_hours")
    with centre.db.transaction() as (session, outbox):
        centre_settings.put_setting(session, centre, "opening_hours",
                                    {"always": always, "periods": {} if always else periods}, actor)
        outbox.add("catalogue_changed", {"setting": "opening_hours"}, events.PUBLIC)


def set_caps(centre: Centre, actor: str, daily_cap: int, field_caps: dict[str, int]) -> None:
    largest = 10 ** centre.config.digits - 1
    for what, cap in [("daily cap", daily_cap)] + [(f"cap of {k}", v) for k, v in field_caps.items()]:
        if not isinstance(cap, int) or not 1 <= cap <= largest:
            raise Unprocessable(f"The {what} must be a whole number from 1 to {largest}", code="invalid_cap")
    with centre.db.transaction() as (session, outbox):
        known = set(session.scalars(select(models.Field.id)))
        if set(field_caps) - known:
            raise Unprocessable(f"No field {', '.join(set(field_caps) - known)}", code="unknown_field")
        centre_settings.put_setting(session, centre, "numbering", {
            "daily_cap": daily_cap, "field_caps": {k: min(v, daily_cap) for k, v in field_caps.items()}}, actor)
        outbox.add("catalogue_changed", {"setting": "numbering"}, events.PUBLIC)
