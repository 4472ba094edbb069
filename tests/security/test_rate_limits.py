"""Rate limits: tickets per device and sign-ins per IP + username, configured in the centre's `security:` section;
429 with Retry-After and a message in Vietnamese and English; the sliding window itself, in memory and in Redis."""

import time
from pathlib import Path

import pytest
import yaml
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter

from queue_server.centre_config import ConfigError, RateLimit, load_centre_config
from queue_server.services import access
from queue_server.services.rate_limits import RateLimits
from page_csrf import page_csrf
from queue_server.context import centre_of

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


@pytest.fixture
def database_url(tmp_path):  # limits are counted in the app, not the database: SQLite only
    return f"sqlite:///{tmp_path / 'limits.db'}"


def centre_with(tmp_path, security: dict) -> str:
    path = tmp_path / "centre.yaml"
    data = yaml.safe_load((DEMO / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO / "catalogue.yaml")
    data["security"] = security
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_the_default_limits_are_generous_and_configurable(tmp_path):
    default = load_centre_config(centre_with(tmp_path, {})).security
    assert default.ticket_limit.limit >= 2000 and default.login_limit.limit >= 10  # load tests issue thousands
    config = load_centre_config(centre_with(tmp_path, {
        "idle_minutes": 15, "retention_days": 90,
        "rate_limits": {"ticket_issue": {"limit": 100, "window_seconds": 60},
                        "login": {"limit": 3, "window_seconds": 600},
                        "devices": {"kiosk-1": {"limit": 2, "window_seconds": 30}}}})).security
    assert config.idle_minutes == 15 and config.retention_days == 90
    assert config.ticket_limit_for("kiosk-1") == RateLimit(2, 30)
    assert config.ticket_limit_for("robot-1") == RateLimit(100, 60)
    assert config.login_limit == RateLimit(3, 600)


@pytest.mark.parametrize("security, key", [
    ({"rate_limits": {"ticket_issue": {"limit": 0, "window_seconds": 60}}}, "security.rate_limits.ticket_issue.limit"),
    ({"rate_limits": {"login": "10/minute"}}, "security.rate_limits.login"),
    ({"rate_limits": {"devices": {"kiosk-1": {"limit": 5, "per": 60}}}}, "security.rate_limits.devices.kiosk-1"),
    ({"idle_minutes": -5}, "security.idle_minutes"),
    ({"retention_days": "a year"}, "security.retention_days"),
    ({"retension_days": 30}, "security.retension_days"),
])
def test_a_wrong_security_section_names_the_key(tmp_path, security, key):
    with pytest.raises(ConfigError) as caught:
        load_centre_config(centre_with(tmp_path, security))
    assert caught.value.key == key


def test_a_kiosk_that_issues_too_fast_gets_429_with_retry_after(make_app, tmp_path, tokens_for):
    app = make_app(centre_with(tmp_path, {"rate_limits": {"ticket_issue": {"limit": 50, "window_seconds": 60},
                                                          "devices": {"kiosk-1": {"limit": 3, "window_seconds": 60}}}}))
    client, kiosk, robot = app.test_client(), tokens_for(app), tokens_for(app, "kiosk", "robot-1")
    for _ in range(3):
        assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk).status_code == 201
    response = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    error = response.get_json()["error"]
    assert error["code"] == "rate_limited" and error["retry_after"] == int(response.headers["Retry-After"])
    assert "Xin chờ" in error["message"] and "Please wait" in error["message_en"]
    # another device has its own window (the centre-wide default)
    assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=robot).status_code == 201
    # nothing was issued by the refused call
    queue = client.get("/api/v1/queue").get_json()
    assert sum(f["waiting"] for f in queue["fields"]) == 4


def test_the_kiosk_page_can_show_the_refusal(make_app, tmp_path, tokens_for):
    """The kiosk shows error.message (or message_en in English): both are plain sentences."""
    app = make_app(centre_with(tmp_path, {"rate_limits": {"devices": {"kiosk-1": {"limit": 1, "window_seconds": 60}}}}))
    client, kiosk = app.test_client(), tokens_for(app)
    client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk)
    error = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk).get_json()["error"]
    assert "<" not in error["message"] and error["message"].endswith(".") and error["message_en"].endswith(".")


def test_unauthenticated_issuing_is_refused_before_counting(make_app, tmp_path, tokens_for):
    app = make_app(centre_with(tmp_path, {"rate_limits": {"ticket_issue": {"limit": 1, "window_seconds": 60}}}))
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}).status_code == 401
    assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                       headers=tokens_for(app)).status_code == 201


