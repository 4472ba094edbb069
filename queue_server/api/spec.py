"""openapi.yaml is the one description of the API's shape: it is served as /api/v1/openapi.json and the
JSON request body of every operation is validated against it when the view reads it, so the document and the
checks cannot drift apart. (Query parameters are few and parsed by their views with specific error codes.)

Why a hand-kept spec read by jsonschema rather than APIFlask or flask-smorest: the routes, error bodies and
auth already exist and are tested; generating the document from code would rewrite every view for no change
a client sees, while validating from the document makes it authoritative with one hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from queue_server.errors import BadRequest

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
_FLASK_ARGUMENT = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


@cache
def document() -> dict:
    with open(SPEC_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


@dataclass(frozen=True)
class Operation:
    body: Draft202012Validator | None
    body_required: bool
    integers: frozenset[str]  # top-level properties that are integers: JSON's 7.0 is read as 7


def _validator(schema: dict) -> Draft202012Validator:
    # The components ride along at the schema's root so "#/components/..." references resolve as in the document.
    return Draft202012Validator({**schema, "components": document().get("components", {})},
                                format_checker=FormatChecker())


def _resolve(item: dict) -> dict:
    while "$ref" in item:
        node = document()
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


@cache
def operation(flask_rule: str, method: str) -> Operation | None:
    """The document's operation for a Flask rule (`/api/v1/counters/<int:number>/call-next`) and method."""
    path = _FLASK_ARGUMENT.sub(r"{\1}", flask_rule)
    described = document().get("paths", {}).get(path, {}).get(method.lower())
    if described is None:
        return None
    body = _resolve(described.get("requestBody", {}))
    body_schema = _resolve(body.get("content", {}).get("application/json", {}).get("schema", {}))
    integers = frozenset(name for name, schema in body_schema.get("properties", {}).items() if _is_integer(schema))
    return Operation(_validator(body_schema) if body_schema else None, bool(body.get("required")), integers)


def _is_integer(schema: dict) -> bool:
    schema = _resolve(schema)
    return schema.get("type") == "integer" or any(_is_integer(s) for s in schema.get("oneOf", []))


_INT32_BOUNDS = (-2**31, 2**31 - 1)


def _is_shape_error(error: ValidationError) -> bool:
    """The document checks a body's shape (400): required fields, types, 32-bit integers. Allowed values (an
    enum of reasons, a comment's length, a score's range) are the services' rules, answered 422 with their own
    code and bilingual message, the same for every caller."""
    if error.validator in ("minimum", "maximum"):
        return error.validator_value in _INT32_BOUNDS
    return error.validator in ("required", "type", "oneOf", "anyOf")


def _error(error: ValidationError) -> BadRequest:
    if error.validator == "required":
        name = error.message.split("'")[1]
        return BadRequest(f"'{_join(error.path, name)}' is required", code="missing_field")
    name = _join(error.path)
    if error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_TYPE_NAMES.get(k, k) for k in kinds if k != "null")
        return BadRequest(f"'{name}' must be {wanted}", code="invalid_field")
    if error.validator in ("minimum", "maximum"):
        return BadRequest(f"'{name}' is out of range", code="invalid_field")  # the database's integers are 32-bit
    return BadRequest(f"'{name}' is not valid", code="invalid_field")


_TYPE_NAMES = {"integer": "int", "string": "str", "boolean": "bool", "object": "an object", "array": "a list"}


def _join(path, last: str | None = None) -> str:
    return ".".join([str(p) for p in path] + ([last] if last is not None else [])) or "body"


def validated_body(flask_rule: str, method: str, body: dict) -> dict:
    """The body as the view may trust it: a 400 names the first field that does not match the document (an
    absent body is checked as {}, so its required fields are reported); integers come out as int."""
    described = operation(flask_rule, method)
    if described is None or described.body is None:
        return body
    shape_errors = [e for e in described.body.iter_errors(body) if _is_shape_error(e)]
    error = min(shape_errors, key=lambda e: list(map(str, e.path)), default=None)
    if error is not None:
        raise _error(error)
    return {name: int(value) if name in described.integers and isinstance(value, float) else value
            for name, value in body.items()}

