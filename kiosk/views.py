"""The touchscreen kiosk where visitors pick a procedure and take a ticket (docs/kiosk.md)."""
from flask import Blueprint, render_template

from queue_server.context import current_centre, current_city

bp = Blueprint("kiosk", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/kiosk")


@bp.get("/kiosk")
def kiosk_page():
    """The kiosk page; the device's token arrives once in the URL fragment and is kept in the browser.

    The page reads everything else from the API: the catalogue (GET /catalogue), its own settings and its
    printer's state (GET /devices/me with the token), and the live events (catalogue, counters, printer).
    """
    centre = current_centre()
    config = centre.config
    page_data = {"centre": {"name": config.name, "name_en": config.name_en, "id": centre.id,
                            "lat": config.lat, "lon": config.lon},
                 "city": current_city().is_city,  # in a city a long wait points to nearby centres (kiosk-nearby.js)
                 "kiosk": config.kiosk.view()}  # the centre's defaults until the device's own arrive
    return render_template("kiosk/kiosk.html", centre=config, page_data=page_data)
