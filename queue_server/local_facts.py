"""A centre's own facts in a catalogue its city's centres share (issue 17).

The wards of a city show the same procedures, fees and documents, but a few texts name something of one ward:
where residence and ID cards are handled is that ward's police. The shared catalogue names such a fact by a
placeholder and each centre gives its own in `local:` of its centre.yaml:

    # centre.yaml of Cầu Giấy                  # the city's catalogue.yaml
    local:                                      redirect: 'Công an xã/phường nơi anh/chị cư trú
      ward: phường Cầu Giấy                       (người ở {ward}: {police})'
      police: Công an phường Cầu Giấy

The catalogue is read with the centre's facts put in (every text of it), so the database, the API, the kiosk,
the robot and the printed ticket only ever see the ward's own words. A placeholder the centre does not give
stops the server with the catalogue's key and what to add: no ward silently shows another's police.
"""

from __future__ import annotations

import re
from typing import Callable

from queue_server.centre_config import nfc

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,39})\}")

Fail = Callable[[str, str], None]  # (key as written, problem): raises


def read(raw, fail: Fail) -> dict[str, str]:
    """The `local:` section: {name: text}; {} when there is none."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        fail("local", "expected a mapping of names to texts (police: Công an phường …)")
    facts = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not NAME.match(name):
            fail(f"local.{name}", "a name is lower-case letters, digits and '_' (it is written {name} in texts)")
        if not isinstance(value, str) or not value.strip():
            fail(f"local.{name}", "expected a text (this centre's own, put where the catalogue says {%s})" % name)
        facts[name] = nfc(value.strip())
    return facts


def filled(value, facts: dict[str, str], key: str, fail: Fail, centre_file: str):
    """`value` (a text, or lists and mappings of them) with every {name} replaced by this centre's fact."""
    if isinstance(value, str):
        def fact(match: re.Match) -> str:
            name = match.group(1)
            if name not in facts:
                fail(key, f"names {{{name}}}, a fact each centre gives: add `{name}: …` under `local:` "
                          f"in {centre_file}")
            return facts[name]
        return PLACEHOLDER.sub(fact, value)
    if isinstance(value, list):
        return [filled(item, facts, f"{key}[{index}]", fail, centre_file) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {name: filled(item, facts, f"{key}.{name}" if key else str(name), fail, centre_file)
                for name, item in value.items()}
    return value
