"""/gan-day ("nearby"): the public phone page of the nearest short queue (issue 17). A visitor picks a
procedure, shares their position or picks their ward, and sees the city's centres nearest first with the wait
now, whether each is open and whether it handles that procedure (GET /api/v1/centres). Vietnamese first,
English on a tap; the same page in a single-centre deployment lists its one centre."""

from flask import Blueprint, current_app, render_template

from queue_server.context import current_city
from queue_server.services import centre_directory

bp = Blueprint("nearby", __name__)


@bp.get("/gan-day")
def nearby_page():
    city = current_city()
    procedures: dict[str, dict] = {}
    for centre in city:  # every procedure some centre issues tickets for, in the first centre's order
        for field in centre.config.fields:
            for p in field.procedures:
                if p.id not in procedures and centre_directory.field_of(centre, p.id):
                    procedures[p.id] = {"id": p.id, "name": {"vi": p.name_vi, "en": p.name_en},
                                        "synonyms": list(p.synonyms)}
    page_data = {
        "city": {"vi": city.name, "en": city.name_en},
        "procedures": list(procedures.values()),
        "centres": [{"id": c.id, "name": {"vi": c.config.name, "en": c.config.name_en},
                     "lat": c.config.lat, "lon": c.config.lon} for c in city if c.config.lat is not None],
    }
    response = current_app.make_response(render_template("nearby.html", centre={"name": city.name},
                                                          page_data=page_data))
    response.headers["Cache-Control"] = "no-store"
    return response
