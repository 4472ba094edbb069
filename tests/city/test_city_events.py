"""A city's live events stay in their centre (issue 17): real Socket.IO clients on a server process, each
connected at its centre's path, hear their centre's tickets and calls and nothing of the others."""

from __future__ import annotations

import queue
import time
from pathlib import Path

import pytest
import requests
import socketio

from live_server import cli

CITY_DEMO = Path(__file__).resolve().parents[2] / "config" / "city-demo"


class Display:
    def __init__(self, url: str, centre_id: str | None):
        self.events: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda name, payload: self.events.put((name, payload)))
        path = f"/c/{centre_id}/socket.io" if centre_id else "/socket.io"
        self.client.connect(url, transports=["websocket"], socketio_path=path, wait_timeout=10)

    def heard(self, name: str, seconds: float) -> list[dict]:
        found, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                event, payload = self.events.get(timeout=left)
            except queue.Empty:
                break
            if event == name:
                found.append(payload)
        return found


def token(server, centre_id: str, role: str, name: str) -> str:
    return cli(server.env, "--centre", centre_id, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]


@pytest.fixture
def city_server(live_server_factory):
    return live_server_factory(config_path=CITY_DEMO)


def test_a_display_hears_its_own_centres_tickets_and_calls_only(city_server):
    url = city_server.url
    kiosk = {"Authorization": "Bearer " + token(city_server, "hoan-kiem", "kiosk", "kiosk-1")}
    staff = {"Authorization": "Bearer " + token(city_server, "hoan-kiem", "staff", "lan")}
    hoan_kiem, dong_da, first = Display(url, "hoan-kiem"), Display(url, "dong-da"), Display(url, None)
    try:
        issued = requests.post(f"{url}/api/v1/centres/hoan-kiem/tickets", json={"procedure_id": "khai_sinh"},
                               headers=kiosk, timeout=10)
        assert issued.status_code == 201, issued.text
        number = issued.json()["ticket"]["number"]
        claimed = requests.post(f"{url}/api/v1/centres/hoan-kiem/console/claim", json={"counter_number": 1},
                                headers=staff, timeout=10)
        assert claimed.status_code == 200, claimed.text
        called = requests.post(f"{url}/api/v1/centres/hoan-kiem/counters/1/call-next", json={}, headers=staff,
                               timeout=10)
        assert called.status_code == 200, called.text

        assert [p["ticket"]["number"] for p in hoan_kiem.heard("ticket_called", 5)][:1] == [number]
        assert dong_da.heard("ticket_called", 1) == [] and first.heard("ticket_called", 0.2) == []
        assert dong_da.heard("ticket_issued", 0.2) == [] and first.heard("ticket_issued", 0.2) == []
        # the Hoàn Kiếm token means nothing at Đống Đa
        refused = requests.post(f"{url}/api/v1/centres/dong-da/tickets", json={"procedure_id": "khai_sinh"},
                                headers=kiosk, timeout=10)
        assert refused.status_code == 401
    finally:
        for display in (hoan_kiem, dong_da, first):
            display.client.disconnect()
