"""The print agent end to end: fake queue server (Flask-SocketIO) + fake network printer."""

import copy

from printer_fakes import FakeQueueServer, printed_urls, wait_until


def test_job_pushed_over_socketio_is_printed_and_acked(fake_server, fake_printer, start_agent, job):
    # Polling is slow here, so only the Socket.IO event can explain a quick print.
    agent = start_agent(fake_server, fake_printer.uri(), poll_interval=60)
    wait_until(lambda: fake_server.socket_clients == 1, "the agent to join over Socket.IO")
    created = fake_server.add_job(job)
    wait_until(lambda: fake_server.acks_for(created["id"]), "the printed ack")
    assert fake_server.acks_for(created["id"]) == [{"status": "printed"}]
    assert fake_server.jobs[created["id"]]["status"] == "printed"
    assert printed_urls(fake_printer) == [created["ticket"]["track_url"]]
    assert "online" in fake_server.reported()
    assert agent.thread.is_alive()


def test_agent_uses_the_printer_from_its_device_record_and_prints_waiting_jobs_oldest_first(
        fake_server, fake_printer, start_agent, job):
    fake_server.device["printer_uri"] = fake_printer.uri()
    first = fake_server.add_job(job, emit=False)  # created while no agent was running
    second = fake_server.add_job(job, emit=False)
    start_agent(fake_server, printer_uri=None, use_socketio=False)
    wait_until(lambda: fake_server.jobs[second["id"]]["status"] == "printed", "both jobs printed")
    assert printed_urls(fake_printer) == [first["ticket"]["track_url"], second["ticket"]["track_url"]]


def test_staff_reprints_are_printed_whether_pushed_or_polled(fake_server, fake_printer, start_agent, job):
    # POST /tickets/<id>/reprint makes kind="reprint" jobs: the agent once dropped them on both paths.
    reprint = {**job, "kind": "reprint"}
    polled = fake_server.add_job(reprint, emit=False)  # waiting when the agent starts: only the poll finds it
    start_agent(fake_server, fake_printer.uri())
    wait_until(lambda: fake_server.jobs[polled["id"]]["status"] == "printed", "the polled reprint printed")
    wait_until(lambda: fake_server.socket_clients == 1, "the agent to join over Socket.IO")
    pushed = fake_server.add_job(reprint)
    wait_until(lambda: fake_server.jobs[pushed["id"]]["status"] == "printed", "the pushed reprint printed")
    assert fake_server.acks_for(pushed["id"]) == [{"status": "printed"}]
    assert printed_urls(fake_printer) == [polled["ticket"]["track_url"], pushed["ticket"]["track_url"]]


def test_paper_out_fails_the_job_reports_it_and_prints_once_paper_is_back(
        fake_server, fake_printer, start_agent, job):
    fake_printer.set_mode("paper_out")
    agent = start_agent(fake_server, fake_printer.uri())
    created = fake_server.add_job(job)
    wait_until(lambda: fake_server.acks_for(created["id"]), "a failed ack")
    failed = fake_server.acks_for(created["id"])[0]
    assert failed["status"] == "failed" and failed["error"].startswith("paper_out:")
    wait_until(lambda: "paper_out" in fake_server.reported(), "paper_out reported")
    assert fake_printer.jobs == []  # nothing half-printed on an empty roll

    fake_printer.set_mode("online")  # staff put a new roll in
    wait_until(lambda: fake_server.jobs[created["id"]]["status"] == "printed", "the retry to print")
    assert printed_urls(fake_printer) == [created["ticket"]["track_url"]]
    assert fake_server.jobs[created["id"]]["attempts"] >= 1
    wait_until(lambda: fake_server.reported()[-1] == "online", "online reported again")
    assert agent.thread.is_alive()


def test_silent_printer_times_out_the_job_and_the_agent_keeps_going(fake_server, fake_printer, start_agent, job):
    fake_printer.set_mode("silent")
    agent = start_agent(fake_server, fake_printer.uri())
    created = fake_server.add_job(job)
    wait_until(lambda: len(fake_server.acks_for(created["id"])) >= 2, "two failed attempts")
    assert all(a["status"] == "failed" and a["error"].startswith("unknown:") for a in fake_server.acks_for(created["id"]))
    assert "unknown" in fake_server.reported()
    assert agent.thread.is_alive()

    fake_printer.set_mode("online")
    wait_until(lambda: fake_server.jobs[created["id"]]["status"] == "printed", "the job printed after recovery")


def test_offline_printer_is_reported_and_the_job_waits(fake_server, fake_printer, start_agent, job):
    uri = fake_printer.uri()
    fake_printer.set_mode("offline")
    start_agent(fake_server, uri)
    created = fake_server.add_job(job)
    wait_until(lambda: fake_server.acks_for(created["id"]), "a failed ack")
    assert fake_server.acks_for(created["id"])[0]["error"].startswith("offline:")
    assert "offline" in fake_server.reported()
    fake_printer.set_mode("online")
    wait_until(lambda: fake_server.jobs[created["id"]]["status"] == "printed", "the job printed when back")


def test_a_printed_job_is_never_printed_again_even_if_its_ack_is_lost(fake_server, fake_printer, start_agent, job):
    fake_server.fail_next_printed_acks = 3  # the server keeps listing the job as pending meanwhile
    start_agent(fake_server, fake_printer.uri())
    created = fake_server.add_job(job)
    wait_until(lambda: fake_server.jobs[created["id"]]["status"] == "printed", "the ack to get through")
    assert len(fake_printer.jobs) == 1


def test_jobs_created_while_the_server_was_down_are_printed_after_it_restarts(
        fake_server, fake_printer, start_agent, job):
    agent = start_agent(fake_server, fake_printer.uri())
    wait_until(lambda: fake_server.socket_clients == 1, "the agent to connect")
    fake_server.stop()
    created = fake_server.add_job(job, emit=False)  # stored, but nobody was told
    fake_server.start()  # same port, same stored jobs
    wait_until(lambda: fake_server.jobs[created["id"]]["status"] == "printed", "the stored job printed")
    assert agent.thread.is_alive()


def test_a_job_with_bad_data_is_failed_without_blocking_the_next_one(fake_server, fake_printer, start_agent, job):
    start_agent(fake_server, fake_printer.uri())
    broken = copy.deepcopy(job)
    broken["ticket"]["issued_at"] = "not a time"
    bad = fake_server.add_job(broken)
    good = fake_server.add_job(job)
    wait_until(lambda: fake_server.jobs[good["id"]]["status"] == "printed", "the good job printed")
    assert fake_server.acks_for(bad["id"])[0]["error"].startswith("bad_ticket:")
    assert fake_server.jobs[bad["id"]]["status"] == "pending"


def test_a_wrong_token_is_logged_clearly_and_does_not_crash_the_agent(fake_printer, start_agent, job, caplog):
    server = FakeQueueServer(token="right")
    try:
        server.token = "wrong"  # the agent is started with this one
        agent = start_agent(server, fake_printer.uri())
        server.token = "right"
        server.add_job(job)
        wait_until(lambda: "the kiosk token was refused" in caplog.text, "a log line naming the token")
        assert fake_printer.jobs == []
        assert agent.thread.is_alive()
    finally:
        server.stop()
