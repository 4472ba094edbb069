"""Rate limits: a moving window per key (a device issuing tickets, an IP + username signing in...).

The windows are Flask-Limiter's (web/limiter.py builds its `Limiter`: moving-window strategy, storage in this
process, or in Redis when `MOTCUA_REDIS_URL` is set, namespaced by the database so servers of different
centres, or tests, never share counts). This module owns only what the centre's limits mean: the keys, the
amounts from `security.rate_limits`, the 429 with `Retry-After` and a message in Vietnamese and English.
It takes the limiter, never the Flask app (services stay out of Flask).

`RateLimits.hit(key, limit, window)` counts one attempt and says whether it is allowed (`count=False` only
looks). Refused attempts are not counted, so a client that waits as told gets through.

Why the limits are not `@limiter.limit` decorators (docs/security.md): most count only on a condition known
late in the view (a voice-cache miss, an unknown browser, an anonymous caller, the token's role), some are only
looked at (wrong passwords count after the password failed; connection_limits.py refuses a used-up address in
front of the app without counting), and Flask-Limiter's own memory fallback covers only the limits it checks
itself. So when Redis stops answering, the counts move to an in-memory window of the same strategy (logged
once) for a few seconds at a time, rather than refusing visitors or dropping the limits.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, RateLimiter

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


@functools.lru_cache(maxsize=256)
def _item(limit: int, window: float) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(limit, max(1, math.ceil(window)))


class RateLimits:
    """The app's windows: `strategy` is Flask-Limiter's (in memory or Redis); `shared` says it is Redis, whose
    failures fall back to a window in this process."""

    def __init__(self, strategy: RateLimiter, shared: bool = False):
        self.strategy = strategy
        self.shared = shared
        self.fallback = MovingWindowRateLimiter(MemoryStorage())
        self.down_until = 0.0  # after a failure Redis is left alone a few seconds: no timeout on every request
        self.warned = False

    def within(self, prefix: str) -> RateLimits | CentreLimits:
        """The same windows with keys of one city centre (prefix "" alone): a kiosk-1 or a username of one
        centre is not that of another (queue_server/city.py)."""
        return CentreLimits(self, prefix) if prefix else self

    def hit(self, key: str, limit: int, window: float, count: bool = True) -> Decision:
        """Counts one attempt when allowed; `count=False` only says whether one would be."""
        if self.shared and time.monotonic() < self.down_until:
            return _decide(self.fallback, key, limit, window, count)
        try:
            decision = _decide(self.strategy, key, limit, window, count)
        except Exception as exc:  # Redis down: keep serving with this process's own counts
            if not self.shared:
                raise
            self.down_until = time.monotonic() + RETRY_REDIS_AFTER
            if not self.warned:
                log.warning("rate limits: Redis unavailable (%s); counting in this process only", exc)
                self.warned = True
            return _decide(self.fallback, key, limit, window, count)
        if self.warned:
            log.warning("rate limits: Redis is back; counts are shared again")
            self.warned = False
        return decision

    def clear(self) -> None:
        for strategy in (self.fallback, self.strategy):
            try:
                strategy.storage.reset()
            except Exception:  # Redis down: nothing to clear there
                pass


def _decide(strategy: RateLimiter, key: str, limit: int, window: float, count: bool) -> Decision:
    item = _item(limit, window)
    allowed = strategy.hit(item, key) if count else strategy.test(item, key)
    if allowed:
        return Decision(True)
    reset_at = strategy.get_window_stats(item, key).reset_time  # the oldest attempt leaves the window then
    return Decision(False, max(1, math.ceil(reset_at - time.time())))


# --- the limits ---------------------------------------------------------------------------------------------

class CentreLimits:
    """RateLimits seen from one centre of a city: every key carries the centre's prefix."""

    def __init__(self, limits: RateLimits, prefix: str):
        self.limits, self.prefix = limits, prefix

    def hit(self, key: str, limit: int, window: float, count: bool = True) -> Decision:
        return self.limits.hit(self.prefix + key, limit, window, count)

    def __getattr__(self, name):
        return getattr(self.limits, name)


def check(limiter: RateLimits, key: str, rule, message: str, message_en: str, count: bool = True) -> None:
    """One attempt under `rule` (a RateLimit); RateLimited when over it. The messages take {seconds}, {minutes}.
    The public "hit this key with this limit" (appointments' booking limits use it too)."""
    decision = limiter.hit(key, rule.limit, rule.window_seconds, count)
    if not decision.allowed:
        wait = decision.retry_after
        raise RateLimited(wait, message.format(seconds=wait, minutes=math.ceil(wait / 60)),
                          message_en.format(seconds=wait, minutes=math.ceil(wait / 60)))