def test_sign_ins_are_limited_per_ip_and_username(make_app, tmp_path):
    app = make_app(centre_with(tmp_path, {"rate_limits": {"login": {"limit": 3, "window_seconds": 300}}}))
    centre = centre_of(app)
    access.create_staff(centre, "lan", "mat-khau-dai", "Lan", "staff")
    client = app.test_client()
    csrf = page_csrf(client)

    def attempt(username, password="sai-mat-khau", ip="10.0.0.7", **headers):
        return client.post("/login", data={"username": username, "password": password, "csrf": csrf},
                           environ_base={"REMOTE_ADDR": ip}, headers=headers)

    assert [attempt("lan").status_code for _ in range(3)] == [401, 401, 401]
    refused = attempt("lan", "mat-khau-dai")  # even the right password waits: the limit comes first
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Đăng nhập quá nhiều lần" in refused.get_data(as_text=True)
    as_json = attempt("lan", Accept="application/json")
    assert as_json.status_code == 429 and as_json.get_json()["error"]["code"] == "rate_limited"
    assert attempt("mai").status_code == 401  # another username from the same address
    assert attempt("lan", "mat-khau-dai", ip="10.0.0.8").status_code == 302  # another address


def memory_windows() -> RateLimits:
    return RateLimits(MovingWindowRateLimiter(MemoryStorage()))


def redis_windows(url: str, namespace: str) -> RateLimits:
    """Flask-Limiter's Redis storage, as web/limiter.py builds it for one server process."""
    return RateLimits(MovingWindowRateLimiter(RedisStorage(url, key_prefix=namespace, socket_timeout=0.5)),
                      shared=True)


def test_sliding_window_counts_the_last_window_only(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    windows = memory_windows()
    assert [windows.hit("k", 3, 10).allowed for _ in range(4)] == [True, True, True, False]
    assert windows.hit("k", 3, 10).retry_after == 10
    now[0] += 4
    assert not windows.hit("k", 3, 10).allowed
    now[0] += 6.01  # the first three left the window
    assert [windows.hit("k", 3, 10).allowed for _ in range(4)] == [True, True, True, False]
    assert windows.hit("other", 3, 10).allowed


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def test_redis_windows_are_shared_between_processes():
    _redis_or_skip()
    namespace = "motcua:ratelimit:test-" + __import__("uuid").uuid4().hex
    one, two = (redis_windows("redis://127.0.0.1:6379/15", namespace) for _ in range(2))  # two server processes
    try:
        assert [one.hit("k", 2, 5).allowed, two.hit("k", 2, 5).allowed] == [True, True]
        refused = one.hit("k", 2, 5)
        assert not refused.allowed and 1 <= refused.retry_after <= 5
        assert two.hit("other", 2, 5).allowed
    finally:
        one.clear()


def test_redis_down_falls_back_to_counting_in_this_process(caplog):
    calls = []

    class Down:  # Redis refusing every connection
        def hit(self, *args):
            calls.append(args)
            raise ConnectionError("refused")
        test = hit

    windows = RateLimits(Down(), shared=True)
    assert [windows.hit("k", 2, 60).allowed for _ in range(3)] == [True, True, False]
    assert "Redis unavailable" in caplog.text
    assert len(calls) == 1  # then left alone for a few seconds: no timeout on every request


def test_the_app_counts_in_redis_when_a_url_is_given(tmp_path):
    """web/limiter.py hands Flask-Limiter the Redis URL: two server processes on one database share the counts."""
    _redis_or_skip()
    from flask import Flask
    from queue_server.web import limiter
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    one, two = (limiter.install(Flask(__name__), "redis://127.0.0.1:6379/15", database) for _ in range(2))
    try:
        assert [one.hit("k", 1, 5).allowed, two.hit("k", 1, 5).allowed] == [True, False]
    finally:
        one.clear()


def test_a_look_only_check_counts_nothing_in_memory_and_in_redis():
    """Sign-in failures are looked at before the password is checked and counted only after it failed."""
    backends = [memory_windows()]
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=0.5).ping()
        backends.append(redis_windows("redis://127.0.0.1:6379/15",
                                      "motcua:ratelimit:test-" + __import__("uuid").uuid4().hex))
    except redis.RedisError:
        pass
    for windows in backends:
        assert all(windows.hit("k", 2, 60, count=False).allowed for _ in range(5))
        assert [windows.hit("k", 2, 60).allowed for _ in range(3)] == [True, True, False]
        assert not windows.hit("k", 2, 60, count=False).allowed
        windows.clear()
