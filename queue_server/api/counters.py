from flask import current_app, jsonify

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import field, json_body
from queue_server.services import counter_work


def centre():
    return current_app.extensions["motcua"]


@api.post("/counters/<int:number>/call-next")
@require("staff", "manager")
def call_next(number: int):
    """Call the best waiting ticket for this counter → {"ticket"} (null when nobody waits)."""
    json_body()
    return jsonify({"ticket": counter_work.call_next(centre(), number, current_principal().name)})


def _ticket_action(number: int, action: str):
    ticket_id = field(json_body(), "ticket_id", int)
    ticket = counter_work.act(centre(), number, action, current_principal().name, ticket_id)
    return jsonify({"ticket": ticket})


@api.post("/counters/<int:number>/recall")
@require("staff", "manager")
def recall(number: int):
    """Call the current ticket again (announced again on the displays)."""
    return _ticket_action(number, "recall")


@api.post("/counters/<int:number>/start")
@require("staff", "manager")
def start(number: int):
    """The visitor has arrived at the desk: service starts."""
    return _ticket_action(number, "start")


@api.post("/counters/<int:number>/done")
@require("staff", "manager")
def done(number: int):
    """Service finished."""
    return _ticket_action(number, "done")


@api.post("/counters/<int:number>/no-show")
@require("staff", "manager")
def no_show(number: int):
    """The visitor did not come after the call(s)."""
    return _ticket_action(number, "no_show")


@api.post("/counters/<int:number>/cancel")
@require("staff", "manager")
def cancel(number: int):
    """Cancel the current ticket, or a waiting one named by ticket_id."""
    return _ticket_action(number, "cancel")


@api.post("/counters/<int:number>/call-number")
@require("staff", "manager")
def call_number(number: int):
    """Call a given number out of order: {"number": "A-025"}."""
    wanted = field(json_body(), "number", str, required=True)
    return jsonify({"ticket": counter_work.call_specific(centre(), number, wanted, current_principal().name)})


@api.post("/counters/<int:number>/transfer")
@require("staff", "manager")
def transfer(number: int):
    """Send the current ticket to another field and/or counter: {"field_id", "counter_number", "reason"}."""
    data = json_body()
    ticket = counter_work.transfer(centre(), number, current_principal().name, field(data, "field_id", str),
                                   field(data, "counter_number", int), field(data, "reason", str),
                                   field(data, "ticket_id", int))
    return jsonify({"ticket": ticket})


@api.post("/counters/<int:number>/open")
@require("staff", "manager")
def open_counter(number: int):
    """Open the counter: it receives calls again and displays show it open."""
    return jsonify({"counter": counter_work.set_counter_open(centre(), number, True, current_principal().name)})


@api.post("/counters/<int:number>/close")
@require("staff", "manager")
def close_counter(number: int):
    """Close the counter (break, end of shift): no calls, displays show it closed."""
    return jsonify({"counter": counter_work.set_counter_open(centre(), number, False, current_principal().name)})
