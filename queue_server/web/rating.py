"""/rate/<counter>: the tablet beside a counter, where visitors rate the service they have just had.

It shows the ticket that counter finished last (for a quarter of an hour by default) and the centre's
scale; the rating is refused for any other ticket, so a tablet cannot rate someone else's visit.
"""

from flask import Blueprint, current_app, render_template

from queue_server import models
from queue_server.context import current_centre
from queue_server.errors import NotFound

bp = Blueprint("rating", __name__)


@bp.get("/rate/<int:counter_number>")
def tablet(counter_number: int):
    centre = current_centre()
    with centre.db.reading() as session:
        counter = session.get(models.Counter, counter_number)
        if counter is None:
            raise NotFound(f"Không có quầy {counter_number} / No counter {counter_number}", code="unknown_counter")
        page_data = {"counter": {"number": counter.number, "name": counter.name, "location": counter.location}}
    response = current_app.make_response(render_template("rating.html", centre=centre.config, page_data=page_data))
    response.headers["Cache-Control"] = "no-store"
    return response
