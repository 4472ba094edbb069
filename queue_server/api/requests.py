"""Reading request bodies strictly: malformed JSON or a wrong type gets a 400 that says what is wrong."""

from flask import request

from queue_server.errors import BadRequest

_MISSING = object()
INT_MIN, INT_MAX = -2**31, 2**31 - 1


def json_body() -> dict:
    if not request.data:
        return {}
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest("The body is not valid JSON", code="malformed_json")
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object", code="malformed_json")
    return data


def field(data: dict, name: str, kind, required: bool = False, default=None):
    value = data.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise BadRequest(f"'{name}' is required", code="missing_field")
        return default
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 7.0 is the integer 7
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise BadRequest(f"'{name}' must be {names}", code="invalid_field")
    if isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        raise BadRequest(f"'{name}' is out of range", code="invalid_field")  # the database's integers are 32-bit
    return value


def base_url() -> str:
    from flask import current_app
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url


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
