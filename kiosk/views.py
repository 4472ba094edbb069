from flask import Blueprint, current_app, render_template

bp = Blueprint("kiosk", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/kiosk")


@bp.get("/kiosk")
def kiosk_page():
    """The kiosk page; the device's token arrives once in the URL fragment and is kept in the browser."""
    config = current_app.extensions["motcua"].config
    return render_template("kiosk/kiosk.html", centre=config)
