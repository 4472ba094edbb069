"""The JSON REST API under /api/v1. Thin views: parse the request, call a service, return its result."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1")

from queue_server.api import (appointments, catalogue, city, console, counters, devices, help_requests, openapi,  # noqa: E402,F401  (routes)
                              ratings, reports, tickets)
