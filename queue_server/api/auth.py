"""Who is calling, and may they: the one way every route authenticates and authorises (API and pages alike).

The principal of a request is a bearer token's owner (a device, a script, a staff call-button) or a signed-in
staff session. `require(*roles)` guards a route (admin may always: Principal.has); `page=True` makes it a page
for signed-in staff: sessions only, and an anonymous GET is sent to the sign-in form.

CSRF, one mechanism for forms and JSON: Flask-WTF's CSRFProtect. A session holds a random token; pages
carry it signed (`csrf_token()`); every state-changing request made with the session sends it back, as the
`X-CSRF-Token` header (the console's fetch calls) or the `csrf` form field (plain forms, the sign-in form
included), and `check_csrf()` has CSRFProtect check it. It never matches while the session holds none (issue
14, finding 6: a sign-in posted from another site has no session, hence no token). Bearer tokens are not
sent by browsers on their own: no CSRF check for them, so CSRFProtect does not check every request by
itself but is called where the principal is found (docs/security.md).
"""

from functools import wraps

from flask import Flask, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

from queue_server.errors import Forbidden, Unauthorized
from queue_server.services import access
from queue_server.services.access import Principal
from queue_server.context import current_centre

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SESSION_ENDED = ("Phiên làm việc đã hết hạn, xin đăng nhập lại", "Session expired, please sign in again")
CSRF_REFUSED = ("Mã bảo vệ biểu mẫu sai; tải lại trang", "Missing or wrong CSRF token; reload the page")

csrf = CSRFProtect()


def install_csrf(app: Flask) -> None:
    app.config.update(
        WTF_CSRF_CHECK_DEFAULT=False,  # checked where the principal is found: bearer-token calls need none
        WTF_CSRF_FIELD_NAME="csrf",  # the forms' field, and the session's key of the raw token
        WTF_CSRF_HEADERS=["X-CSRF-Token"],
        WTF_CSRF_TIME_LIMIT=None,  # a console stays open all day: the session's own limits end it
        WTF_CSRF_SSL_STRICT=False)  # the token is the proof; a proxy or browser dropping Referer locks no one out
    csrf.init_app(app)


def csrf_token() -> str:
    """This session's CSRF token, signed for a page (the sign-in form makes the session's first)."""
    return generate_csrf()


def csrf_ok() -> bool:
    """The request sends back this session's token (header or form field)."""
    try:
        csrf.protect()
    except CSRFError:
        return False
    return True


def check_csrf() -> None:
    if not csrf_ok():
        raise Forbidden(CSRF_REFUSED[0], code="csrf_failed", message_en=CSRF_REFUSED[1])


def bearer_token() -> str | None:
    """The request's bearer token, or None when it sends none or a malformed Authorization header."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def remember_token(token: str, principal: Principal | None) -> None:
    """The token's owner as looked up for this request (request_hooks does it once, with the settings version).

    Kept on flask.g, i.e. for this request only: a token revoked now is refused from the next request on."""
    g.token_lookup = (token, principal)


def _principal_for(token: str) -> Principal | None:
    known = g.get("token_lookup")
    if known is not None and known[0] == token:  # both from this request's header: no secret compared
        return known[1]
    principal = access.principal_for_token(current_centre(), token)
    remember_token(token, principal)
    return principal


def session_principal() -> Principal | None:
    """The signed-in staff member of this browser session (request_hooks ended it if no longer valid)."""
    return Principal(name=session["user"], role=session["role"], via="session") if session.get("user") else None


def current_principal() -> Principal | None:
    """The caller: a bearer token's owner, or the session's staff member (whose writes must carry the CSRF
    token); None when anonymous. A bad or revoked token is 401, never anonymous."""
    if "principal" in g:
        return g.principal
    principal = None
    if request.headers.get("Authorization", ""):
        token = bearer_token()
        if token is None:
            raise Unauthorized("Authorization header must be 'Bearer <token>'", code="invalid_token")
        principal = _principal_for(token)
        if principal is None:
            raise Unauthorized("Unknown or revoked token", code="invalid_token")
    else:
        principal = session_principal()
        if principal is not None and request.method not in SAFE_METHODS:
            check_csrf()
    g.principal = principal
    return principal


def require(*roles: str, page: bool = False, refusal: tuple[str, str] | None = None, admins: bool = True):
    """Only callers with one of these roles (admin always; no roles: admins only) may use the route.

    page: a staff page (signed-in sessions only; an anonymous GET goes to the sign-in form).
    refusal: the message of the 403 (Vietnamese, English), when the route has a better one than the generic.
    admins=False: these roles alone, a centre's admin not included (the city's routes: web/city.py)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            principal = session_principal() if page else current_principal()
            if principal is None:
                if page and request.method in SAFE_METHODS:
                    return redirect(url_for("staff.login_form", next=request.full_path.rstrip("?")))
                if page:
                    raise Unauthorized(SESSION_ENDED[0], code="unauthorized", message_en=SESSION_ENDED[1])
                raise Unauthorized("Sign in or send 'Authorization: Bearer <token>'", code="unauthorized")
            if not (principal.has(*roles) if admins else principal.role in roles):
                wanted = " or ".join(roles) or "admin"
                vi, en = refusal or (f"Tài khoản {principal.role} không được làm việc này",
                                     f"Role {principal.role!r} may not do this; needs {wanted}")
                raise Forbidden(vi, code="forbidden", message_en=en)
            if page and request.method not in SAFE_METHODS:
                check_csrf()
            g.principal = principal
            return view(*args, **kwargs)

        guarded.required_roles = roles
        guarded.admins_allowed = admins
        return guarded

    return decorate
