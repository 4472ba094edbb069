"""The real parts together: the queue server process, `python -m printer.agent` in its own process, and the
fake network printer. A kiosk's ticket comes out of its printer with the right QR code and is acked on the
server; a ticket issued while the agent is down prints when it is back."""

import subprocess
import sys
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from printer_fakes import printed_urls, wait_until

ROOT = Path(__file__).resolve().parents[2]


class AgentProcess:
    def __init__(self, server, printer_uri: str, log_path: Path):
        self.args = [sys.executable, "-m", "printer.agent", "--server", server.url, "--token", server.tokens["kiosk"],
                     "--printer", printer_uri, "--poll-interval", "0.5", "--status-interval", "1"]
        self.log_path = log_path
        self.process = self.log = None

    def start(self) -> "AgentProcess":
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.args, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        if self.log:
            self.log.close()

    def alive(self) -> bool:
        return self.process.poll() is None


def issue(server) -> dict:
    response = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, timeout=10,
                             headers={"Authorization": "Bearer " + server.tokens["kiosk"]})
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def test_the_kiosks_tickets_print_are_acked_and_survive_an_agent_restart(live_server, fake_printer, tmp_path):
    engine = create_engine(live_server.env["DATABASE_URL"])

    def jobs() -> list[tuple]:  # what the server has stored, as the agent cannot lie about it
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(
                "SELECT t.number, j.status, j.kind FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id ORDER BY j.id"))]

    agent = AgentProcess(live_server, fake_printer.uri(), tmp_path / "agent.log").start()
    try:
        first = issue(live_server)
        wait_until(lambda: jobs() == [(first["number"], "printed", "ticket")], "the first job acked as printed")
        wait_until(lambda: fake_printer.jobs, "the printer to close the job")  # it files a job when the agent hangs up
        assert printed_urls(fake_printer) == [first["track_url"]]
        assert agent.alive()

        agent.stop()
        second = issue(live_server)  # nobody is listening: the job waits on the server
        assert jobs()[-1] == (second["number"], "pending", "ticket")
        assert len(fake_printer.jobs) == 1

        agent = AgentProcess(live_server, fake_printer.uri(), tmp_path / "agent.log").start()
        wait_until(lambda: jobs()[-1][1] == "printed", "the waiting job printed after the restart")
        wait_until(lambda: len(fake_printer.jobs) == 2, "the printer to close the second job")
        assert printed_urls(fake_printer) == [first["track_url"], second["track_url"]]  # nothing lost or doubled
        pending = requests.get(live_server.url + "/api/v1/print-jobs?status=pending", timeout=10,
                               headers={"Authorization": "Bearer " + live_server.tokens["kiosk"]}).json()["jobs"]
        assert pending == []
    finally:
        agent.stop()
        engine.dispose()
        print((tmp_path / "agent.log").read_text(errors="replace")[-3000:])  # shown when the test fails


def test_an_agent_with_an_unknown_kiosk_token_says_so_prints_nothing_and_keeps_running(live_server, fake_printer,
                                                                                      tmp_path):
    log_path = tmp_path / "agent.log"
    agent = AgentProcess(live_server, fake_printer.uri(), log_path)
    agent.args[agent.args.index("--token") + 1] = "not-a-kiosk-token"
    agent.start()
    try:
        issue(live_server)  # a real kiosk's ticket: its job is not this agent's to print
        wait_until(lambda: "the kiosk token was refused" in log_path.read_text(errors="replace"),
                   "a log line saying the token was refused")
        assert agent.alive() and fake_printer.jobs == []
    finally:
        agent.stop()
        print(log_path.read_text(errors="replace")[-3000:])
