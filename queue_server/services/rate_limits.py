"""Rate limits: a sliding window per key (a device issuing tickets, an IP + username signing in).

`RateLimiter.hit(key, limit, window)` counts one attempt and says whether it is allowed; when it is not, the
caller answers 429 with `Retry-After` (seconds until the oldest attempt in the window leaves it). Refused
attempts are not counted, so a client that waits as told gets through.

Where the counts live:
- In this process (the default): a deque of monotonic timestamps per key, under one lock. Exact for one
  server process. With several processes (gunicorn workers, several servers behind a proxy) each keeps its
  own counts, so a client that lands on N processes may get up to N times the limit.
- In Redis, when `MOTCUA_REDIS_URL` is set (the same Redis that carries Socket.IO's messages): one sorted set
  per key, trimmed and counted in one Lua script, so every process shares the counts. Keys are namespaced by
  the database, so servers of different centres (or tests) on one Redis never share counts. If Redis stops
  answering, the limiter falls back to in-process counts (logged once) rather than refusing visitors.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections import deque
from dataclasses import dataclass

from queue_server.errors import ApiError

log = logging.getLogger("motcua")
RETRY_REDIS_AFTER = 5.0  # seconds


class RateLimited(ApiError):
    """429 with a message a kiosk can show in Vietnamese (`message`) and English (`message_en`)."""

    status, code = 429, "rate_limited"

    def __init__(self, retry_after: int, message: str, message_en: str):
        super().__init__(message, message_en=message_en, retry_after=retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # whole seconds, at least 1 when refused


class MemoryWindows:
    """Sliding windows in this process."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.windows: dict[str, deque] = {}
        self.lock = threading.Lock()
        self.calls = 0

    def hit(self, key: str, limit: int, window: float, count: bool = True) -> Decision:
        now = self.clock()
        with self.lock:
            self.calls += 1
            if self.calls % 10_000 == 0:
                self._forget_idle(now)
            hits = self.windows.setdefault(key, deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return Decision(False, max(1, math.ceil(hits[0] + window - now)))
            if count:
                hits.append(now)
            return Decision(True)

    def _forget_idle(self, now: float, longest: float = 3600) -> None:
        for key in [k for k, hits in self.windows.items() if not hits or hits[-1] <= now - longest]:
            del self.windows[key]

    def clear(self) -> None:
        with self.lock:
            self.windows.clear()


# KEYS[1] the window's sorted set; ARGV: now (ms), window (ms), limit, a unique member for this attempt, and
# "1" to count the attempt when allowed ("0": only look).
_REDIS_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1])}
end
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {1, 0}
"""


class RedisWindows:
    """Sliding windows shared by every server process through Redis (sorted sets of attempt times)."""

    def __init__(self, url: str, namespace: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.script = self.client.register_script(_REDIS_SCRIPT)
        self.namespace = namespace
        self.fallback = MemoryWindows()
        self.warned = False
        self.down_until = 0.0  # after a failure Redis is left alone a few seconds: no timeout on every request
        self.counter = 0
        self.lock = threading.Lock()

    def hit(self, key: str, limit: int, window: float, count: bool = True) -> Decision:
        with self.lock:
            self.counter += 1
            member = f"{time.time_ns()}-{threading.get_ident()}-{self.counter}"
        if time.monotonic() < self.down_until:
            return self.fallback.hit(key, limit, window, count)
        try:
            allowed, wait_ms = self.script(keys=[f"{self.namespace}:{key}"],
                                           args=[int(time.time() * 1000), int(window * 1000), limit, member,
                                                 "1" if count else "0"])
        except Exception as exc:  # Redis down: keep serving with this process's own counts
            self.down_until = time.monotonic() + RETRY_REDIS_AFTER
            if not self.warned:
                log.warning("rate limits: Redis unavailable (%s); counting in this process only", exc)
                self.warned = True
            return self.fallback.hit(key, limit, window, count)
        if self.warned:
            log.warning("rate limits: Redis is back; counts are shared again")
            self.warned = False
        return Decision(True) if allowed else Decision(False, max(1, math.ceil(int(wait_ms) / 1000)))

    def clear(self) -> None:
        self.fallback.clear()
        try:
            for name in self.client.scan_iter(f"{self.namespace}:*"):
                self.client.delete(name)
        except Exception:
            pass


class RateLimiter:
    """The app's limiter: in this process, or in Redis when a URL is given."""

    def __init__(self, redis_url: str | None = None, namespace: str = "motcua"):
        self.backend = RedisWindows(redis_url, namespace) if redis_url else MemoryWindows()

    def hit(self, key: str, limit: int, window: float, count: bool = True) -> Decision:
        """Counts one attempt when allowed; `count=False` only says whether one would be."""
        return self.backend.hit(key, limit, window, count)

    def clear(self) -> None:
        self.backend.clear()


