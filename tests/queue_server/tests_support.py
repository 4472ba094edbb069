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
