"""Several processes on one database: no duplicate number, no ticket called twice, none lost."""

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from queue_server import models

WORKER = Path(__file__).with_name("concurrency_worker.py")
PROCESSES, TICKETS_EACH = 4, 100


def run_workers(database_url: str, mode: str, arguments: list[str]) -> list[dict]:
    barrier = Path(tempfile.mkdtemp(prefix="motcua-barrier-"))  # all start together, however slow to launch
    workers = [subprocess.Popen([sys.executable, str(WORKER), database_url, mode, argument, str(barrier),
                                 str(len(arguments))],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for argument in arguments]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.slow
def test_four_processes_issue_and_four_counters_call_at_once(centre, database_url):
    # centre (the app fixture) has created and seeded the schema; the workers share that database.
    issued = run_workers(database_url, "issue", [str(TICKETS_EACH)] * PROCESSES)
    numbers = [n for result in issued for n in result["numbers"]]
    assert len(numbers) == PROCESSES * TICKETS_EACH
    duplicates = [n for n, count in Counter(numbers).items() if count > 1]
    assert duplicates == []
    assert sorted(n for n in numbers if n.startswith("A-")) == [f"A-{i:03d}" for i in range(1, 201)]
    assert sorted(n for n in numbers if n.startswith("B-")) == [f"B-{i:03d}" for i in range(1, 201)]

    called = run_workers(database_url, "call", ["1", "2", "3", "8"])
    called_ids = [ticket_id for result in called for ticket_id in result["called"]]
    assert len(called_ids) == len(set(called_ids)), "a ticket was called by two counters"
    # They really ran at once (more than one got work); SQLite's busy handler does not promise each process
    # a turn, so a counter that kept losing the write lock may have found the queue empty: that is not a fault.
    busy = sum(1 for result in called if result["called"])
    assert busy >= 2 if database_url.startswith("sqlite") else busy == 4, f"{busy} counters got work"
    with centre.db.reading() as session:
        all_ids = set(session.scalars(select(models.Ticket.id)))
        assert set(called_ids) == all_ids, "a ticket was lost"
        call_events = session.execute(select(models.TicketEvent.ticket_id, func.count())
                                      .where(models.TicketEvent.kind == "called")
                                      .group_by(models.TicketEvent.ticket_id)).all()
        assert {count for _ticket, count in call_events} == {1}
        assert session.scalar(select(func.count()).select_from(models.Ticket)
                              .where(models.Ticket.status.in_(("issued", "transferred")))) == 0