def for_app(app) -> RateLimiter:
    """One limiter per app (so tests, each with their own app, never share counts)."""
    limiter = app.extensions.get("motcua_rate_limiter")
    if limiter is None:
        settings = app.extensions.get("motcua_settings")
        redis_url = getattr(settings, "redis_url", None)
        database = getattr(settings, "database_url", "") or ""
        namespace = "motcua:ratelimit:" + hashlib.sha256(database.encode()).hexdigest()[:16]
        limiter = app.extensions["motcua_rate_limiter"] = RateLimiter(redis_url, namespace)
    return limiter


# --- the limits ---------------------------------------------------------------------------------------------

def check(app, key: str, rule, message: str, message_en: str, count: bool = True) -> None:
    """One attempt under `rule` (a RateLimit); RateLimited when over it. The messages take {seconds}."""
    decision = for_app(app).hit(key, rule.limit, rule.window_seconds, count)
    if not decision.allowed:
        wait = decision.retry_after
        raise RateLimited(wait, message.format(seconds=wait, minutes=math.ceil(wait / 60)),
                          message_en.format(seconds=wait, minutes=math.ceil(wait / 60)))


def check_ticket_issue(app, config, device: str, role: str | None = None) -> None:
    """A device (kiosk token, staff account or script) may issue so many tickets per window; a kiosk-role token
    not listed under `devices` has the human pace of `kiosk_issue`."""
    check(app, f"tickets:{device}", config.security.ticket_limit_for(device, role),
          "Thiết bị này lấy số quá nhanh. Xin chờ {seconds} giây rồi thử lại.",
          "Too many tickets from this device. Please wait {seconds} seconds and try again.")


def check_login(app, config, ip: str, username: str) -> None:
    """Sign-in attempts per IP address and username (on top of the lock after wrong passwords)."""
    check(app, f"login:{ip}:{username.lower()}", config.security.login_limit,
          "Đăng nhập quá nhiều lần. Xin chờ {seconds} giây rồi thử lại.",
          "Too many sign-in attempts. Please wait {seconds} seconds and try again.")


def check_login_failures(app, config, source: str, username: str) -> None:
    """Wrong passwords from one source (an address, or a browser that signed in as this user before) for one
    name, whether or not the name exists: looked at before the password is checked (counts nothing)."""
    check(app, _failures_key(source, username), config.security.login_failure_limit,
          "Sai mật khẩu nhiều lần. Xin chờ {minutes} phút rồi thử lại, hoặc nhờ quản trị viên đặt lại mật khẩu.",
          "Too many wrong passwords. Please wait {minutes} minutes and try again, or ask an administrator "
          "to reset the password.", count=False)


def check_login_address(app, config, ip: str) -> None:
    """Sign-ins from one address whatever the name: each costs a password hash, so a flood of made-up names
    would otherwise keep the server's CPU busy. A browser known for the name it signs in with is not counted."""
    check(app, f"login-address:{ip}", config.security.login_address_limit,
          "Quá nhiều lượt đăng nhập từ địa chỉ này. Xin chờ {seconds} giây rồi thử lại.",
          "Too many sign-ins from this address. Please wait {seconds} seconds and try again.")


def count_login_failure(app, config, source: str, username: str) -> None:
    rule = config.security.login_failure_limit
    for_app(app).hit(_failures_key(source, username), rule.limit, rule.window_seconds)


def _failures_key(source: str, username: str) -> str:
    return f"login-failures:{source}:{username.lower()}"


def check_assistant(app, security, ip: str, count: bool = True) -> None:
    """Messages to the reception robot per address (each may reach Rasa); `security`: SecuritySettings."""
    check(app, f"assistant:{ip}", security.assistant_limit,
          "Anh/chị gửi tin nhắn quá nhanh. Xin chờ {seconds} giây rồi hỏi lại.",
          "Too many messages. Please wait {seconds} seconds and ask again.", count)


def check_queue_read(app, security, ip: str, count: bool = True) -> None:
    """Anonymous loads of the queue's snapshot per address (a display loads it on connect and every minute)."""
    check(app, f"queue-read:{ip}", security.queue_read_limit,
          "Quá nhiều yêu cầu từ địa chỉ này. Xin chờ {seconds} giây.",
          "Too many requests from this address. Please wait {seconds} seconds.", count)


def check_voice(app, security, ip: str) -> None:
    """Speech rendered anew (a cache miss: CPU and disk) per address; audio already cached is not counted."""
    check(app, f"voice:{ip}", security.voice_limit,
          "Quá nhiều yêu cầu đọc. Xin chờ {seconds} giây.",
          "Too many speech requests. Please wait {seconds} seconds.")
