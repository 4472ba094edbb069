"""Display pages: the wall display of a hall or floor (/display/<id>) and the small one above a counter
(/display/counter/<n>). Both draw GET /api/v1/queue and then follow the public Socket.IO events. A client of
the queue server: the config from the centre, the rest from services/display_watch.py and the API. The app
factory registers this blueprint and the audio one (displays/announcements.py), web/pages.py."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from queue_server.context import current_centre
from queue_server.services.display_watch import closed_reasons

bp = Blueprint("displays", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/displays")

MIN_RATE, MAX_RATE = 0.5, 4.0


def display_extra(device, name: str, default):
    """A display's notice, shown fields or sound: stored in the database (seeded from the YAML, edited on
    /admin/displays) and applied to the live config by services/centre_settings.py."""
    value = getattr(device, name, None)
    return default if value is None else value


def centre_config():
    return current_centre().config


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
    data = {**wall_data(config, device), "closed_reasons": closed_reasons(current_centre())}
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
            "timezone": config.timezone.key, "closed_reason": closed_reasons(current_centre()).get(counter.number)}
    return render_template("displays/counter.html", centre=config, counter=counter, page_data=data)
