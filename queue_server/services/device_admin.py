"""The centre's devices (kiosks, displays and counters' rating tablets: register, new token, revoke, last seen
and printer status) and
what the wall displays show (the notice line, the fields whose waiting counts they show, their sound).

Registering a device bumps the settings version like every admin change (services/administration.py);
devices_changed is sent after a device's tokens change, display_settings_changed after a display's settings.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Conflict, NotFound, Unprocessable
from queue_server.services import access, centre_settings, events
from queue_server.services.administration import ID_PATTERN, clean_text, counters_by_number

DEVICE_KINDS = ("kiosk", "display", access.COUNTER_TABLET)


def _devices_changed(centre: Centre) -> None:
    """Pushed after a device is registered or its tokens change: counter consoles redraw their kiosk list, an
    open display whose token was revoked notices. Only that something changed: the room is public."""
    centre.db.publish("devices_changed", {}, events.PUBLIC)


def register_device(centre: Centre, actor: str, device_id: str, kind: str, name: str,
                    print_via: str | None, counters: list[int] | None) -> str:
    """Adds a kiosk, display or counter tablet and returns its first token (shown once). A tablet rates at
    exactly one counter (`counters`), which its token is bound to."""
    if not ID_PATTERN.match(device_id or ""):
        raise Unprocessable("Id: lower-case letters, digits, _ or -", code="invalid_id")
    if kind not in DEVICE_KINDS:
        raise Unprocessable("kind must be kiosk, display or counter-tablet", code="invalid_kind")
    if kind == access.COUNTER_TABLET and len(counters or []) != 1:
        raise Unprocessable("Máy tính bảng đánh giá thuộc đúng một quầy", code="invalid_counter",
                            message_en="A rating tablet belongs to exactly one counter")
    with centre.db.transaction() as (session, _outbox):
        if session.get(models.DeviceRecord, device_id) is not None:
            raise Conflict(f"Device {device_id!r} exists", code="device_exists")
        if print_via and (session.get(models.DeviceRecord, print_via) is None
                          or session.get(models.DeviceRecord, print_via).kind != "kiosk"):
            raise Unprocessable(f"No kiosk {print_via!r} to print through", code="unknown_kiosk")
        if counters:
            counters_by_number(session, counters)
        position = (session.scalar(select(models.DeviceRecord.position)
                                   .order_by(models.DeviceRecord.position.desc()).limit(1)) or 0) + 1
        session.add(models.DeviceRecord(id=device_id, kind=kind, name=clean_text(name, "Name", limit=200),
                                        print_via=(print_via or None) if kind == "kiosk" else None,
                                        counters=(counters or None) if kind != "kiosk" else None,
                                        position=position))
        centre_settings.bump_version(session, actor, centre.config)
    token = access.create_token(centre, kind, device_id, _tablet_counter(kind, counters))
    _devices_changed(centre)
    return token


def _tablet_counter(kind: str, counters: list[int] | None) -> int | None:
    return counters[0] if kind == access.COUNTER_TABLET else None


def new_device_token(centre: Centre, device_id: str) -> str:
    """Revokes the device's tokens and gives it a new one (a stolen or lost token stops working)."""
    with centre.db.reading() as session:
        device = session.get(models.DeviceRecord, device_id)
        if device is None:
            raise NotFound(f"No device {device_id!r}", code="unknown_device")
        kind, counters = device.kind, device.counters
    access.revoke_tokens(centre, device_id)
    token = access.create_token(centre, kind, device_id, _tablet_counter(kind, counters))
    _devices_changed(centre)
    return token


def token_notice(centre: Centre, device_id: str, token: str) -> dict:
    """What the Devices page shows once after a new token: the address to open on the device with it."""
    with centre.db.reading() as session:
        device = session.get(models.DeviceRecord, device_id)
        kind, counters = device.kind, device.counters
    page = {"kiosk": "/kiosk", "display": f"/display/{device_id}"}.get(kind) or f"/rate/{(counters or [0])[0]}"
    return {"device_id": device_id, "token": token, "url": f"{page}#token={token}"}


