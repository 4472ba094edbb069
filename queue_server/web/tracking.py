"""/t/<token>: the page a ticket's QR code opens on the visitor's phone, and the QR code itself.

The page carries no personal data: the unguessable token is the only key. It follows the ticket live,
says which counter when called (with vibration and a sound), and offers the rating after service.
A link works on its service day and the day after; then it answers 410 with a clear page.
"""

import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, current_app, render_template, request

from queue_server.context import current_centre, current_city
from queue_server.errors import ApiError
from queue_server.services import ticket_views

bp = Blueprint("tracking", __name__)


@bp.get("/t/<token>")
def follow(token: str):
    centre = current_centre()
    try:
        page_data = ticket_views.tracking_page(centre, token, in_city=current_city().is_city)
    except ApiError as exc:
        return render_template("tracking.html", centre=centre.config, problem=exc.code, page_data=None), exc.status
    response = current_app.make_response(render_template("tracking.html", centre=centre.config, problem=None,
                                                         page_data=page_data))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token never leaks to another site
    return response


@bp.get("/qr.svg")
def qr_svg():
    """An SVG QR code of ?data=..., so pages show the ticket's QR without any script library."""
    data = request.args.get("data", "")[:1000]
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
