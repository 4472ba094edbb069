from flask import current_app, jsonify

from queue_server.api import api
from queue_server.services import catalogue, queue_state


@api.get("/catalogue")
def get_catalogue():
    """Fields, procedures, counters, priority categories and opening hours. Public."""
    return jsonify(catalogue.catalogue_view(current_app.extensions["motcua"]))


@api.get("/queue")
def get_queue():
    """The live snapshot every client loads on (re)connect. Public: ticket numbers only."""
    return jsonify(queue_state.snapshot(current_app.extensions["motcua"]))
