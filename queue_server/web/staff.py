"""Staff sign-in and the counter console page (its buttons call the REST API with the session's CSRF token).

A sign-in starts a fresh session holding: the user, role, the account's session version (a password reset
or a disabled account ends every session), a CSRF token and a claim key that identifies this browser
session when it takes a counter (services/counter_claims.py).
"""

import secrets

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for

from queue_server.api.auth import SESSION_ENDED, csrf_ok, csrf_token
from queue_server.context import current_centre as centre
from queue_server.errors import ApiError
from queue_server.services import access, counter_claims, printing, rate_limits
from queue_server.web import audit_log, known_browsers, limiter

bp = Blueprint("staff", __name__)

EXPIRED = " / ".join(SESSION_ENDED)  # the sign-in page shows both languages
LANGUAGES = ("vi", "en")
LANG_COOKIE = "motcua_lang"  # the console's language, kept by the browser at the desk across sign-ins




def safe_next(target: str, default: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.get("/login")
def login_form():
    return render_template("staff/login.html", csrf=csrf_token(), error=None, next=request.args.get("next", ""))


@bp.post("/login")
def login():
    # a session's own token only: a form with no session behind it (another site's page) has none to match
    if not csrf_ok():  # no session yet: no token, refused
        return render_template("staff/login.html", csrf=csrf_token(), next="", error=EXPIRED), 400
    username = request.form.get("username", "").strip()
    source = known_browsers.failure_source(username)
    try:
        rate_limits.check_login_failures(limiter.current(), centre().config, source, username)  # looks, counts nothing
        if source.startswith("address:"):
            rate_limits.check_login_address(limiter.current(), centre().config, request.remote_addr or "?")
        principal = access.log_in(centre(), username, request.form.get("password", ""))
    except ApiError as exc:
        if exc.code == "login_failed":
            rate_limits.count_login_failure(limiter.current(), centre().config, source, username)
        if not isinstance(exc, rate_limits.RateLimited):  # a flood of paused attempts would fill the log
            # what was typed may be a password in the wrong box: only an existing account's name is kept
            audit_log.for_request(None, None, "staff.login_refused", exc.status, reason=exc.code,
                                  account=username if access.staff_exists(centre(), username) else None)
        response = current_app.make_response((render_template(
            "staff/login.html", csrf=csrf_token(), error=exc.both,
            next=request.form.get("next", "")), exc.status))
        if isinstance(exc, rate_limits.RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    version = access.session_version(centre(), principal.name)
    session.clear()  # a fresh session on sign-in, so an old cookie cannot be fixed on a staff member
    session.permanent = True
    g.pop("csrf", None)  # the next page signs the new session's own CSRF token (Flask-WTF caches it per request)
    session.update(user=principal.name, role=principal.role, v=version, claim_key=secrets.token_urlsafe(24))
    counter_claims.move_to_session(centre(), principal.name, session["claim_key"])  # their counter, back
    audit_log.for_request(principal.name, principal.role, "staff.login")
    default = url_for("admin.home") if principal.has("manager") else url_for("staff.counter")
    if principal.role == access.CITY:
        default = url_for("city.city_page")
    response = redirect(safe_next(request.form.get("next", ""), default))
    known_browsers.remember(response, principal.name)
    return response


@bp.post("/logout")
def logout():
    if session.get("user"):
        if csrf_ok():
            counter_claims.release(centre(), session["user"], session.get("claim_key", ""))
            access.end_sessions(centre(), session["user"])
            audit_log.for_request(session["user"], session.get("role"), "staff.logout")
        else:  # a forged sign-out from another site: ignored
            return redirect(url_for("staff.counter"))
    session.clear()
    return redirect(url_for("staff.login_form"))


def console_language() -> str:
    lang = request.cookies.get(LANG_COOKIE, "vi")
    return lang if lang in LANGUAGES else "vi"


@bp.get("/counter")
def counter():
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:  # the language switch: remember it in this browser, then show the clean address
        response = redirect(url_for("staff.counter"))
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=request.is_secure)
        return response
    if not session.get("user"):
        return redirect(url_for("staff.login_form", next=request.full_path.rstrip("?")))
    if session.get("role") == access.CITY:  # no counter work: the city's page
        return redirect(url_for("city.city_page"))
    config = centre().config
    lang = console_language()
    page = {
        "user": session["user"], "role": session["role"], "lang": lang,
        "counters": [{"number": c.number, "name": c.name} for c in config.counters],
        "kiosks": printing.reprint_kiosks(config),
    }
    response = current_app.make_response(render_template(
        "staff/counter.html", centre=config, csrf=csrf_token(), user=session["user"], role=session["role"],
        page=page, lang=lang, t=lambda vi, en: en if lang == "en" else vi))
    response.headers["Cache-Control"] = "no-store"  # staff pages are never cached
    return response
