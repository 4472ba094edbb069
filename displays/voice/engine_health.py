"""Remembers which engines are failing, so failures are logged once and a dead engine is left alone.

Without this, an offline centre would log a gTTS error on every call and wait for a network timeout on
every segment of a prefill run.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

log = logging.getLogger("displays.voice")

DEFAULT_REST_S = 60.0  # after a failure, an engine is not tried again for this long


class EngineHealth:
    def __init__(self, rest_s: float = DEFAULT_REST_S, clock: Callable[[], float] = time.monotonic):
        self.rest_s = rest_s
        self._clock = clock
        self._failed_at: dict[str, float] = {}
        self._lock = threading.Lock()

    def failed(self, engine_id: str, error: BaseException) -> None:
        with self._lock:
            first = engine_id not in self._failed_at
            self._failed_at[engine_id] = self._clock()
        if first:
            log.warning("voice engine %s failed, falling back: %s", engine_id, error)
        else:
            log.debug("voice engine %s still failing: %s", engine_id, error)

    def succeeded(self, engine_id: str) -> None:
        with self._lock:
            recovered = self._failed_at.pop(engine_id, None) is not None
        if recovered:
            log.info("voice engine %s works again", engine_id)

    def is_resting(self, engine_id: str) -> bool:
        with self._lock:
            failed_at = self._failed_at.get(engine_id)
        return failed_at is not None and self._clock() - failed_at < self.rest_s
