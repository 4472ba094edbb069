"""Reading the admin pages' plain HTML forms: whole numbers, lists of them, checkboxes; a bad value is a clear
422 shown on the page the form came from."""

from __future__ import annotations

from flask import request

from queue_server.errors import Unprocessable


def form_int(name: str, required: bool = True, what: str | None = None) -> int | None:
    value = request.form.get(name, "").strip()
    if not value:
        if required:
            raise Unprocessable(f"{what or name} is required", code="missing_field")
        return None
    try:
        return int(value)
    except ValueError:
        raise Unprocessable(f"{what or name}: \"{value}\" is not a whole number", code="invalid_number") from None


def form_ints(name: str) -> list[int]:
    return [int(v) for v in request.form.getlist(name) if v.strip().isdigit()]


def checked(name: str) -> bool:
    return request.form.get(name) in ("on", "1", "true", "yes")
