"""/city: the city's page (issue 17, role `city`): every centre live, alerts, and the reports compared across
centres. The page draws itself from GET /api/v1/city/overview every POLL_SECONDS (api/city.py); a city
account signs in at /login like staff (the first centre's, whose tables keep it) and comes back here."""

from flask import Blueprint, current_app, render_template, session

from queue_server.api.auth import csrf_token, require
from queue_server.api.city import REFUSAL, city_of_request
from queue_server.services.access import CITY
from queue_server.services.queue_state import today

bp = Blueprint("city", __name__)

POLL_SECONDS = 10  # a city's figures move by the minute; polling keeps 160 centres off the live event rooms


@bp.get("/city")
@require(CITY, page=True, admins=False, refusal=REFUSAL)
def city_page():
    city = city_of_request()
    day = today(city.default).isoformat()
    page_data = {"poll_seconds": POLL_SECONDS, "today": day, "alert_wait_minutes": city.alert_wait_minutes}
    response = current_app.make_response(render_template(
        "city/index.html", city=city, centre={"name": city.name}, user=session["user"], role=session["role"],
        csrf=csrf_token(), page_data=page_data, today=day))
    response.headers["Cache-Control"] = "no-store"
    return response
