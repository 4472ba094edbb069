"""A city's kiosk prints through `python -m printer.agent --server <host>/c/<centre>` (issue 17): the agent
hears its centre's print jobs over Socket.IO under the centre's path (its HTTP polling is set to a minute, so
a ticket on paper within seconds came by the live event), and never another centre's."""

from pathlib import Path

import requests

from live_server import cli
from printer_fakes import printed_urls, wait_until
from test_printer_end_to_end import AgentProcess

CITY_DEMO = Path(__file__).resolve().parents[2] / "config" / "city-demo"


def test_a_city_centres_kiosk_prints_its_own_tickets_by_the_live_event(live_server_factory, fake_printer, tmp_path):
    server = live_server_factory(config_path=CITY_DEMO)
    server.tokens = {"kiosk": cli(server.env, "--centre", "hoan-kiem", "token", "create", "--role", "kiosk",
                                  "--name", "kiosk-1").strip().splitlines()[-1]}
    other_kiosk = cli(server.env, "token", "create", "--role", "kiosk", "--name", "kiosk-1").strip().splitlines()[-1]
    centre = server.url + "/c/hoan-kiem"
    agent = AgentProcess(type("Centre", (), {"url": centre, "tokens": server.tokens}), fake_printer.uri(),
                         tmp_path / "agent.log")
    agent.args[agent.args.index("--poll-interval") + 1] = "60"
    agent.start()
    try:
        wait_until(lambda: "Socket.IO connected" in (tmp_path / "agent.log").read_text(errors="replace"),
                   "the agent's live connection")
        elsewhere = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, timeout=10,
                                  headers={"Authorization": "Bearer " + other_kiosk})  # Ba Đình's kiosk-1
        assert elsewhere.status_code == 201
        ticket = requests.post(centre + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, timeout=10,
                               headers={"Authorization": "Bearer " + server.tokens["kiosk"]})
        assert ticket.status_code == 201, ticket.text
        wait_until(lambda: fake_printer.jobs, "the ticket on paper", deadline=15)
        assert printed_urls(fake_printer) == [ticket.json()["ticket"]["track_url"]]
        assert "/c/hoan-kiem/t/" in ticket.json()["ticket"]["track_url"]
    finally:
        agent.stop()
        print((tmp_path / "agent.log").read_text(errors="replace")[-3000:])
