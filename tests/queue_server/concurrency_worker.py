"""One worker process of the concurrency test: issues tickets or calls them, on a shared database.

Usage: python concurrency_worker.py DATABASE_URL issue COUNT  |  DATABASE_URL call COUNTER_NUMBER
         [BARRIER_DIR WORKERS]
With a barrier, each worker starts only once all WORKERS are ready (imports done, database open), so they
really run at the same time however slowly a loaded machine starts processes.
Prints one JSON line: the numbers issued, or the ticket ids called.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from queue_server.centre_config import load_centre_config  # noqa: E402
from queue_server.context import Centre  # noqa: E402
from queue_server.db import Database  # noqa: E402
from queue_server.services import counter_work, issuing  # noqa: E402

PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao")


def wait_for_the_others(barrier: Path, workers: int, timeout: float = 120.0) -> None:
    (barrier / str(os.getpid())).touch()
    deadline = time.monotonic() + timeout
    while len(list(barrier.iterdir())) < workers:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(list(barrier.iterdir()))} of {workers} workers ready")
        time.sleep(0.01)


def main(url: str, mode: str, argument: str, barrier: str | None = None, workers: str = "1") -> None:
    root = Path(__file__).resolve().parents[2]
    centre = Centre(config=load_centre_config(root / "config" / "demo"), db=Database(url))
    if barrier:
        wait_for_the_others(Path(barrier), int(workers))
    if mode == "issue":
        numbers = [issuing.issue_ticket(centre, PROCEDURES[i % 2], None, None, "worker", "http://test/")["number"]
                   for i in range(int(argument))]
        print(json.dumps({"numbers": numbers}))
    else:
        called = []
        while (ticket := counter_work.call_next(centre, int(argument), f"counter-{argument}")) is not None:
            called.append(ticket["id"])
        print(json.dumps({"called": called}))
    centre.db.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:6])
