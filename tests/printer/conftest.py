import copy
import threading

import pytest

from printer.agent import AgentConfig, PrintAgent
from printer_fakes import FakeNetworkPrinter, FakeQueueServer

SAMPLE_JOB = {
    "id": 17,
    "kind": "ticket",
    "attempts": 0,
    "created_at": "2026-11-22T08:05:03+07:00",
    "centre": {"name": "Trung tâm Phục vụ hành chính công phường Ba Đình", "address": "25 Đội Cấn, Ba Đình, Hà Nội"},
    "ticket": {
        "id": 123,
        "number": "A-025",
        "status": "issued",
        "field_id": "ho_tich",
        "field_name": {"vi": "Hộ tịch", "en": "Civil status registration"},
        "procedure_id": "khai_sinh",
        "procedure_name": {"vi": "Đăng ký khai sinh", "en": "Birth registration"},
        "priority": None,
        "counters": [{"number": 1, "name": "Quầy 1 – Hộ tịch", "location": "Tầng 1, bên trái"}],
        "people_ahead": 4,
        "eta_minutes": 18,
        "issued_at": "2026-11-22T08:05:03+07:00",
        "track_url": "http://127.0.0.1:5000/t/Xy12abcDEF",
    },
}


@pytest.fixture
def job():
    return copy.deepcopy(SAMPLE_JOB)


@pytest.fixture
def fake_printer():
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


@pytest.fixture
def fake_server():
    server = FakeQueueServer()
    yield server
    server.stop()


@pytest.fixture
def start_agent():
    """start_agent(server, printer_uri=None, **config) -> running PrintAgent; stopped after the test."""
    running = []

    def start(server, printer_uri=None, **overrides):
        # Long-polling only: python-engineio 4.15 leaves the socket of an interrupted WebSocket
        # upgrade unclosed, and the project turns that ResourceWarning into a failure of whichever
        # test happens to run when it is garbage-collected.
        settings = dict(poll_interval=0.3, status_interval=0.3, retry_base=0.1, retry_max=0.5,
                        socketio_transports=["polling"])
        settings.update(overrides)
        agent = PrintAgent(AgentConfig(server=server.url, token=server.token, printer_uri=printer_uri, **settings))
        thread = threading.Thread(target=agent.run, daemon=True)
        thread.start()
        agent.thread = thread
        running.append(agent)
        return agent

    yield start
    for agent in running:
        agent.stop()
        agent.thread.join(timeout=20)  # run() waits up to 10 s for a connect in progress, then 5 s for shutdown
        assert not agent.thread.is_alive(), "the agent did not stop"
