"""Everything around the queue fails at once: the kiosk's printer is gone, every speech engine fails, the
reception robot (Rasa) is not running. The centre still issues and calls tickets through the API, a display
still gets the call, and each broken part degrades the way its own issue promises."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from fault_support import ROOT, bearer, call_next, free_port, issue, make_tokens, wait_until

pytestmark = pytest.mark.slow


def test_printer_voice_and_robot_all_down_the_centre_still_issues_and_calls(tmp_path, server_factory, displays):
    nothing = free_port()  # no printer, proxy or Rasa listens here
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    server = server_factory(f"sqlite:///{tmp_path / 'centre.db'}", extra_env={
        "MOTCUA_RASA_URL": f"http://127.0.0.1:{nothing}",  # the robot is not running
        "MOTCUA_VOICE_ENGINE": "auto",  # gTTS, then espeak-ng: both fail below
        "PATH": str(empty_bin),  # no espeak-ng (nor sox) to be found
        "HTTPS_PROXY": f"http://127.0.0.1:{nothing}", "HTTP_PROXY": f"http://127.0.0.1:{nothing}",  # no internet
        "NO_PROXY": "127.0.0.1,localhost",
        "MOTCUA_VOICE_CACHE": str(tmp_path / "voice-cache"),  # nothing rendered in advance
        "MOTCUA_VOICE_PREFILL": "on",  # and the background prefill fails too
    })
    tokens = make_tokens(server.env["DATABASE_URL"], ("kiosk", "kiosk-1"), ("staff", "canbo"))
    display = displays(server.url)
    agent_log = open(tmp_path / "agent.log", "wb")
    agent = subprocess.Popen(
        [sys.executable, "-m", "printer.agent", "--server", server.url, "--token", tokens["kiosk"],
         "--printer", f"tcp://127.0.0.1:{nothing}", "--poll-interval", "0.5", "--status-interval", "1"],
        cwd=ROOT, stdout=agent_log, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        response = issue(server.url, tokens["kiosk"])
        assert response.status_code == 201, response.text
        ticket = response.json()["ticket"]
        called = call_next(server.url, tokens["staff"], counter=1)
        assert called.status_code == 200 and called.json()["ticket"]["number"] == ticket["number"]
        event = display.next("ticket_called", lambda p: p["ticket"]["number"] == ticket["number"])
        assert event["counter"]["number"] == 1
        assert time.monotonic() - started < 20

        # the voice: the display asks for the call's audio and gets an answer (speech or a clear 503) at once
        asked = time.monotonic()
        audio = requests.get(f"{server.url}/announcements/call.wav", params={"number": ticket["number"], "counter": 1},
                             timeout=30)
        assert time.monotonic() - asked < 10
        if audio.status_code != 200:
            assert audio.status_code == 503 and audio.json()["error"]["code"], audio.text[:500]

        # the printer: reported offline to everyone, the ticket's print job kept until it can be printed
        def offline_alert():
            alerts = requests.get(server.url + "/api/v1/printer-alerts", headers=bearer(tokens["staff"]),
                                  timeout=10).json()["alerts"]
            return next((a for a in alerts if a["device_id"] == "kiosk-1" and a["printer_status"] == "offline"), None)

        wait_until(offline_alert, 60, "the kiosk's printer known to be offline", interval=0.5)
        # Displays heard it live, unless they were reconnecting at that moment (Socket.IO replays nothing; a
        # reconnected page reloads its state): then the agent's log and the reconnections say why.
        if not display.received("printer_status_changed", lambda p: p["printer_status"] == "offline"):
            try:
                display.next("printer_status_changed", lambda p: p["printer_status"] == "offline", timeout=10)
            except AssertionError:
                assert len(display.connects) > 1, Path(tmp_path / "agent.log").read_text()[-2000:]

        def job_tried():
            jobs = requests.get(server.url + "/api/v1/print-jobs", headers=bearer(tokens["kiosk"]), timeout=10).json()
            return next((j for j in jobs["jobs"] if j["ticket"]["number"] == ticket["number"] and j["attempts"]), None)

        wait_until(job_tried, 60, "the print job tried, failed and still pending", interval=0.5)
        assert agent.poll() is None, Path(tmp_path / "agent.log").read_text()[-2000:]  # the agent keeps going

        # the robot: when the relay is there, the visitor gets its fallback at once
        asked = time.monotonic()
        reply = requests.post(server.url + "/api/v1/assistant/messages",
                              json={"sender": "fault-test", "text": "làm giấy khai sinh ở quầy nào"}, timeout=30)
        if reply.status_code != 404:
            assert reply.status_code == 200 and time.monotonic() - asked < 5, reply.text[:500]
            body = reply.json()
            assert body["replies"] and body.get("fallback", body["replies"][0].get("fallback")) is True, body

        # and the queue carries on
        second = issue(server.url, tokens["staff"], procedure="chung_thuc_ban_sao").json()["ticket"]
        assert call_next(server.url, tokens["staff"], counter=3).json()["ticket"]["number"] == second["number"]
        display.next("ticket_called", lambda p: p["ticket"]["number"] == second["number"])
        log = server.log_path.read_text(errors="replace")
        assert "Traceback" not in log and '" 500 -' not in log, log[-3000:]  # degraded, never crashed
    finally:
        agent.terminate()
        try:
            agent.wait(15)
        except subprocess.TimeoutExpired:
            agent.kill()
            agent.wait(10)
        agent_log.close()
