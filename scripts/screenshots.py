"""Regenerate docs/screenshots/: one picture per surface, at the size its screen has, on a fresh demo centre.

A queue server on a free loopback port with its own temporary data, a few tickets and moves through the API,
then Debian's Chromium (as the browser tests drive it) photographs each page; the paper ticket is the print
job rendered exactly as the print agent prints it. Run: `make screenshots` (or .venv/bin/python scripts/screenshots.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from live_server import LiveServer, busy_kiosk_config, cli  # noqa: E402  (the tests' way of running the real server)
from printer.layout import render_ticket  # noqa: E402
from printer.profiles import PROFILES  # noqa: E402
from printer.ticket import TicketJob  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "mat-khau-demo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(var: Path) -> LiveServer:
    port = free_port()
    var.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(MOTCUA_HOST="127.0.0.1", MOTCUA_PORT=str(port), MOTCUA_VAR_DIR=str(var), MOTCUA_SECRET_KEY="screens",
               DATABASE_URL=f"sqlite:///{var / 'screens.db'}", PYTHONUNBUFFERED="1",
               MOTCUA_CONFIG=str(busy_kiosk_config(var)),  # a morning's tickets in a second, past a kiosk's pace
               MOTCUA_PUBLIC_URL="http://192.0.2.10:5000")  # a LAN-looking address on the paper's QR code
    var.mkdir(parents=True, exist_ok=True)
    server = LiveServer(env, port, var / "server.log").start()
    server.tokens = {role: cli(env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                     for role, name in [("kiosk", "kiosk-1"), ("admin", "admin")]}
    for number in (2, 3):  # staff at counters 2 and 3 (a staff member works at the counter they hold)
        server.tokens[f"staff-{number}"] = cli(env, "token", "create", "--role", "staff", "--name", f"canbo-{number}",
                                               "--counter", str(number)).strip().splitlines()[-1]
    for username, role in (("canbo1", "staff"), ("quanly", "admin")):
        cli(env, "staff", "create", "--username", username, "--password", PASSWORD, "--name", "Nguyễn Văn An",
            "--role", role)
    return server


def api(server, path, role, body=None):
    response = requests.post(f"{server.url}/api/v1{path}", json=body if body is not None else {}, timeout=10,
                             headers={"Authorization": f"Bearer {server.tokens[role]}"})
    response.raise_for_status()
    return response.json()


def sign_in(page, server, username, next_path):
    page.goto(f"{server.url}/login?next={next_path}")
    page.get_by_label("Tên đăng nhập / Username").fill(username)
    page.get_by_label("Mật khẩu / Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}{next_path}")


def shoot(browser, name, width, height, visit, locale="vi-VN"):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    try:
        visit(page)
        page.wait_for_timeout(400)  # let the last live update paint
        page.screenshot(path=str(OUT / f"{name}.png"))
        print(f"  docs/screenshots/{name}.png ({width}×{height})")
    finally:
        context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "var")
        try:
            take_all(server)
        finally:
            server.stop()


def take_all(server) -> None:
    # A morning under way: tickets in several fields, two called, one finished.
    for procedure, priority in (("khai_sinh", None), ("khai_sinh", "elderly_60"), ("chung_thuc_ban_sao", None),
                               ("ket_hon", None), ("cap_gcn_lan_dau", None), ("chung_thuc_ban_sao", "disabled")):
        api(server, "/tickets", "kiosk", {"procedure_id": procedure, "priority": priority})
    english = api(server, "/tickets", "kiosk", {"procedure_id": "khai_sinh", "priority": "with_infant",
                                                 "language": "en"})["ticket"]
    api(server, "/counters/2/call-next", "staff-2")
    api(server, "/counters/3/call-next", "staff-3")
    api(server, "/counters/3/done", "staff-3")
    api(server, "/counters/3/call-next", "staff-3")
    kiosk_url = f"{server.url}/kiosk#token={server.tokens['kiosk']}"

    def kiosk_start(page):
        page.goto(kiosk_url)
        expect(page.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()

    def kiosk_details_english(page):
        kiosk_start(page)
        page.get_by_role("button", name="English").click()
        page.get_by_role("button", name="Civil status registration").first.click()
        page.get_by_role("button", name="Birth registration", exact=True).click()
        page.get_by_role("button", name="Carrying a small child").click()

    def wall(page):
        page.goto(f"{server.url}/display/hall?sound=off")
        expect(page.locator("#counter-rows tr").first).to_be_visible()

    def tracking(page):
        page.goto(f"{server.url}/t/{english['track_token']}")
        expect(page.locator("#track-status")).not_to_be_empty()

    def console(page):
        sign_in(page, server, "canbo1", "/counter")
        expect(page.locator("#counter-state")).to_have_text("Đang mở")  # the console took counter 1 by itself
        page.keyboard.press("n")
        expect(page.locator("#counter-message")).not_to_be_empty()

    def admin(page):
        sign_in(page, server, "quanly", "/admin")
        page.goto(f"{server.url}/admin/procedures/khai_sinh")

    def audit(page):
        sign_in(page, server, "quanly", "/admin")
        page.goto(f"{server.url}/admin/audit")

    def reports(page):
        sign_in(page, server, "quanly", "/admin")
        page.goto(f"{server.url}/admin/reports")

    def robot(page):
        page.goto(f"{server.url}/robot?sound=off")
        expect(page.locator("body")).to_have_attribute("data-ready", "1")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            shoot(browser, "kiosk-portrait", 1080, 1920, kiosk_start)
            shoot(browser, "kiosk-landscape-english", 1920, 1080, kiosk_details_english)
            shoot(browser, "wall-display", 1920, 1080, wall)
            shoot(browser, "tracking-phone", 390, 844, tracking, locale="vi-VN")
            shoot(browser, "counter-console", 1366, 768, console)
            shoot(browser, "admin-procedure", 1366, 768, admin)
            shoot(browser, "admin-audit", 1366, 768, audit)
            shoot(browser, "reports", 1366, 768, reports)
            shoot(browser, "robot", 1280, 1024, robot)
        finally:
            browser.close()

    jobs = requests.get(f"{server.url}/api/v1/print-jobs", timeout=10,
                        headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}).json()["jobs"]
    job = next(j for j in jobs if j["ticket"]["id"] == english["id"])
    render_ticket(TicketJob.from_payload(job), PROFILES["80mm"]).save(OUT / "paper-ticket-english.png")
    print("  docs/screenshots/paper-ticket-english.png (80 mm, as printed)")


if __name__ == "__main__":
    main()
