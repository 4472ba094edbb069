"""After an outage of Redis between the server processes, each process sends its own pages `resync`, and the
pages reload what they show (issue 14, finding 17; the server side is tests/faults/test_fault_redis_outage.py).
In real Chromium: the hall display and the tracking page show a call they never heard of once told."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import requests
import socketio
from playwright.sync_api import expect

from live_server import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))
from fault_support import RedisServer  # noqa: E402  (a redis-server of our own: the machine's is never touched)

pytestmark = pytest.mark.skipif(not shutil.which("redis-server") and not Path("/usr/bin/redis-server").exists(),
                                reason="redis-server is not installed")


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.kill()


def test_finding_17_pages_reload_what_they_missed_when_told_to_resync(live_server_factory, redis, new_page):
    server = live_server_factory(extra_env={"MOTCUA_REDIS_URL": redis.url})
    # A second process on the same database that does not reach Redis: what it does, the pages of the first
    # process never hear of, as during an outage.
    cut_off = live_server_factory(database_url=server.env["DATABASE_URL"])
    kiosk, staff = ({"Authorization": "Bearer " + cli(server.env, "token", "create", "--role", role, "--name", name,
                                                      *extra).strip().splitlines()[-1]}
                    for role, name, extra in (("kiosk", "kiosk-1", ()), ("staff", "canbo", ("--counter", "2"))))
    ticket = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk,
                           timeout=10).json()["ticket"]
    hall = new_page(1920, 1080)
    hall.goto(server.url + "/display/hall?sound=off")
    phone = new_page(390, 844)
    phone.goto(f"{server.url}/t/{ticket['track_token']}")
    row = hall.locator("#counter-rows tr[data-counter='2']")
    expect(row.locator("td.number")).to_have_text("—")

    called = requests.post(cut_off.url + "/api/v1/counters/2/call-next", headers=staff, timeout=10)
    assert called.status_code == 200 and called.json()["ticket"]["number"] == ticket["number"]
    assert row.locator("td.number").inner_text() == "—"  # not heard: the call went through the other process

    # What the first process does when its Redis listener is back (realtime.ResilientRedisManager), sent here
    # through Redis as any process's message: every page of the process reloads.
    relay = socketio.RedisManager(redis.url, channel="flask-socketio", write_only=True)
    relay.emit("resync", {"reason": "message_queue_back"}, room="public")
    expect(row).to_contain_text(ticket["number"])
    expect(phone.locator("body")).to_contain_text("Đến lượt anh/chị!")
