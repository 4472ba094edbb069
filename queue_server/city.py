"""Several centres in one deployment (issue 17): the city's config and the `City` that holds its centres.

A config folder holding `city.yaml` names the centres, each a folder of its own as for one centre:

    city:
      name: Thành phố Hà Nội
      alert_wait_minutes: 30      # the city view warns when a centre's estimated wait passes this
    centres:
      - {id: ba-dinh, path: ba-dinh}

A folder holding `centre.yaml` is a single-centre deployment: a city of one, served exactly as before.

Each centre keeps its own tables, so nothing of one centre can be read or written through another (tokens,
staff, tickets, events): on PostgreSQL in a schema of its own (`centre_<id>`) of the one database, on SQLite in
a file of its own (`<var>/centres/<id>.db`). The first centre keeps the deployment's own tables (the default
schema, the database file): a single-centre database that becomes a city is its first centre, losing nothing.
Why schemas rather than a centre_id column on every table: docs/city.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from queue_server.centre_config import ConfigError, nfc
from queue_server.config_checks import YamlChecker

CENTRE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # in URLs (/c/<id>/) and schema names: plain and short


@dataclass(frozen=True)
class CentrePlace:
    id: str
    path: Path


@dataclass(frozen=True)
class CityConfig:
    name: str
    name_en: str
    centres: tuple[CentrePlace, ...]
    alert_wait_minutes: int = 30
    is_city: bool = True


def is_city_config(location: str | Path) -> bool:
    location = Path(location)
    return location.name == "city.yaml" or (location / "city.yaml").is_file()


def load_city_config(location: str | Path) -> CityConfig:
    """A city.yaml (or its folder); a centre's folder or file is a city of that one centre."""
    location = Path(location)
    if not is_city_config(location):
        return CityConfig(name="", name_en="", centres=(CentrePlace(centre_id_of(location), location),),
                          is_city=False)
    path = location if location.name == "city.yaml" else location / "city.yaml"
    top = YamlChecker(path).data  # parsed, and refused with the file's name unless it is a mapping
    unknown = set(top) - {"city", "centres"}
    if unknown:
        raise ConfigError(path, sorted(unknown)[0], "unknown key (city.yaml holds `city:` and `centres:`)")
    city = top.get("city") or {}
    if not isinstance(city, dict) or not isinstance(city.get("name"), str) or not city["name"].strip():
        raise ConfigError(path, "city.name", "the city's name is required")
    alert = city.get("alert_wait_minutes", 30)
    if isinstance(alert, bool) or not isinstance(alert, int) or alert < 1:
        raise ConfigError(path, "city.alert_wait_minutes", "must be a whole number of minutes, at least 1")
    entries = top.get("centres")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(path, "centres", "a list of at least one centre ({id, path})")
    places, seen = [], set()
    for index, entry in enumerate(entries):
        key = f"centres[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"id", "path"}:
            raise ConfigError(path, key, "each centre is {id: ..., path: <its folder>}")
        centre_id = entry.get("id")
        if not isinstance(centre_id, str) or not CENTRE_ID.match(centre_id):
            raise ConfigError(path, f"{key}.id", "lower-case letters, digits and '-', at most 40 (it is in URLs)")
        if centre_id in seen:
            raise ConfigError(path, f"{key}.id", f"{centre_id!r} is used twice")
        seen.add(centre_id)
        folder = (path.parent / str(entry.get("path") or centre_id)).resolve()
        places.append(CentrePlace(centre_id, folder))
    return CityConfig(name=nfc(city["name"].strip()), name_en=nfc(str(city.get("name_en") or city["name"])),
                      centres=tuple(places), alert_wait_minutes=alert)


def centre_id_of(location: Path) -> str:
    """A single centre's id: its folder's name made URL-safe (config/demo → demo)."""
    folder = location.parent if location.suffix in (".yaml", ".yml") else location
    slug = re.sub(r"[^a-z0-9-]+", "-", folder.resolve().name.lower()).strip("-")[:40]
    return slug or "centre"
