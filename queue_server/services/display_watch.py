"""What the wall displays need from the database, and the server's watch over what they cannot show.

`closed_reasons`: why each closed counter is closed ("break" or "closed"), so a display loaded during a break
says so (counter_changed events keep it current afterwards). `watch_unshown_counters`: at start-up, names
the counters no configured wall display shows, then warns once per counter when a call there is seen and
heard by nobody in the hall. The display pages (displays/views.py) are clients: they call these, never the
models."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select

from queue_server import models
from queue_server.context import Centre

log = logging.getLogger("displays")

CALL_EVENTS = ("ticket_called", "ticket_recalled")


def closed_reasons(centre: Centre) -> dict[int, str]:
    with centre.db.reading() as session:
        rows = session.execute(select(models.Counter.number, models.Counter.closed_reason)
                               .where(models.Counter.is_open.is_(False))).all()
    return {number: reason or "closed" for number, reason in rows}


def counters_on_no_display(config) -> list[int]:
    """The counters no configured wall display shows: calls there reach only /display and the counter's own
    screen, nobody in the hall sees or hears them."""
    walls = [d for d in config.devices if d.kind == "display"]
    return [c.number for c in config.counters
            if not any(d.counters is None or c.number in d.counters for d in walls)]


class UnshownCalls:
    """Warns once per counter (not per call) that a call there is shown on no display; again only if the
    counter was shown meanwhile. The configuration is read at each call: admins add counters and displays."""

    def __init__(self, centre: Centre):
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


def watch_unshown_counters(centre: Centre) -> None:
    """Called once by the app factory (web/pages.py): names the counters no display shows, then follows the
    calls the server publishes."""
    missing = counters_on_no_display(centre.config)
    if missing:
        log.warning("devices.displays: counters shown on no display: %s (their calls will be seen and heard by "
                    "nobody in the hall; /admin/devices registers a display)", ", ".join(map(str, missing)))
    centre.db.listeners.append(UnshownCalls(centre).check)