def revoke_device(centre: Centre, device_id: str) -> int:
    with centre.db.reading() as session:
        if session.get(models.DeviceRecord, device_id) is None:
            raise NotFound(f"No device {device_id!r}", code="unknown_device")
    revoked = access.revoke_tokens(centre, device_id)
    _devices_changed(centre)
    return revoked


# --- what the displays show: the notice line, the fields whose waiting counts they show, their sound ------

NOTICE_LIMIT = 500


def _display_settings(session: Session) -> dict:
    value = centre_settings.get_setting(session, centre_settings.DISPLAYS)
    return {"notice": value.get("notice") or "", "by_id": dict(value.get("by_id") or {})}


def _put_display_settings(session: Session, outbox, centre: Centre, actor: str, value: dict,
                          display_id: str | None) -> None:
    centre_settings.put_setting(session, centre, centre_settings.DISPLAYS, value, actor)
    # The wall displays apply it at once (no reload): the whole setting, so each finds its own part.
    outbox.add("display_settings_changed", {**value, "display_id": display_id}, events.PUBLIC)


def set_centre_notice(centre: Centre, actor: str, notice: str) -> None:
    """The notice line of every display that has none of its own."""
    notice = clean_text(notice, "Notice", required=False, limit=NOTICE_LIMIT)
    with centre.db.transaction() as (session, outbox):
        value = _display_settings(session)
        value["notice"] = notice
        _put_display_settings(session, outbox, centre, actor, value, None)


def set_display(centre: Centre, actor: str, display_id: str, own_notice: bool, notice: str,
                fields: list[str] | None, sound: bool) -> None:
    """One display's settings: its own notice (else the centre's), the fields it shows waiting counts for
    (None: those of its counters), whether it announces calls aloud."""
    notice = clean_text(notice, "Notice", required=False, limit=NOTICE_LIMIT) if own_notice else None
    with centre.db.transaction() as (session, outbox):
        device = session.get(models.DeviceRecord, display_id)
        if device is None or device.kind != "display":
            raise NotFound(f"No display {display_id!r}", code="unknown_display")
        if fields is not None:
            known = set(session.scalars(select(models.Field.id).where(models.Field.prefix.is_not(None))))
            unknown = set(fields) - known
            if unknown:
                raise Unprocessable(f"No field {', '.join(sorted(unknown))}", code="unknown_field")
        value = _display_settings(session)
        value["by_id"][display_id] = centre_settings.display_setting(notice, fields, sound)
        _put_display_settings(session, outbox, centre, actor, value, display_id)


def displays_view(centre: Centre) -> dict:
    """The centre's notice and each display with its settings, for /admin/displays."""
    centre_settings.refresh(centre)
    config = centre.config
    return {"notice": config.notice, "displays": [
        {"id": d.id, "name": d.name, "counters": d.counters, "notice": d.notice,
         "fields": list(d.fields) if d.fields is not None else None, "sound": d.sound}
        for d in config.devices if d.kind == "display"]}


def devices_view(centre: Centre) -> list[dict]:
    with centre.db.reading() as session:
        devices = session.scalars(select(models.DeviceRecord).order_by(models.DeviceRecord.position)).all()
        tokens = session.scalars(select(models.ApiToken).where(models.ApiToken.role.in_(DEVICE_KINDS))).all()
        statuses = {s.device_id: s for s in session.scalars(select(models.DeviceStatus))}
        rows = []
        for d in devices:
            mine = [t for t in tokens if t.name == d.id]
            live = [t for t in mine if t.revoked_at is None]
            seen = max((t.last_seen_at for t in mine if t.last_seen_at), default=None)
            status = statuses.get(d.id)
            rows.append({"id": d.id, "kind": d.kind, "name": d.name, "print_via": d.print_via,
                         "counters": d.counters, "active_tokens": len(live), "last_seen": seen,
                         "printer_status": status.printer_status if status else None,
                         "printer_detail": status.detail if status else "",
                         "status_at": status.updated_at if status else None})
        return rows
