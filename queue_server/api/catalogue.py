from flask import jsonify, request

from queue_server.api import api
from queue_server.api.auth import current_principal
from queue_server.context import current_centre
from queue_server.errors import Unauthorized
from queue_server.services import catalogue, queue_state, rate_limits
from queue_server.web import limiter


@api.get("/catalogue")
def get_catalogue():
    """Fields, procedures, counters, priority categories and opening hours. Public."""
    return jsonify(catalogue.catalogue_view(current_centre()))


@api.get("/queue")
def get_queue():
    """The live snapshot every client loads on (re)connect. Public: ticket numbers only. The heaviest public
    read, so an anonymous caller (a display) may load it so many times per address (security.rate_limits)."""
    centre = current_centre()
    if _anonymous():
        rate_limits.check_queue_read(limiter.current(), centre.config.security, request.remote_addr or "?")
    return jsonify(queue_state.snapshot(centre))


def _anonymous() -> bool:
    try:
        return current_principal() is None
    except Unauthorized:  # a revoked or unknown token: the snapshot stays public, counted like anyone's
        return True