def check_ticket_issue(limiter: RateLimits, config, device: str, role: str | None = None) -> None:
    """A device (kiosk token, staff account or script) may issue so many tickets per window; a kiosk-role token
    not listed under `devices` has the human pace of `kiosk_issue`."""
    check(limiter, f"tickets:{device}", config.security.ticket_limit_for(device, role),
          "Thiết bị này lấy số quá nhanh. Xin chờ {seconds} giây rồi thử lại.",
          "Too many tickets from this device. Please wait {seconds} seconds and try again.")


def check_login(limiter: RateLimits, config, ip: str, username: str) -> None:
    """Sign-in attempts per IP address and username (on top of the lock after wrong passwords)."""
    check(limiter, f"login:{ip}:{username.lower()}", config.security.login_limit,
          "Đăng nhập quá nhiều lần. Xin chờ {seconds} giây rồi thử lại.",
          "Too many sign-in attempts. Please wait {seconds} seconds and try again.")


def check_login_failures(limiter: RateLimits, config, source: str, username: str) -> None:
    """Wrong passwords from one source (an address, or a browser that signed in as this user before) for one
    name, whether or not the name exists: looked at before the password is checked (counts nothing)."""
    check(limiter, _failures_key(source, username), config.security.login_failure_limit,
          "Sai mật khẩu nhiều lần. Xin chờ {minutes} phút rồi thử lại, hoặc nhờ quản trị viên đặt lại mật khẩu.",
          "Too many wrong passwords. Please wait {minutes} minutes and try again, or ask an administrator "
          "to reset the password.", count=False)


def check_login_address(limiter: RateLimits, config, ip: str) -> None:
    """Sign-ins from one address whatever the name: each costs a password hash, so a flood of made-up names
    would otherwise keep the server's CPU busy. A browser known for the name it signs in with is not counted."""
    check(limiter, f"login-address:{ip}", config.security.login_address_limit,
          "Quá nhiều lượt đăng nhập từ địa chỉ này. Xin chờ {seconds} giây rồi thử lại.",
          "Too many sign-ins from this address. Please wait {seconds} seconds and try again.")


def count_login_failure(limiter: RateLimits, config, source: str, username: str) -> None:
    rule = config.security.login_failure_limit
    limiter.hit(_failures_key(source, username), rule.limit, rule.window_seconds)


def _failures_key(source: str, username: str) -> str:
    return f"login-failures:{source}:{username.lower()}"


def check_assistant(limiter: RateLimits, security, ip: str, count: bool = True) -> None:
    """Messages to the reception robot per address (each may reach Rasa); `security`: SecuritySettings."""
    check(limiter, f"assistant:{ip}", security.assistant_limit,
          "Anh/chị gửi tin nhắn quá nhanh. Xin chờ {seconds} giây rồi hỏi lại.",
          "Too many messages. Please wait {seconds} seconds and ask again.", count)


def check_queue_read(limiter: RateLimits, security, ip: str, count: bool = True) -> None:
    """Anonymous loads of the queue's snapshot per address (a display loads it on connect and every minute)."""
    check(limiter, f"queue-read:{ip}", security.queue_read_limit,
          "Quá nhiều yêu cầu từ địa chỉ này. Xin chờ {seconds} giây.",
          "Too many requests from this address. Please wait {seconds} seconds.", count)


def check_centres_read(limiter: RateLimits, security, ip: str, count: bool = True) -> None:
    """Anonymous reads of the city's centres (GET /api/v1/centres[/<id>]) per address, as many as of the queue
    (`queue_reads`), in a window of their own: the list reads every centre."""
    check(limiter, f"centres-read:{ip}", security.queue_read_limit,
          "Quá nhiều yêu cầu từ địa chỉ này. Xin chờ {seconds} giây.",
          "Too many requests from this address. Please wait {seconds} seconds.", count)


def check_voice(limiter: RateLimits, security, ip: str) -> None:
    """Speech rendered anew (a cache miss: CPU and disk) per address; audio already cached is not counted."""
    check(limiter, f"voice:{ip}", security.voice_limit,
          "Quá nhiều yêu cầu đọc. Xin chờ {seconds} giây.",
          "Too many speech requests. Please wait {seconds} seconds.")
