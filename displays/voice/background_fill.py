"""Fills the cache with the preferred (network) engine off the call path, one segment at a time."""

from __future__ import annotations

import logging
import queue
import threading

from .engines.base import EngineError, SpeechEngine
from .engines.fallback import FallbackEngine
from .segment_cache import SegmentCache

log = logging.getLogger("displays.voice")


class BackgroundFiller:
    def __init__(self, chain: FallbackEngine, cache: SegmentCache):
        self.chain = chain
        self.cache = cache
        self._queue: queue.Queue[tuple[str, SpeechEngine]] = queue.Queue()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def schedule(self, text: str, current: SpeechEngine) -> bool:
        """Ask for a better rendering of `text` than `current`'s; False if already queued."""
        with self._lock:
            if text in self._pending:
                return False
            self._pending.add(text)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="voice-cache-fill", daemon=True)
                self._thread.start()
        self._queue.put((text, current))
        return True

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every scheduled segment was tried (for tests, benchmarks and shutdown)."""
        done = threading.Event()
        threading.Thread(target=lambda: (self._queue.join(), done.set()), daemon=True).start()
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            text, current = self._queue.get()
            try:
                self.chain.fill(text, self.cache, better_than=current)
            except EngineError:
                pass  # already logged once by EngineHealth; the fallback rendering stays in use
            except Exception:  # a background thread must not die silently
                log.exception("voice cache fill failed for %r", text)
            finally:
                with self._lock:
                    self._pending.discard(text)
                self._queue.task_done()
