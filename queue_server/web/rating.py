"""/rate/<counter>: the tablet beside a counter, where visitors rate the service they have just had.

It shows the ticket that counter finished last (for a quarter of an hour by default) and the centre's
scale; the rating is refused for any other ticket, so a tablet cannot rate someone else's visit.
"""

from flask import Blueprint, current_app, render_template

from queue_server.context import current_centre
from queue_server.services import ratings

bp = Blueprint("rating", __name__)


@bp.get("/rate/<int:counter_number>")
def tablet(counter_number: int):
    centre = current_centre()
    page_data = {"counter": ratings.tablet_counter(centre, counter_number)}
    response = current_app.make_response(render_template("rating.html", centre=centre.config, page_data=page_data))
    response.headers["Cache-Control"] = "no-store"
    return response
