from functools import wraps

from flask import jsonify, session

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import json_body
from queue_server.context import current_centre as centre
from queue_server.services import counter_claims, counter_work


def at_own_counter(view):
    """Staff act only on the counter they hold (services/counter_claims.py); managers and admins on any."""

    @wraps(view)
    def guarded(number: int, **kwargs):
        counter_claims.check_may_work(centre(), current_principal(), number, session.get("claim_key"))
        return view(number, **kwargs)

    return guarded


@api.post("/counters/<int:number>/call-next")
@require("staff", "manager")
@at_own_counter
def call_next(number: int):
    """Call the best waiting ticket for this counter → {"ticket"} (null when nobody waits)."""
    json_body()
    return jsonify({"ticket": counter_work.call_next(centre(), number, current_principal().name)})


def _ticket_action(number: int, action: str):
    ticket_id = json_body().get("ticket_id")
    ticket = counter_work.act(centre(), number, action, current_principal().name, ticket_id)
    return jsonify({"ticket": ticket})


@api.post("/counters/<int:number>/recall")
@require("staff", "manager")
@at_own_counter
def recall(number: int):
    """Call the current ticket again (announced again on the displays)."""
    return _ticket_action(number, "recall")


@api.post("/counters/<int:number>/start")
@require("staff", "manager")
@at_own_counter
def start(number: int):
    """The visitor has arrived at the desk: service starts."""
    return _ticket_action(number, "start")


@api.post("/counters/<int:number>/done")
@require("staff", "manager")
@at_own_counter
def done(number: int):
    """Service finished."""
    return _ticket_action(number, "done")


@api.post("/counters/<int:number>/no-show")
@require("staff", "manager")
@at_own_counter
def no_show(number: int):
    """The visitor did not come after the call(s)."""
    return _ticket_action(number, "no_show")


@api.post("/counters/<int:number>/cancel")
@require("staff", "manager")
@at_own_counter
def cancel(number: int):
    """Cancel the current ticket, or a waiting one named by ticket_id."""
    return _ticket_action(number, "cancel")


@api.post("/counters/<int:number>/call-number")
@require("staff", "manager")
@at_own_counter
def call_number(number: int):
    """Call a given number out of order: {"number": "A-025"}."""
    wanted = json_body()["number"]
    return jsonify({"ticket": counter_work.call_specific(centre(), number, wanted, current_principal().name)})


@api.post("/counters/<int:number>/transfer")
@require("staff", "manager")
@at_own_counter
def transfer(number: int):
    """Send the current ticket to another field and/or counter: {"field_id", "counter_number", "reason"}."""
    data = json_body()
    ticket = counter_work.transfer(centre(), number, current_principal().name, data.get("field_id"),
                                   data.get("counter_number"), data.get("reason"),
                                   data.get("ticket_id"))
    return jsonify({"ticket": ticket})


@api.post("/counters/<int:number>/open")
@require("staff", "manager")
@at_own_counter
def open_counter(number: int):
    """Open the counter: it receives calls again and displays show it open."""
    return jsonify({"counter": counter_work.set_counter_open(centre(), number, True, current_principal().name)})


@api.post("/counters/<int:number>/close")
@require("staff", "manager")
@at_own_counter
def close_counter(number: int):
    """Close the counter: {"reason": "break"|"closed"} (default closed). No calls; displays show it closed."""
    reason = json_body().get("reason")
    return jsonify({"counter": counter_work.set_counter_open(centre(), number, False, current_principal().name,
                                                             reason)})


@api.post("/counters/<int:number>/hold")
@require("staff", "manager")
@at_own_counter
def hold(number: int):
    """Park the current visitor (a missing paper, say) to serve others meanwhile: status "held"."""
    return _ticket_action(number, "hold")


@api.post("/counters/<int:number>/resume")
@require("staff", "manager")
@at_own_counter
def resume(number: int):
    """Serve a held visitor again: {"ticket_id"} or the longest held; refused while the desk is busy."""
    ticket_id = json_body().get("ticket_id")
    return jsonify({"ticket": counter_work.resume(centre(), number, current_principal().name, ticket_id)})
