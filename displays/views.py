"""Display pages: the wall display of a hall or floor (/display/<id>) and the small one above a counter
(/display/counter/<n>). Both draw GET /api/v1/queue and then follow the public Socket.IO events."""

from __future__ import annotations

import logging
import threading

from flask import Blueprint, current_app, render_template, request

log = logging.getLogger("displays")

bp = Blueprint("displays", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/displays")

MIN_RATE, MAX_RATE = 0.5, 4.0
CALL_EVENTS = ("ticket_called", "ticket_recalled")


def display_extra(device, name: str, default):
    """A display's notice, shown fields or sound: stored in the database (seeded from the YAML, edited on
    /admin/displays) and applied to the live config by services/centre_settings.py."""
    value = getattr(device, name, None)
    return default if value is None else value


def centre_config():
    return current_app.extensions["motcua"].config


def closed_reasons() -> dict[int, str]:
    """Why each closed counter is closed ("break" or "closed"), so a display loaded during a break says so;
    counter_changed events keep it current afterwards."""
    from sqlalchemy import select

    from queue_server import models
    with current_app.extensions["motcua"].db.reading() as session:
        rows = session.execute(select(models.Counter.number, models.Counter.closed_reason)
                               .where(models.Counter.is_open.is_(False))).all()
    return {number: reason or "closed" for number, reason in rows}


def playback_rate() -> float:
    """?rate=1.2 speeds the voice up on one screen (a slow engine); tests use it to keep bursts short."""
    try:
        rate = float(request.args.get("rate", 1))
    except ValueError:
        return 1.0
    return min(MAX_RATE, max(MIN_RATE, rate)) if rate == rate else 1.0


def wall_data(config, device) -> dict:
    """What the wall page needs besides the snapshot: which counters and fields it shows, and its voice."""
    counters = [c for c in config.counters if device is None or device.counters is None
                or c.number in device.counters]
    shown_fields = display_extra(device, "fields", None) if device is not None else None
    if shown_fields is not None:
        fields = list(shown_fields)
    elif device is not None and device.counters is not None:
        fields = list(dict.fromkeys(f for c in counters for f in c.field_ids))
    else:
        fields = None  # every field the centre serves
    sound = (display_extra(device, "sound", True) if device is not None else True) \
        and request.args.get("sound") != "off"
    return {"display_id": device.id if device else None, "counters": [c.number for c in counters],
            "own_fields": shown_fields is not None, "sound_off": request.args.get("sound") == "off",
            # every counter, including those an admin adds later (pushed live by counter_changed)
            "all_counters": device is None or device.counters is None,
            "fields": fields, "highlight_seconds": config.highlight_seconds, "timezone": config.timezone.key,
            "sound": sound, "repeat": config.announcement_repeat, "rate": playback_rate()}


@bp.get("/display")
@bp.get("/display/<display_id>")
def wall_display(display_id: str | None = None):
    """A wall display: the number called at each of its counters, the last calls, people waiting."""
    config = centre_config()
    device = config.device(display_id) if display_id else None
    if display_id and (device is None or device.kind != "display"):
        displays = [d for d in config.devices if d.kind == "display"]
        return render_template("displays/unknown.html", centre=config, display_id=display_id,
                               displays=displays), 404
    notice = display_extra(device, "notice", None) if device is not None else None
    notice = notice if notice is not None else getattr(config, "notice", "")
    data = {**wall_data(config, device), "closed_reasons": closed_reasons()}
    return render_template("displays/wall.html", centre=config, device=device, notice=notice,
                           counter_count=len(data["counters"]), page_data=data)


@bp.get("/display/counter/<int:number>")
def counter_display(number: int):
    """The small screen above one counter: the number being served there, large."""
    config = centre_config()
    counter = next((c for c in config.counters if c.number == number), None)
    if counter is None:
        return render_template("displays/unknown.html", centre=config, counter_number=number,
                               displays=[d for d in config.devices if d.kind == "display"]), 404
    data = {"counter": counter.number, "highlight_seconds": config.highlight_seconds,
            "timezone": config.timezone.key, "closed_reason": closed_reasons().get(counter.number)}
    return render_template("displays/counter.html", centre=config, counter=counter, page_data=data)


def counters_on_no_display(config) -> list[int]:
    """The counters no configured wall display shows: calls there reach only /display and the counter's own
    screen, nobody in the hall sees or hears them."""
    walls = [d for d in config.devices if d.kind == "display"]
    return [c.number for c in config.counters
            if not any(d.counters is None or c.number in d.counters for d in walls)]


class UnshownCalls:
    """Warns once per counter (not per call) that a call there is shown on no display; again only if the
    counter was shown meanwhile. The configuration is read at each call: admins add counters and displays."""

    def __init__(self, centre):
        self.centre = centre
        self.warned: set[int] = set()
        self._lock = threading.Lock()

    def check(self, name: str, payload: dict) -> None:
        number = (payload.get("ticket") or {}).get("counter_number") if name in CALL_EVENTS else None
        if number is None:
            return
        unshown = number in counters_on_no_display(self.centre.config)
        with self._lock:
            first = unshown and number not in self.warned
            if unshown:
                self.warned.add(number)
            else:
                self.warned.discard(number)
        if first:
            log.warning("counter %s is shown on no display: %s there is not seen or heard in the hall (only on "
                        "/display and /display/counter/%s); register a display showing it on /admin/devices",
                        number, payload["ticket"].get("number"), number)


@bp.record_once
def watch_unshown_counters(state) -> None:
    """At start-up, names the counters no display shows; then follows the calls the server publishes."""
    centre = state.app.extensions["motcua"]
    missing = counters_on_no_display(centre.config)
    if missing:
        log.warning("devices.displays: counters shown on no display: %s (their calls will be seen and heard by "
                    "nobody in the hall; /admin/devices registers a display)", ", ".join(map(str, missing)))
    centre.db.listeners.append(UnshownCalls(centre).check)


def _nest_announcements() -> None:
    # The audio routes travel with the display pages (registered by queue_server/web/pages.py).
    from displays.announcements import bp as announcements_bp
    bp.register_blueprint(announcements_bp)


_nest_announcements()
