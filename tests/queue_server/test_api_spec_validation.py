"""openapi.yaml is the one description of the API's shape: every request body is checked against it
(queue_server/api/spec.py), so a field the document requires or types is refused with a 400 that names it."""

import pytest

from queue_server.api import spec
from queue_server.errors import BadRequest

WRONG_VALUE = {"integer": "seven", "string": 7, "boolean": "yes"}


def body_operations():
    for path, operations in spec.document()["paths"].items():
        for method, described in operations.items():
            body = spec._resolve(described.get("requestBody", {}))
            schema = spec._resolve(body.get("content", {}).get("application/json", {}).get("schema", {}))
            if schema.get("properties"):
                yield pytest.param(path.replace("{", "<").replace("}", ">"), method, schema, id=f"{method} {path}")


def typed_properties(schema):
    for name, property_schema in schema["properties"].items():
        kind = spec._resolve(property_schema).get("type")
        if isinstance(kind, str) and kind in WRONG_VALUE:
            yield name, kind


@pytest.mark.parametrize("rule, method, schema", list(body_operations()))
def test_every_documented_field_is_checked(rule, method, schema):
    valid = {name: "x" if kind == "string" else 1 if kind == "integer" else True
             for name, kind in typed_properties(schema)}
    for name in schema.get("required", []):
        with pytest.raises(BadRequest) as missing:
            spec.validated_body(rule, method, {k: v for k, v in valid.items() if k != name})
        assert missing.value.code == "missing_field" and f"'{name}'" in missing.value.message
    for name, kind in typed_properties(schema):
        with pytest.raises(BadRequest) as wrong:
            spec.validated_body(rule, method, {**valid, name: WRONG_VALUE[kind]})
        assert wrong.value.code == "invalid_field" and f"'{name}'" in wrong.value.message


def test_whole_numbers_sent_as_floats_are_integers_and_32_bit_is_enforced():
    rule = "/api/v1/counters/<number>/call-next"
    assert spec.validated_body(rule, "POST", {"ticket_id": 7.0}) == {"ticket_id": 7}
    assert type(spec.validated_body(rule, "POST", {"ticket_id": 7.0})["ticket_id"]) is int
    with pytest.raises(BadRequest, match="out of range"):
        spec.validated_body(rule, "POST", {"ticket_id": 2**31})
    with pytest.raises(BadRequest, match="must be int"):
        spec.validated_body(rule, "POST", {"ticket_id": 7.5})


def test_allowed_values_are_left_to_the_services_own_codes():
    # A comment over the documented length is the ratings service's 422 comment_too_long, not a shape error.
    body = {"score": 3, "comment": "x" * 5000}
    assert spec.validated_body("/api/v1/track/<token>/rating", "POST", body) == body


def test_a_kiosk_sending_a_wrong_type_gets_a_400_naming_the_field(client, auth):
    refused = client.post("/api/v1/tickets", json={"procedure_id": 42}, headers=auth("kiosk"))
    assert refused.status_code == 400
    assert refused.get_json()["error"] == {"code": "invalid_field", "message": "'procedure_id' must be str"}
