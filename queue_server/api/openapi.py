from flask import jsonify

from queue_server.api import api, spec


@api.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API: openapi.yaml, which also validates request bodies (spec.py)."""
    return jsonify(spec.document())
