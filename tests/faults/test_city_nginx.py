"""A city's serving set-up, for real (issue 17): two server processes under the gevent worker of
docs/deployment.md, on one PostgreSQL database and a Redis of our own, behind a real nginx started here
with deploy/nginx/motcua.conf (ports replaced). A kiosk issues and a counter calls through nginx; displays
connected through nginx (WebSocket, and long-polling, which needs the sticky cookie) receive every issue
and the call, whichever process they are on, on the connection they opened: a long-polling display under
load never loses it (nginx once reused upstream connections the gevent server was closing, and retried
those polls on the other process: 400, a reconnect). No acknowledged ticket is missing from the database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from sqlalchemy import create_engine, text

from fault_support import DEFAULT_TOKENS, QUIET, IssueLoad, RedisServer, bearer, free_port, make_tokens, wait_until
from live_server import LiveServer, busy_kiosk_config
from queue_server.db import schema_of

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GEVENT_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
LOAD_SECONDS = 10  # of issuing under long-polls: with nginx's former "Connection: close", ~17 polls dropped
# Which process answered each request, and whether nginx tried another: what a dropped long-poll is read from.
UPSTREAM_LOG = ('$msec $request_method $request_uri $status up=$upstream_addr us=$upstream_status '
                'rt=$request_time urt=$upstream_response_time uct=$upstream_connect_time '
                'conn=$connection/$connection_requests cookie=$cookie_motcua_affinity')


def gevent_server(workdir: Path, database: str, redis_url: str, name: str, config: Path | None = None) -> LiveServer:
    """The city's serving command (gunicorn, one gevent worker), in start_server's environment."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(MOTCUA_CONFIG=str(config or busy_kiosk_config(workdir)), MOTCUA_VAR_DIR=str(workdir / "var"),
               MOTCUA_SECRET_KEY="test-secret", DATABASE_URL=database, PYTHONUNBUFFERED="1",
               MOTCUA_VOICE_CACHE=str(workdir / "voice-cache"), MOTCUA_REDIS_URL=redis_url, **QUIET)
    command = [sys.executable, "-m", "gunicorn", "-k", GEVENT_WORKER, "-w", "1", "--bind", f"127.0.0.1:{port}",
               "queue_server.wsgi:app"]
    return LiveServer(env, port, workdir / f"{name}.log", command).start(timeout=90)


