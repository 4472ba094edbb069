"""The `Centre`: everything of one centre, built once in the app factory and passed down.

It owns the validated config (replaced in one place, `replace_config`, when an admin edit is applied), the
database, the clock (tests move it), the server settings, and the per-centre state that used to hide in
globals keyed by id(): the applied config version, the service-duration cache and the voices. Views reach it
through `current_centre()`; code holding the app uses `centre_of(app)`.

Several centres in one deployment (issue 17) are several of these objects in a `City` (the app's one
extension). A request names its centre in its path (`/c/<id>/…`, `/api/v1/centres/<id>/…`; centre_paths.py
puts the id in the WSGI environ); a request that names none is the first centre's, so a single-centre
deployment keeps its URLs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

from flask import Flask, current_app, has_request_context, request

from queue_server.centre_config import CentreConfig
from queue_server.db import Database
from queue_server.settings import Settings

if TYPE_CHECKING:  # the voices are built by the pages that speak; the centre only holds them
    from displays.announcements import VoiceService
    from displays.voice.cache_budget import CacheBudget
    from robot_screen.speech import RobotVoice

EXTENSION = "motcua"  # the one key in app.extensions: the City
CENTRE_KEY = "motcua.centre"  # the WSGI environ's key for the centre a path names (centre_paths.py)


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(eq=False)
class Centre:
    config: CentreConfig
    db: Database
    id: str = "centre"  # in URLs (/c/<id>/) and room names (queue_server/city.py)
    # before every Socket.IO room name: "" alone, "centre:<id>:" in a city, so no event crosses centres
    room_prefix: str = ""
    clock: Callable[[], datetime] = system_clock
    settings: Settings = field(default_factory=Settings)
    # the version of the admins' settings `config` was built from (services/centre_settings.py)
    config_version: int | None = None
    # {(field_id, service_day): (read at, durations)} (services/service_times.py)
    service_durations: dict = field(default_factory=dict)
    voice: VoiceService | None = None  # the displays' calls (displays/announcements.py), built on first use
    robot_voice: RobotVoice | None = None  # the robot's answers (robot_screen/), built on first use
    voice_budget: CacheBudget | None = None  # the size cap both voices share
    voice_prefill_started: bool = False
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def room(self, name: str) -> str:
        """The Socket.IO room of this centre called `name` (services/events.py names them)."""
        return self.room_prefix + name

    def replace_config(self, config: CentreConfig, version: int | None) -> None:
        """The one place the config changes: a validated config and the settings version it comes from. A
        config built from an older version (a slower concurrent refresh) never replaces a newer one."""
        with self._lock:
            if version is not None and self.config_version is not None and version < self.config_version:
                return
            self.config, self.config_version = config, version

    def built(self, name: str, build: Callable[[], Any]) -> Any:
        """The attribute `name`, built once by `build()` on first use (thread-safe)."""
        value = getattr(self, name)
        if value is None:
            with self._lock:
                value = getattr(self, name)
                if value is None:
                    value = build()
                    setattr(self, name, value)
        return value


@dataclass(eq=False)
class City:
    """The centres of one deployment, in their config's order; the first answers paths that name none."""

    centres: dict[str, Centre]
    name: str = ""
    name_en: str = ""
    alert_wait_minutes: int = 30  # the city view's alert (city.yaml: city.alert_wait_minutes)
    is_city: bool = False  # False: one centre, configured alone (centre.yaml)

    @property
    def default(self) -> Centre:
        return next(iter(self.centres.values()))

    def get(self, centre_id: str | None) -> Centre | None:
        return self.centres.get(centre_id) if centre_id else None

    def __iter__(self):
        return iter(self.centres.values())

    def __len__(self) -> int:
        return len(self.centres)


def city_of(app: Flask) -> City:
    return app.extensions[EXTENSION]


def centre_of(app: Flask) -> Centre:
    """The app's first centre (the only one, but in a city): what code outside a request serves."""
    return app.extensions[EXTENSION].default


def current_city() -> City:
    return current_app.extensions[EXTENSION]


def current_centre() -> Centre:
    """The centre of the request (or Socket.IO connection) being served: the one its path names, else the
    first."""
    city = current_app.extensions[EXTENSION]
    if has_request_context():
        return city.get(request.environ.get(CENTRE_KEY)) or city.default
    return city.default
