"""Where wrong passwords are counted: per address and name, or per browser for one that signed in as that name.

A browser that has signed in as a staff member carries a signed cookie naming the account. Its wrong passwords
for that name are counted for the browser alone, so nobody else, even from the same address (a centre's LAN
often shows one address behind its NAT), can lock the real user out of their own browser; anyone else is
counted per address and name, so a stranger's guesses lock only that stranger's address, and an unknown name
is counted exactly like a real one (the answer never tells which names exist). Every count is a sliding window
(`security.rate_limits.login_failures`): nothing locks forever.
"""

from __future__ import annotations

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "motcua_known_browser"
MAX_AGE = 180 * 24 * 3600  # half a year: a desk's browser stays known across holidays


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="motcua-known-browser")


def failure_source(username: str) -> str:
    """This browser when it signed in as `username` before, else the request's address."""
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            known = _serializer().loads(raw, max_age=MAX_AGE)
        except BadSignature:
            known = None
        if isinstance(known, dict) and known.get("user") == username.lower() and known.get("id"):
            return f"browser:{known['id']}"
    return f"address:{request.remote_addr or '?'}"


def remember(response, username: str) -> None:
    """After a sign-in: this browser is known for `username` (a new id each time)."""
    value = _serializer().dumps({"user": username.lower(), "id": secrets.token_urlsafe(12)})
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
                        path="/login")
