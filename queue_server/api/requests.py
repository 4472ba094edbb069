"""Reading requests strictly: malformed JSON or a body unlike openapi.yaml gets a 400 that says what is wrong."""

from flask import request

from queue_server.api import spec
from queue_server.errors import BadRequest

INT_MAX = 2**31 - 1  # the database's integers are 32-bit


def json_body() -> dict:
    """The request's JSON object, checked against the operation's schema in openapi.yaml (api/spec.py).
    A null value counts as absent, as clients send `"field_id": null` for "not chosen"."""
    data = {}
    if request.data:
        data = request.get_json(silent=True)
        if data is None:
            raise BadRequest("The body is not valid JSON", code="malformed_json")
        if not isinstance(data, dict):
            raise BadRequest("The body must be a JSON object", code="malformed_json")
    present = {name: value for name, value in data.items() if value is not None}
    return spec.validated_body(request.url_rule.rule, request.method, present)


def base_url() -> str:
    from flask import current_app
    # script_root: a city's centre (/c/<id>, centre_paths.py), so a ticket's link opens at its own centre
    return (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/") + request.script_root + "/"


def int_arg(name: str, default: int, minimum: int = 0, maximum: int = INT_MAX) -> int:
    """A whole-number query parameter (?offset=100): 400 when it is not one or out of range, rather than an
    overflow in the database driver (?offset=9223372036854775808 used to answer 500)."""
    text = request.args.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a whole number, got {text[:40]!r}", code="invalid_parameter") from None
    if not minimum <= value <= maximum:
        raise BadRequest(f"'{name}' must be between {minimum} and {maximum}", code="invalid_parameter")
    return value
