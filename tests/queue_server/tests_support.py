"""Helpers for tests that need a centre other than the demo one."""

from pathlib import Path

import yaml

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


def demo_centre_yaml(extra: str = "") -> str:
    """The demo centre.yaml with some keys replaced (top-level keys of `extra`, or centre.* keys)."""
    data = yaml.safe_load((DEMO / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO / "catalogue.yaml")
    for key, value in (yaml.safe_load(extra) or {}).items():
        if key in data["centre"] or key == "opening_hours":
            data["centre"][key] = value
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# A five-level satisfaction scale in which 4 and 5 count as satisfied (the demo has three levels).
FIVE_LEVEL_SATISFACTION = """
satisfaction:
  levels:
    - {value: 5, vi: Rất tốt, en: Very good}
    - {value: 4, vi: Tốt, en: Good}
    - {value: 3, vi: Bình thường, en: Fair}
    - {value: 2, vi: Kém, en: Poor}
    - {value: 1, vi: Rất kém, en: Very poor}
  satisfied_from: 4
"""


def tablet_headers(centre, counter: int) -> dict:
    """Bearer headers of counter `counter`'s rating tablet (a counter-tablet token bound to it)."""
    from queue_server.services import access
    return {"Authorization": "Bearer " + access.create_token(centre, "counter-tablet", f"tablet-{counter}", counter)}


def staff_counter(centre, number: int, name: str | None = None) -> dict:
    """Someone sits down at counter `number`: a staff token claims it (as the console does), so the counter
    is staffed and the token may work there. Returns the token's Authorization header."""
    from queue_server.services import access, counter_claims

    name = name or f"canbo-quay-{number}"
    token = access.create_token(centre, "staff", name)
    counter_claims.claim(centre, number, name, counter_claims.token_key(name))
    return {"Authorization": f"Bearer {token}"}


def take_counter(client, headers: dict, number: int) -> None:
    """The staff member of these headers takes counter `number` (leaving any other), as the console does."""
    response = client.post("/api/v1/console/claim", json={"counter_number": number}, headers=headers)
    assert response.status_code == 200, response.get_json()


class Desks:
    """desks(n): the Authorization header of a staff token holding counter n (made on first use), as if a
    person sat at each counter a test works at."""

    def __init__(self, centre):
        self.centre, self.headers = centre, {}

    def __call__(self, number: int) -> dict:
        if number not in self.headers:
            self.headers[number] = staff_counter(self.centre, number)
        return self.headers[number]


def heartbeat(client, *headers: dict) -> None:
    """The consoles at these counters are still there (after a test moved the clock)."""
    for h in headers:
        assert client.post("/api/v1/console/heartbeat", json={}, headers=h).status_code == 200
