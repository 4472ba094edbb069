"""The `Centre`: everything of one centre, built once in the app factory and passed down.

It owns the validated config (replaced in one place, `replace_config`, when an admin edit is applied), the
database, the clock (tests move it), the server settings, and the per-centre state that used to hide in
globals keyed by id(): the applied config version, the service-duration cache and the voices. Views reach it
through `current_centre()`; code holding the app uses `centre_of(app)`. Several centres in one deployment
(issue 17) will be several of these objects.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

from flask import Flask, current_app

from queue_server.centre_config import CentreConfig
from queue_server.db import Database
from queue_server.settings import Settings

if TYPE_CHECKING:  # the voices are built by the pages that speak; the centre only holds them
    from displays.announcements import VoiceService
    from displays.voice.cache_budget import CacheBudget
    from robot_screen.speech import RobotVoice

EXTENSION = "motcua"  # the one key in app.extensions


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(eq=False)
class Centre:
    config: CentreConfig
    db: Database
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


def centre_of(app: Flask) -> Centre:
    return app.extensions[EXTENSION]


def current_centre() -> Centre:
    """The centre of the request being served."""
    return current_app.extensions[EXTENSION]
