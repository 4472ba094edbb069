from pathlib import Path

import yaml
from flask import jsonify

from queue_server.api import api

SPEC_PATH = Path(__file__).with_name("openapi.yaml")


@api.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API (kept in openapi.yaml beside this module)."""
    with open(SPEC_PATH, encoding="utf-8") as f:
        return jsonify(yaml.safe_load(f))
