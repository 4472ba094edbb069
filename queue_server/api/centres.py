"""GET /api/v1/centres and /api/v1/centres/<id>: the city's centres for a visitor choosing where to go (issue 17).
Public; an anonymous caller is counted per address (services/rate_limits.check_centres_read)."""

from flask import jsonify, request

from queue_server.api import api
from queue_server.api.catalogue import _anonymous
from queue_server.context import current_centre, current_city
from queue_server.services import centre_directory, rate_limits
from queue_server.web import limiter


def _query() -> tuple[str | None, tuple[float, float] | None]:
    if _anonymous():
        rate_limits.check_centres_read(limiter.current(), current_centre().config.security,
                                       request.remote_addr or "?")
    position = centre_directory.parse_position(request.args.get("lat"), request.args.get("lon"))
    return request.args.get("procedure_id") or None, position


@api.get("/centres")
def list_centres():
    """The city's centres (a single-centre deployment: its one), nearest first with ?lat=&lon=, those
    serving ?procedure_id= only (then `waiting` and `eta_minutes` are that procedure's queue's)."""
    procedure_id, position = _query()
    city = current_city()
    return jsonify({"city": {"name": city.name, "name_en": city.name_en},
                    "centres": centre_directory.centres(city, procedure_id, position)})


@api.get("/centres/<centre_id>")
def get_centre(centre_id: str):
    procedure_id, position = _query()
    return jsonify(centre_directory.one_centre(current_city(), centre_id, procedure_id, position))
