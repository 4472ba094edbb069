"""What runs around every request, for administration and security:

- before: one SQL statement reads the settings version and, when the request sends a bearer token, the
  token's owner (kept on flask.g for api/auth.py, so the token is looked up once per request and a revoked
  token is refused from the next request on); pick up admin changes made by any server process
  (centre_settings.refresh, which reads nothing more unless the version moved); end the session of a
  staff account that was disabled, had its role changed or its password reset, or that is older than
  `security.session_hours` or idle longer than `security.idle_minutes`; note when a device's token was last
  used (one UPDATE at most once a minute per token, so devices do not write on every poll); count sign-in
  attempts per IP address and username (services/rate_limits.py);
- after: the audit log (web/audit_log.py) and the security headers of every response (CSP, frames,
  sniffing, referrer, no caching of anything but static files). See docs/security.md.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, make_response, request, session
from sqlalchemy import and_, bindparam, select, update
from werkzeug.exceptions import MethodNotAllowed, RequestEntityTooLarge

from queue_server import error_handlers, models
from queue_server.api import auth
from queue_server.context import centre_of, city_of, current_centre
from queue_server.errors import ApiError, NotFound
from queue_server.services import access, centre_settings, counter_claims, rate_limits
from queue_server.web import audit_log, limiter

LAST_SEEN_EVERY = timedelta(minutes=1)
SEEN_EVERY_SECONDS = 30  # the idle clock in the session cookie moves at most this often
wall_clock = time.time  # session ages are real time, not the centre's (tests move that one by days)

# No inline scripts or styles anywhere: page data travels in <script type="application/json"> blocks.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob: data:; connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _check_staff_session() -> None:
    if not session.get("user"):
        return
    with current_centre().db.reading() as db_session:
        user = db_session.scalar(select(models.StaffUser).where(models.StaffUser.username == session["user"]))
        valid = (user is not None and user.active and user.role == session.get("role")
                 and user.session_version == session.get("v", 0))
    if not valid or _expired():
        # The session ends: so does its hold on a counter (nobody is at the desk as far as we can tell).
        counter_claims.release(current_centre(), session["user"], session.get("claim_key", ""))
        session.clear()


def _expired() -> bool:
    """A staff session ends `session_hours` after sign-in (however busy) and after `idle_minutes` unused."""
    security, now = current_centre().config.security, wall_clock()
    session.permanent = True  # the cookie carries PERMANENT_SESSION_LIFETIME, not "until the browser closes"
    since, seen = session.setdefault("since", now), session.get("seen", now)
    if now - since > security.session_hours * 3600 or now - seen > security.idle_minutes * 60:
        return True
    if now - seen >= SEEN_EVERY_SECONDS or "seen" not in session:
        session["seen"] = now
    return False


_SETTINGS, _TOKENS = models.CentreSetting.__table__, models.ApiToken.__table__
# Built once (they run on every request): the settings version, alone or with the bearer token's row.
_VERSION = select(_SETTINGS.c.value).where(_SETTINGS.c.key == centre_settings.VERSION)
_LIVE_TOKEN = and_(_TOKENS.c.token_hash == bindparam("token_hash"), _TOKENS.c.revoked_at.is_(None))
_TOKEN_COLUMNS = (_TOKENS.c.id, _TOKENS.c.name, _TOKENS.c.role, _TOKENS.c.counter_number, _TOKENS.c.last_seen_at)
_VERSION_AND_TOKEN = (select(_SETTINGS.c.value, *_TOKEN_COLUMNS)
                      .select_from(_SETTINGS.outerjoin(_TOKENS, _LIVE_TOKEN))
                      .where(_SETTINGS.c.key == centre_settings.VERSION))
_TOKEN = select(*_TOKEN_COLUMNS).where(_LIVE_TOKEN)


def _look_up_settings_and_token() -> None:
    """One statement per request: the settings version, with the bearer token's row when one is sent
    (centre_settings LEFT JOIN api_tokens; the version row always exists, seeded at start-up)."""
    centre = current_centre()
    token = auth.bearer_token()
    if token is None:
        rows = centre.db.statement(_VERSION)
    else:
        rows = centre.db.statement(_VERSION_AND_TOKEN, params={"token_hash": access.hash_token(token)})
    if rows:
        centre_settings.refresh(centre, version=centre_settings.version_of(rows[0].value))
    else:  # no version row (a database seeded by hand): the long way
        centre_settings.refresh(centre)
        if token is not None:
            rows = centre.db.statement(_TOKEN, params={"token_hash": access.hash_token(token)}) or [None]
    if token is None:
        return
    row = rows[0]
    if row is None or row.id is None:
        auth.remember_token(token, None)  # unknown or revoked: api/auth.py answers 401 where a role is needed
        return
    auth.remember_token(token, access.token_principal(row))
    now = centre.now()
    if row.last_seen_at is None or now - row.last_seen_at >= LAST_SEEN_EVERY:
        centre.db.statement(update(_TOKENS).where(_TOKENS.c.id == row.id).values(last_seen_at=now), write=True)


def _limit_logins() -> None:
    if request.endpoint == "staff.login" and request.method == "POST":
        rate_limits.check_login(limiter.current(), current_centre().config, request.remote_addr or "?",
                                request.form.get("username", "").strip())


def _refuse_huge_ids() -> None:
    """/counters/<int:number>, /tickets/<int:ticket_id>...: a number no 32-bit column holds names nothing (404
    rather than an overflow in the database driver)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not -2**31 <= value < 2**31:
            raise NotFound(f"Không có {value}", code="not_found", message_en=f"No such record {value}")


