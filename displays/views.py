from flask import Blueprint, current_app, render_template

bp = Blueprint("displays", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/displays")


@bp.get("/display")
@bp.get("/display/<display_id>")
def wall_display(display_id: str | None = None):
    """The hall's wall display: current calls per counter, the last calls, people waiting."""
    config = current_app.extensions["motcua"].config
    device = config.device(display_id) if display_id else None
    counters = [c.number for c in config.counters if device is None or device.counters is None
                or c.number in device.counters]
    status = 404 if display_id and (device is None or device.kind != "display") else 200
    return render_template("displays/wall.html", centre=config, display_id=display_id, counters=counters,
                           unknown=status == 404, highlight_seconds=config.highlight_seconds), status
