"""A size cap for the voice cache: the least recently used recordings go first.

Every cache hit refreshes the file's modification time (`used`), every new file is added to a running total
(`added`); when the total passes the cap, the oldest files of `segments/` and `calls/` are deleted until the
cache is at 90 % of it. A deleted recording is simply made again the next time it is needed. Files used in the
last few seconds are kept, so a file is never taken away between its rendering and its sending.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger("displays.voice")

EVICTED_SUBFOLDERS = ("segments", "calls")  # the chime (at the top) stays
KEEP_RECENT_S = 10.0


class CacheBudget:
    def __init__(self, root: Path | str, max_bytes: int, keep_recent_s: float = KEEP_RECENT_S):
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.keep_recent_s = keep_recent_s
        self.total: int | None = None  # bytes in the evictable folders; counted on first use
        self.lock = threading.Lock()

    def used(self, path: Path) -> None:
        """A cache hit: the file is now the most recently used."""
        try:
            os.utime(path)
        except OSError:  # evicted or replaced meanwhile: it is made again when asked for
            pass

    def added(self, *paths: Path) -> None:
        """New files in the cache (a recording and its .txt note): evicts when the cap is passed."""
        size = sum(_size(p) for p in paths)
        with self.lock:
            self.total = self._scan_total() if self.total is None else self.total + size
            if self.total > self.max_bytes:
                self._evict()

    def _files(self) -> list[tuple[float, int, Path]]:
        found = []
        for folder in EVICTED_SUBFOLDERS:
            for path in (self.root / folder).rglob("*"):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                if path.is_file():
                    found.append((stat.st_mtime, stat.st_size, path))
        return found

    def _scan_total(self) -> int:
        return sum(size for _, size, _ in self._files())

    def _evict(self) -> None:
        files = sorted(self._files())
        total, target = sum(size for _, size, _ in files), int(self.max_bytes * 0.9)
        recent = time.time() - self.keep_recent_s
        removed = 0
        for mtime, size, path in files:
            if total <= target or mtime > recent:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        self.total = total
        log.info("voice cache: removed %d least recently used files (%.1f MB kept, cap %.1f MB)", removed,
                 total / 1e6, self.max_bytes / 1e6)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
