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


def test_a_counter_that_keeps_losing_the_race_still_gets_the_next_ticket(centre, database_url, monkeypatch):
    """On a server database the race is real: between reading the queue's heads and claiming one, another
    counter may call it. Twenty-five such losses in a row (four counters on a loaded server) must not turn
    into "press again": each loss means the queue moved, so the counter takes the next one still waiting."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite writes one transaction at a time: no other counter can claim in between")
    from sqlalchemy import create_engine, update

    from queue_server.services import counter_work, issuing
    numbers = [issuing.issue_ticket(centre, "khai_sinh", None, None, "test", "http://test/")["number"]
               for _ in range(30)]
    other_counter = create_engine(database_url, isolation_level="AUTOCOMMIT")
    read_heads, losses = counter_work.callable_heads, []

    def heads_then_lose_the_first(session, *args, **kwargs):
        heads = read_heads(session, *args, **kwargs)
        if heads and len(losses) < 25:  # another counter calls the head just after this one read it
            losses.append(heads[0].ticket_id)
            with other_counter.connect() as connection:
                connection.execute(update(models.Ticket).where(models.Ticket.id == heads[0].ticket_id)
                                   .values(status="called", counter_number=2))
        return heads

    monkeypatch.setattr(counter_work, "callable_heads", heads_then_lose_the_first)
    try:
        ticket = counter_work.call_next(centre, 1, "canbo")
    finally:
        other_counter.dispose()
    assert len(losses) == 25
    assert ticket["number"] == numbers[25], "the oldest ticket nobody else had called"
