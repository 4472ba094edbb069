"""Request authentication: a bearer token, or a staff login session with its CSRF token."""

from functools import wraps
import hmac

from flask import current_app, g, request, session

from queue_server.errors import Forbidden, Unauthorized
from queue_server.services import access
from queue_server.services.access import Principal



def same_token(sent: str, expected: str) -> bool:
    """The CSRF check of every form and API call: compared as bytes (compare_digest refuses a str with
    non-ASCII characters: a 500 for a hostile form), and never true while no token was handed out."""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())

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
    principal = access.principal_for_token(current_app.extensions["motcua"], token)
    remember_token(token, principal)
    return principal


def current_principal() -> Principal | None:
    if "principal" in g:
        return g.principal
    principal = None
    header = request.headers.get("Authorization", "")
    if header:
        token = bearer_token()
        if token is None:
            raise Unauthorized("Authorization header must be 'Bearer <token>'", code="invalid_token")
        principal = _principal_for(token)
        if principal is None:
            raise Unauthorized("Unknown or revoked token", code="invalid_token")
    elif session.get("user"):
        principal = Principal(name=session["user"], role=session["role"], via="session")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if not same_token(request.headers.get("X-CSRF-Token", ""), session.get("csrf", "")):
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
