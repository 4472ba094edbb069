"""A visitor arriving now is told, for every field at once, what the kiosk would tell them on issuing
(rules/arrival.py): over random queues, desks, policies and service times, one replay of the queue must give,
for each field, exactly what the full replay with the newcomer's ticket gives."""

from datetime import timedelta

from hypothesis import given, settings
from test_flat_cost import FIELDS, T0, desk_sets, minutes, policies, tickets

from queue_server.rules import arrival, forecast
from queue_server.rules.forecast import Desk
from queue_server.rules.ordering import Candidate


@settings(max_examples=600, deadline=None)
@given(tickets, desk_sets, policies, minutes)
def test_one_replay_tells_every_field_what_issuing_would(specs, desk_specs, policy, service_minutes):
    waiting = [Candidate(i, f, p, T0 + timedelta(seconds=s), t) for i, (f, p, t, s) in enumerate(specs, 1)]
    desks = [Desk(n, fields, since, free) for n, fields, since, free in desk_specs]
    idle = arrival.idle_after(waiting, desks, policy, service_minutes)
    for field_id in FIELDS:
        new = Candidate(len(specs) + 1, field_id, None, T0 + timedelta(seconds=31))
        full = forecast.forecast(new, waiting + [new], desks, policy, service_minutes)
        assert arrival.newcomer_minutes(field_id, desks, idle) == full.minutes
