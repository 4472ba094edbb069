"""The JSON REST API under /api/v1. Thin views: parse the request, call a service, return its result."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1")

from queue_server.api import (appointments, catalogue, centres, city, console, counters,  # noqa: E402,F401  (routes)
                              devices, help_requests, openapi, ratings, reports, tickets)
