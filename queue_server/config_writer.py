"""A CentreConfig written back as the YAML data config_reader.py reads (catalogue inline): the admins' export,
and the way their edits go through the same checks as a file (`check`)."""

from __future__ import annotations

from datetime import time

from queue_server.centre_config import RATE_LIMIT_KEYS, SECURITY_SIZES, WEEKDAYS, CentreConfig, ConfigError
from queue_server.config_reader import read_centre_data
from queue_server.errors import Unprocessable


def check(config: CentreConfig) -> None:
    """Refuses (422 invalid_config) a config built from the admins' edits that the YAML reader would refuse:
    written as the YAML it exports and read back with the very checks a centre.yaml goes through."""
    try:
        read_centre_data(config_as_data(config), config.source)
    except ConfigError as error:
        raise Unprocessable(f"Cấu hình không hợp lệ / The configuration would be invalid: {error.key}: "
                            f"{error.problem}", code="invalid_config") from None


def _hours(config: CentreConfig):
    hours = config.opening_hours
    if hours.always:
        return "24/7"
    return {day: [f"{s:%H:%M}-{'24:00' if e == time(23, 59, 59) else f'{e:%H:%M}'}" for s, e in hours.periods[day]]
            for day in WEEKDAYS if day in hours.periods}


def _procedure(p) -> dict:
    return {"id": p.id, "code": p.code, "vi": p.name_vi, "en": p.name_en,
            "processing_time": {"text": p.processing_text, "text_en": p.processing_text_en or "",
                                "working_days": p.processing_working_days},
            "fee": {"text": p.fee_text, "text_en": p.fee_text_en or "", "amount_vnd": p.fee_amount_vnd},
            "documents": list(p.documents), "documents_en": list(p.documents_en), "synonyms": list(p.synonyms),
            **({"redirect": p.redirect} if p.redirect else {}),
            "person_must_attend": p.person_must_attend,
            **({} if p.enabled else {"enabled": False})}


def _kiosk_overrides(settings, centre_wide) -> dict:
    """A kiosk device's own keys: those that differ from the centre's `kiosk:` section."""
    if settings is None:
        return {}
    mine, theirs = settings.view(), centre_wide.view()
    return {key: value for key, value in mine.items() if theirs[key] != value}


def _security(security) -> dict:
    def limit(rule):
        return {"limit": rule.limit, "window_seconds": rule.window_seconds}

    return {"session_hours": security.session_hours, "idle_minutes": security.idle_minutes,
            "rate_limits": {**{key: limit(getattr(security, name)) for name, key in RATE_LIMIT_KEYS.items()},
                            "devices": {name: limit(rule) for name, rule in security.device_ticket_limits.items()}},
            **{key: getattr(security, key) for key in SECURITY_SIZES},
            "retention_days": security.retention_days if security.retention_days is not None else "forever",
            "audit_retention_days": security.audit_retention_days
            if security.audit_retention_days is not None else "forever"}


def _devices(config: CentreConfig) -> dict:
    """Kiosks and displays (what a centre.yaml can hold; counter tablets live in the database only)."""
    return {
        "kiosks": [{**{k: v for k, v in {"id": d.id, "name": d.name, "printer": d.printer,
                                         "print_via": d.print_via}.items() if v is not None},
                    **_kiosk_overrides(d.kiosk, config.kiosk)}
                   for d in config.devices if d.kind == "kiosk"],
        "displays": [{"id": d.id, "name": d.name, "counters": list(d.counters) if d.counters is not None else "all",
                      **({"fields": list(d.fields)} if d.fields is not None else {}),
                      **({"notice": d.notice} if d.notice is not None else {}),
                      "sound": d.sound}
                     for d in config.devices if d.kind == "display"],
    }


def config_as_data(config: CentreConfig) -> dict:
    """The centre as the YAML data of one file that config_reader.read_centre reads back."""
    policy, scale = config.priority_policy, config.satisfaction
    return {
        "centre": {"name": config.name, "name_en": config.name_en, "address": config.address,
                   **({"notice": config.notice} if config.notice else {}),
                   **({"lat": config.lat, "lon": config.lon} if config.lat is not None else {}),
                   "timezone": config.timezone.key, "opening_hours": _hours(config)},
        **({"local": dict(config.local)} if config.local else {}),
        **({"facilities": {k: dict(v) for k, v in config.facilities.items()}} if config.facilities else {}),
        "catalogue": [{"id": f.id, "vi": f.name_vi, "en": f.name_en, "ticket_prefix": f.prefix,
                       **({} if f.enabled else {"enabled": False}),
                       "procedures": [_procedure(p) for p in f.procedures]} for f in config.fields],
        "numbering": {"digits": config.digits, "reset": "daily", "daily_cap": config.daily_cap,
                      "field_caps": dict(config.field_caps)},
        "service_minutes": {"default": config.default_service_minutes,
                            "by_field": dict(config.service_minutes_by_field)},
        "priority": {"categories": [{"id": c.id, "vi": c.name_vi, "en": c.name_en} for c in config.priority_categories],
                     "policy": {"mode": policy.mode, "every_n_normal": policy.every_n_normal,
                                "strict_override": list(policy.strict_override)}},
        "counters": [{"number": c.number, "name": c.name, "location": c.location, "fields": list(c.field_ids),
                      **({"name_en": c.name_en, "location_en": c.location_en} if c.name_en or c.location_en else {})}
                     for c in config.counters],
        "devices": _devices(config),
        "announcement": {"template": config.announcement_template, "repeat": config.announcement_repeat,
                         "reading": config.announcement_reading, "highlight_seconds": config.highlight_seconds},
        "tracking": {"public_base_url": config.public_base_url},
        "kiosk": config.kiosk.view(),
        "security": _security(config.security),
        "staffing": {"console_timeout_minutes": config.console_timeout_minutes},
        "satisfaction": {"levels": [{"value": l.value, "vi": l.vi, "en": l.en} for l in scale.levels],
                         "satisfied_from": scale.satisfied_from, "tablet_minutes": scale.tablet_minutes},
        "reports": {"target_wait_minutes": config.target_wait_minutes},
    }