def _before():
    if request.endpoint and request.endpoint.endswith("static"):
        return
    _refuse_huge_ids()
    _look_up_settings_and_token()
    _limit_logins()
    _check_staff_session()


def _rate_limited(exc: rate_limits.RateLimited):
    response = make_response(error_handlers.respond(exc))
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _method_not_allowed(exc: MethodNotAllowed):
    """405 as JSON or a page like every error, with the `Allow` header RFC 9110 requires."""
    response = make_response(error_handlers.respond(ApiError(exc.description, code="method_not_allowed", status=405)))
    response.headers["Allow"] = ", ".join(sorted(exc.valid_methods or ()))
    return response


def _too_large(_exc: RequestEntityTooLarge):
    """413 as JSON or a page, naming the limit (security.max_request_kb), before the body is read into memory."""
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 1024
    return error_handlers.respond(ApiError(
        f"Yêu cầu quá lớn (tối đa {limit} KB)", code="payload_too_large", status=413, max_kb=limit,
        message_en=f"The request is too large (at most {limit} KB)"))


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    static = bool(request.endpoint and request.endpoint.endswith("static"))
    personal = bool(session.get("user") or request.headers.get("Authorization"))
    if personal and not static:
        headers["Cache-Control"] = "no-store"  # staff pages and answers to staff, devices and scripts
    elif not static and response.mimetype in ("text/html", "application/json"):
        headers.setdefault("Cache-Control", "no-store")  # pages and API answers; static files, audio, QR may be cached
    if headers.get("Cache-Control") == "no-store":
        headers["Pragma"] = "no-cache"
    return response


def install(app: Flask) -> None:
    for each in city_of(app):  # admin edits saved in each centre's database apply from the start
        with each.db.transaction() as (db_session, _):
            centre_settings.seed(db_session, each.config)
        centre_settings.refresh(each, force=True)
    centre = centre_of(app)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=centre.config.security.session_hours)
    public_url = app.config.get("PUBLIC_BASE_URL") or ""
    if public_url.startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True  # served over TLS (possibly behind a proxy): cookie never in clear
    limiter.install(app, centre.settings.redis_url, centre.settings.database_url)
    app.register_error_handler(rate_limits.RateLimited, _rate_limited)
    app.register_error_handler(MethodNotAllowed, _method_not_allowed)
    app.config["MAX_CONTENT_LENGTH"] = centre.config.security.max_request_kb * 1024
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.before_request(_before)
    audit_log.install(app)
    auth.install_csrf(app)
    app.after_request(_security_headers)
