"""Names with HTML in them show as text, in real Chromium, on every page that shows them.

A centre whose procedure, field, counter name and location, display notice and staff name carry
`<img src=x onerror=...>` and `<script>`: the kiosk, the wall and counter displays, the counter console, the
tracking page, the admin pages and the robot's screen must show those characters literally and run nothing.
The pages are opened with the CSP bypassed, so a sink that turns text into HTML is caught even though the
CSP would block the inline handler in production (the escaping and the CSP are two separate defences)."""

import re
from pathlib import Path

import pytest
import requests
import yaml
from playwright.sync_api import expect

from live_server import cli

DEMO_CONFIG = Path(__file__).resolve().parents[2] / "config" / "demo"

IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
SCRIPT = "<script>window.__xss=2</script>"
FIELD = f"Hộ tịch {IMG}"
PROCEDURE = f"Đăng ký khai sinh {SCRIPT}{IMG}"
COUNTER = f"Quầy 1 {IMG}"
LOCATION = f"Tầng 1 {SCRIPT}"
NOTICE = f"Thông báo {IMG}"
STAFF = f"Nguyễn Văn An {IMG}"
pytestmark = pytest.mark.browser
RAN = "() => ({xss: window.__xss || 0, injected: document.querySelectorAll('img[src=\"x\"]').length})"


@pytest.fixture(scope="module")
def evil_centre(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil-centre")
    centre = yaml.safe_load((DEMO_CONFIG / "centre.yaml").read_text(encoding="utf-8"))
    catalogue = yaml.safe_load((DEMO_CONFIG / "catalogue.yaml").read_text(encoding="utf-8"))
    field = next(f for f in catalogue["fields"] if f["id"] == "ho_tich")
    field["vi"] = FIELD
    next(p for p in field["procedures"] if p["id"] == "khai_sinh")["vi"] = PROCEDURE
    centre["centre"]["notice"] = NOTICE
    centre["counters"][0].update(name=COUNTER, location=LOCATION)
    (folder / "catalogue.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    (folder / "centre.yaml").write_text(yaml.safe_dump(centre, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def evil_server(live_server_factory, evil_centre):
    server = live_server_factory(config_path=evil_centre)
    server.tokens = {role: cli(server.env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                     for role, name in [("kiosk", "kiosk-1"), ("staff", "script")]}
    cli(server.env, "staff", "create", "--username", "an", "--password", "mat-khau-dai", "--name", STAFF,
        "--role", "admin")
    return server


@pytest.fixture
def open_page(chromium):
    contexts = []

    def make(width=1280, height=900):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN", bypass_csp=True)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()


SHOWN = """text => {
  const fold = s => s.replace(/\\s+/g, " ").toLowerCase(), wanted = fold(text);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), parts = [];
  while (walker.nextNode()) {  // text nodes (also in closed <details>), never a <script>'s JSON
    if (!walker.currentNode.parentElement.closest("script, style")) parts.push(walker.currentNode.data);
  }
  return fold(parts.join(" ")).includes(wanted)
    || [...document.querySelectorAll("input, textarea")].some(e => fold(e.value).includes(wanted));
}"""


def shows_literally(page, *texts):
    """Each text appears as characters on the page or in a form field, and nothing it carried ran."""
    for text in texts:
        try:
            page.wait_for_function(SHOWN, arg=text, timeout=15000)
        except Exception:
            raise AssertionError(f"{page.url} does not show {text!r} as text:\n{page.inner_text('body')[:1500]}")
    ran = page.evaluate(RAN)
    assert ran == {"xss": 0, "injected": 0} and page.dialogs == [], (page.url, ran, page.dialogs)


def api(server, method, path, role, **body):
    response = requests.request(method, server.url + "/api/v1" + path, json=body or {}, timeout=10,
                                headers={"Authorization": f"Bearer {server.tokens[role]}"})
    assert response.status_code < 300, response.text
    return response.json()


def test_names_with_html_show_as_text_everywhere(evil_server, open_page):
    ticket = api(evil_server, "POST", "/tickets", "kiosk", procedure_id="khai_sinh")["ticket"]
    token = ticket["track_url"].rsplit("/", 1)[-1]

    kiosk = open_page(1080, 1920)
    kiosk.goto(f"{evil_server.url}/kiosk#token={evil_server.tokens['kiosk']}")
    shows_literally(kiosk, FIELD)
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).first.click()
    shows_literally(kiosk, PROCEDURE)

    tracking = open_page(400, 800)
    tracking.goto(f"{evil_server.url}/t/{token}")
    shows_literally(tracking, ticket["number"])  # waiting: the number and its place
    api(evil_server, "POST", "/console/claim", "staff", counter_number=1)  # staff work at the counter they hold
    api(evil_server, "POST", "/counters/1/call-next", "staff")
    shows_literally(tracking, "Quầy 1")  # called: the counter's name and location, as text
    shows_literally(tracking, COUNTER)

    wall = open_page(1920, 1080)
    wall.goto(evil_server.url + "/display/hall")
    shows_literally(wall, COUNTER, NOTICE)
    counter_display = open_page(1280, 720)
    counter_display.goto(evil_server.url + "/display/counter/1")
    shows_literally(counter_display, COUNTER)
    api(evil_server, "POST", "/counters/1/recall", "staff")  # a live event carrying the names
    shows_literally(wall, COUNTER)
    api(evil_server, "POST", "/console/release", "staff")  # the script leaves counter 1 to the person below

    console = open_page()
    console.goto(evil_server.url + "/login")
    console.get_by_label("Tên đăng nhập / Username").fill("an")
    console.get_by_label("Mật khẩu / Password").fill("mat-khau-dai")
    console.get_by_role("button", name="Đăng nhập / Sign in").click()
    api(evil_server, "POST", "/tickets", "kiosk", procedure_id="khai_sinh")  # someone waiting: procedure shown
    console.goto(evil_server.url + "/counter")
    shows_literally(console, COUNTER)
    expect(console.locator("#waiting-list li")).to_have_count(1)
    shows_literally(console, "Đăng ký khai sinh")
    for path, texts in (("/admin/counters", (COUNTER, LOCATION)), ("/admin/catalogue", (FIELD, PROCEDURE)),
                        ("/admin/staff", (STAFF,)), ("/admin/procedures/khai_sinh", (PROCEDURE,)), ("/admin/audit", ())):
        console.goto(evil_server.url + path)
        shows_literally(console, *texts)

    robot = open_page(1280, 800)
    response = robot.goto(evil_server.url + "/robot")
    if response is not None and response.status == 200:
        robot.wait_for_load_state("networkidle")
        shows_literally(robot, "Quầy")
