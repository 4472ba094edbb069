"""Satisfaction ratings: from the visitor's phone (tracking token) or the counter's tablet; dossier codes."""

from flask import jsonify

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import json_body
from queue_server.context import current_centre as centre
from queue_server.errors import Forbidden
from queue_server.services import access, ratings


@api.get("/ratings/scale")
def rating_scale():
    """The centre's rating scale, best first: {"levels": [{"value", "vi", "en"}], "satisfied_from"}."""
    return jsonify(ratings.scale_of(centre()).as_json())


@api.get("/track/<token>/rating")
def tracking_rating(token: str):
    """Whether the ticket behind a tracking link can be rated now ({"can_rate", "reason", "rating", "scale"})."""
    return jsonify(ratings.state_for_token(centre(), token))


@api.post("/track/<token>/rating")
def rate_from_phone(token: str):
    """Rate a served ticket from its tracking page: {"score", "comment"} → 201 {"rating"}. Once per ticket."""
    data = json_body()
    rating = ratings.rate_by_token(centre(), token, data["score"], data.get("comment", ""))
    return jsonify({"rating": rating}), 201


@api.get("/counters/<int:number>/last-served")
def counter_last_served(number: int):
    """For the counter's tablet: the ticket it has just served (within a few minutes) and the scale."""
    return jsonify(ratings.tablet_view(centre(), number))


@api.post("/counters/<int:number>/rating")
@require("counter-tablet")
def rate_at_counter(number: int):
    """Rate the ticket this counter has just served: {"ticket_id", "score", "comment"} → 201 {"rating"}.
    Only that counter's tablet (a counter-tablet token bound to it) may."""
    principal = current_principal()
    if principal.role == access.COUNTER_TABLET and principal.counter != number:
        raise Forbidden(f"Máy tính bảng này thuộc quầy {principal.counter} / "
                        f"This tablet belongs to counter {principal.counter}", code="wrong_counter")
    data = json_body()
    rating = ratings.rate_at_counter(centre(), number, data["ticket_id"],
                                     data["score"], data.get("comment", ""))
    return jsonify({"rating": rating}), 201


@api.put("/tickets/<int:ticket_id>/dossier-code")
@require("staff", "manager")
def dossier_code(ticket_id: int):
    """Staff note the dossier code (mã hồ sơ) of the ticket's case: {"dossier_code"} → {"dossier"}."""
    code = json_body()["dossier_code"]
    return jsonify({"dossier": ratings.set_dossier_code(centre(), ticket_id, code, current_principal().name)})
