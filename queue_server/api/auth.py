"""Request authentication: a bearer token, or a staff login session with its CSRF token."""

from functools import wraps
import hmac

from flask import current_app, g, request, session

from queue_server.errors import Forbidden, Unauthorized
from queue_server.services import access
from queue_server.services.access import Principal


def current_principal() -> Principal | None:
    if "principal" in g:
        return g.principal
    principal = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Authorization header must be 'Bearer <token>'", code="invalid_token")
        principal = access.principal_for_token(current_app.extensions["motcua"], token.strip())
        if principal is None:
            raise Unauthorized("Unknown or revoked token", code="invalid_token")
    elif session.get("user"):
        principal = Principal(name=session["user"], role=session["role"], via="session")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            sent = request.headers.get("X-CSRF-Token", "")
            if not hmac.compare_digest(sent, session.get("csrf", "")):
                raise Forbidden("Missing or wrong CSRF token; reload the page", code="csrf_failed")
    g.principal = principal
    return principal


def require(*roles: str):
    """Only callers with one of these roles (admin always) may use the route."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            principal = current_principal()
            if principal is None:
                raise Unauthorized("Sign in or send 'Authorization: Bearer <token>'", code="unauthorized")
            if not principal.has(*roles):
                raise Forbidden(f"Role {principal.role!r} may not do this; needs {' or '.join(roles)}",
                                code="forbidden")
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate
