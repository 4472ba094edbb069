"""/t/<token>: the page a ticket's QR code opens on the visitor's phone, and the QR code itself."""

import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, current_app, render_template, request
from sqlalchemy import select

from queue_server import models

bp = Blueprint("tracking", __name__)


@bp.get("/t/<token>")
def follow(token: str):
    centre = current_app.extensions["motcua"]
    with centre.db.reading() as session:
        found = session.scalar(select(models.Ticket.id).where(models.Ticket.track_token == token)) is not None
    return render_template("tracking.html", token=token, found=found, centre=centre.config), (200 if found else 404)


@bp.get("/qr.svg")
def qr_svg():
    """An SVG QR code of ?data=..., so pages show the ticket's QR without any script library."""
    data = request.args.get("data", "")[:1000]
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