def nginx_config(workdir: Path, ports: list[int], listen: int) -> Path:
    site = (ROOT / "deploy" / "nginx" / "motcua.conf").read_text(encoding="utf-8")
    site = site.replace("    server 127.0.0.1:5001 max_fails=0;\n    server 127.0.0.1:5002 max_fails=0;\n",
                        "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in ports))
    assert f"127.0.0.1:{ports[0]}" in site, "deploy/nginx/motcua.conf no longer names 127.0.0.1:5001 and :5002"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};\n    add_header X-Upstream $upstream_addr always;")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read this test's private folder
    main = (f"{user}worker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n  log_format upstreams '{UPSTREAM_LOG}';\n"
            f"  access_log {workdir}/access.log upstreams;\n" +
            "".join(f"  {kind}_temp_path {workdir}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                          "uwsgi", "scgi")) +
            f"  include {workdir}/motcua.conf;\n}}\n")
    (workdir / "motcua.conf").write_text(site, encoding="utf-8")
    (workdir / "nginx.conf").write_text(main, encoding="utf-8")
    return workdir / "nginx.conf"


def two_centre_config(workdir: Path) -> Path:
    """A city of two centres, `a` and `b`, each the demo centre with a kiosk allowed to issue fast."""
    centre = busy_kiosk_config(workdir)
    (workdir / "city").mkdir()
    (workdir / "city" / "city.yaml").write_text(
        f"city: {{name: Hà Nội}}\ncentres:\n  - {{id: a, path: {centre}}}\n  - {{id: b, path: {centre}}}\n",
        encoding="utf-8")
    return workdir / "city"


@contextmanager
def behind_nginx(postgres, tmp_path: Path, two: bool):
    """Two gevent server processes (one centre, or a city of two) on one database, behind nginx."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (scripts/install-system-packages.sh installs it)")
    redis = RedisServer(tmp_path / "redis").start()
    database = postgres.new()
    servers, proxy, proxy_log = [], None, open(tmp_path / "nginx.out", "wb")
    config = two_centre_config(tmp_path) if two else None
    try:
        for name in ("a", "b"):
            servers.append(gevent_server(tmp_path, database, redis.url, f"server-{name}", config))
        tokens = make_tokens(database, *DEFAULT_TOKENS)
        if two:  # the second centre's own kiosk and clerk, in its own schema
            tokens["b"] = make_tokens(database, *DEFAULT_TOKENS, schema=schema_of("b"))
        port = free_port()
        proxy_config = nginx_config(tmp_path, [s.port for s in servers], port)
        proxy = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(proxy_config), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=proxy_log)
        url = f"http://127.0.0.1:{port}"

        def answering():
            try:
                return requests.get(url + "/api/v1/catalogue", timeout=2).ok
            except requests.RequestException:
                return False
        wait_until(answering, 20, "nginx in front of both processes", interval=0.2)
        yield SimpleNamespace(url=url, servers=servers, tokens=tokens) if two else (url, servers, tokens, database)
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(10)
        proxy_log.close()
        for server in servers:
            server.stop()
        redis.kill()


@pytest.fixture
def city(postgres, tmp_path):
    with behind_nginx(postgres, tmp_path, two=False) as serving:
        yield serving


@pytest.fixture
def two_centres(postgres, tmp_path):
    with behind_nginx(postgres, tmp_path, two=True) as serving:
        yield serving


def test_through_nginx_displays_get_every_issue_and_the_call_and_no_ticket_is_lost(city, displays):
    url, servers, tokens, database = city
    assert all("async mode gevent" in s.log_path.read_text() for s in servers)
    on_websocket, on_polling = displays(url), displays(url, transports=("polling",))

    acknowledged, upstreams = [], Counter()
    for i in range(24):  # no affinity cookie: each request lands on either process
        answer = requests.post(url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                               headers=bearer(tokens["kiosk"]), timeout=15)
        assert answer.status_code == 201, answer.text
        assert answer.headers.get("Set-Cookie", "").startswith("motcua_affinity=")
        upstreams[answer.headers["X-Upstream"]] += 1
        acknowledged.append(answer.json()["ticket"]["number"])
    assert len(upstreams) == 2, upstreams  # both processes issued: the displays heard the other one via Redis
    heard_all(on_websocket, acknowledged)
    heard_all(on_polling, acknowledged)

    with requests.Session() as staff:  # a console: one affinity cookie, so one process, as a browser would
        staff.headers.update(bearer(tokens["staff"]))
        staff.post(url + "/api/v1/console/claim", json={"counter_number": 1}, timeout=15).raise_for_status()
        called = staff.post(url + "/api/v1/counters/1/call-next", json={}, timeout=15)
    assert called.status_code == 200, called.text
    number = called.json()["ticket"]["number"]
    assert number == acknowledged[0]
    event = on_websocket.next("ticket_called", lambda p: p["ticket"]["number"] == number)
    assert event["counter"]["number"] == 1
    on_polling.next("ticket_called", lambda p: p["ticket"]["number"] == number)
    assert len(on_polling.connects) == 1  # heard on the connection it opened, never from a reloaded snapshot

    time.sleep(0.5)  # room for a duplicate: each event once, not once per process
    for display in (on_websocket, on_polling):
        display.received("ticket_issued")
        issued = [p["ticket"]["number"] for e, p in display.seen if e == "ticket_issued"]
        assert len(issued) == len(set(issued)) and set(issued) <= set(acknowledged)
    assert sorted(p["ticket"]["number"] for e, p in on_websocket.seen if e == "ticket_issued") == sorted(acknowledged)
    engine = create_engine(database)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT number FROM tickets")).scalars().all()
    engine.dispose()
    assert sorted(stored) == sorted(acknowledged)  # every answered ticket is there, once


def test_nginx_refuses_a_body_over_the_limit_before_the_servers(city):
    url, _servers, tokens, _database = city
    answer = requests.post(url + "/api/v1/tickets", data=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                           headers={**bearer(tokens["kiosk"]), "Content-Type": "application/json"}, timeout=15)
    assert answer.status_code == 413


def test_through_nginx_a_centres_displays_hear_only_their_centre_whichever_process(two_centres, displays):
    url, tokens = two_centres.url, two_centres.tokens
    centre_b = url + "/c/b"
    on_websocket, on_polling = displays(centre_b), displays(centre_b, transports=("polling",))
    at_a = displays(url + "/c/a")
    issued_b, upstreams = [], Counter()
    for i in range(12):  # each lands on either process: b's displays hear the other process's through Redis
        for centre, token in ((url + "/c/a", tokens["kiosk"]), (centre_b, tokens["b"]["kiosk"])):
            answer = requests.post(centre + "/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                                   headers=bearer(token), timeout=15)
            assert answer.status_code == 201, answer.text
            upstreams[answer.headers["X-Upstream"]] += 1
            if centre == centre_b:
                issued_b.append(answer.json()["ticket"]["number"])
    assert len(upstreams) == 2, upstreams
    heard_all(on_websocket, issued_b)  # every one, in whatever order two processes deliver them
    heard_all(on_polling, issued_b)
    with requests.Session() as staff:
        staff.headers.update(bearer(tokens["b"]["staff"]))
        staff.post(centre_b + "/api/v1/console/claim", json={"counter_number": 1}, timeout=15).raise_for_status()
        called = staff.post(centre_b + "/api/v1/counters/1/call-next", json={}, timeout=15)
    assert called.status_code == 200, called.text
    on_websocket.next("ticket_called", lambda p: p["ticket"]["number"] == issued_b[0])
    on_polling.next("ticket_called", lambda p: p["ticket"]["number"] == issued_b[0])
    assert len(on_polling.connects) == 1
    time.sleep(0.5)
    for display in (on_websocket, on_polling, at_a):
        display.received("ticket_issued")  # takes in what has arrived
    for display in (on_websocket, on_polling):  # each of b's tickets at most once, none of a's (numbered alike)
        issued = [p["ticket"]["number"] for e, p in display.seen if e == "ticket_issued"]
        assert len(issued) == len(set(issued)) and set(issued) <= set(issued_b)
    assert sorted(p["ticket"]["number"] for e, p in on_websocket.seen if e == "ticket_issued") == sorted(issued_b)
    issued_at_a = [p["ticket"]["number"] for e, p in at_a.seen if e == "ticket_issued"]
    assert len(issued_at_a) == 12 and not any(e == "ticket_called" for e, _p in at_a.seen)


def test_through_nginx_long_polling_displays_keep_their_connection_under_load(city, displays, tmp_path):
    """Kiosks issue through nginx as fast as four clients can for a while; long-polling displays (every
    request a new poll, each sent on one of nginx's reused connections to the processes) hear every ticket
    on the connection they opened, and no request fails or is retried on the other process."""
    url, _servers, tokens, _database = city
    on_polling = [displays(url, transports=("polling",)) for _ in range(6)]
    on_websocket = displays(url)
    load = IssueLoad([url], [tokens["kiosk"]], threads=4, pause=0.02).start()
    time.sleep(LOAD_SECONDS)
    load.stop()
    outcomes = load.snapshot()
    assert Counter(o.status or o.error for o in outcomes) == {201: len(outcomes)}  # not one press answered 502
    acknowledged = [ticket["number"] for ticket in load.acknowledged()]
    assert len(acknowledged) > 100 * LOAD_SECONDS / 10, len(acknowledged)  # a real load, not a trickle
    for display in (on_websocket, *on_polling):
        heard_all(display, acknowledged)
    assert [len(display.connects) for display in on_polling] == [1] * len(on_polling)
    failed = retried_or_failed(tmp_path)
    assert not failed, "\n".join(failed[:10]) + "\n" + (tmp_path / "error.log").read_text()[-2000:]


def retried_or_failed(workdir: Path) -> list[str]:
    """Lines of nginx's access log (UPSTREAM_LOG) for requests sent to two processes, or answered 4xx/5xx."""
    lines = (workdir / "access.log").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if ", " in line.split(" up=", 1)[1].split(" us=", 1)[0]
            or line.split(" ")[3].startswith(("4", "5"))]


def heard_all(display, numbers: list[str], timeout: float = 15.0) -> None:
    """Waits until the display has heard every one of these tickets issued, on the connection it opened. Two
    processes may deliver them out of order (one's own clients at once, the other's through Redis): none may
    be missing."""
    deadline = time.monotonic() + timeout
    while True:
        display.received("ticket_issued")
        heard = {p["ticket"]["number"] for e, p in display.seen if e == "ticket_issued"}
        assert len(display.connects) == 1, f"{display.url}: reconnected ({len(display.connects)} connections)"
        if set(numbers) <= heard:
            return
        assert time.monotonic() < deadline, f"{display.url}: never heard {sorted(set(numbers) - heard)[:20]}"
        time.sleep(0.05)
