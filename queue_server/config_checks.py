"""The generic part of reading a centre's YAML: parsing a file (once per version of it) and checking a value
against config_schema.py (a mapping without unknown keys, required keys, list items, numbers, texts). What a
centre's configuration holds is read by config_reader.py on top of this."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from queue_server.centre_config import ConfigError, nfc
from queue_server.config_schema import SCHEMA, describe, unknown_key

# libyaml's parser when present: the catalogue is large and the pure-Python one takes about a second
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_parsed: dict[tuple, object] = {}


def _parse_yaml(path: Path):
    """A YAML file's data, parsed once per version of the file: the server, the display pages and the
    tests build the centre from the same files many times."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in _parsed:
            with open(path, encoding="utf-8") as f:
                _parsed[key] = yaml.load(f, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(path, "(syntax)", str(exc).replace("\n", " ")) from None
    except UnicodeDecodeError:
        raise ConfigError(path, "(file)", "is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(path, "(file)", f"cannot be read: {exc.strerror or exc}") from None
    return copy.deepcopy(_parsed[key])  # the reader may normalise what it is given


class YamlChecker:
    """Checks the values of one YAML file (and of files it refers to). Every message names the key as written
    in the file: `centre.timezone`, `devices.kiosks[0].print_via`, `catalogue[2].procedures[0].vi`."""

    def __init__(self, path: Path, data: dict | None = None):
        self.path = path
        self.reading = path  # the file being read: the catalogue's while its fields are read
        self.data = self._load(path) if data is None else data  # data: a file's content already in memory

    def _load(self, path: Path) -> dict:
        data = _parse_yaml(path)
        if not isinstance(data, dict):
            self.fail("(top level)", "expected a mapping of keys", path)
        return data

    def fail(self, key: str, problem: str, path: Path | None = None):
        raise ConfigError(path or self.path, key, problem)

    # --- the generic checks: SCHEMA, required keys, list items -----------------------------------------

    def mapping(self, raw, key: str, schema: str, path: Path | None = None) -> dict:
        """`raw`, the value at `key`, checked against SCHEMA[schema]: a mapping without unknown keys whose
        values have their types. None (not set) gives {}."""
        allowed = SCHEMA[schema]
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(key, f"expected a mapping of keys ({', '.join(allowed)}), got {describe(raw)}", path)
        for name, value in raw.items():
            where = f"{key}.{name}" if key else str(name)
            if name not in allowed:
                self.fail(where, unknown_key(name, allowed), path)
            if value is not None and not allowed[name].accepts(value):
                self.fail(where, f"expected {allowed[name].name}, got {describe(value)}", path)
        return raw

    def items(self, raw_list, key: str, schema: str, path: Path | None = None):
        """(key of the item, the item checked against SCHEMA[schema]) for each item of a list."""
        for index, raw in enumerate(raw_list or ()):
            item_key = f"{key}[{index}]"
            if raw is None:
                self.fail(item_key, "is empty", path)
            yield item_key, self.mapping(raw, item_key, schema, path)

    def required(self, raw: dict, name: str, key: str, path: Path | None = None):
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(f"{key}.{name}" if key else name, "is missing" if value is None else "is empty", path)
        return value

    def texts(self, value, key: str, path: Path | None = None) -> tuple[str, ...]:
        """A list of texts (documents, synonyms), each in NFC."""
        for index, item in enumerate(value or ()):
            if not isinstance(item, str):
                self.fail(f"{key}[{index}]", f"expected text, got {describe(item)}", path)
        return tuple(nfc(item) for item in value or ())

    def positive_int(self, value, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(key, f"must be a whole number of at least 1, got {value!r}")
        return value

    def positive_number(self, value, key: str):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.fail(key, f"must be a number above 0, got {value!r}")
        return value

    def count_or_none(self, value, key: str, path: Path) -> int | None:
        """A whole number of days or đồng, 0 or more; None when unknown. (The type is checked by SCHEMA.)"""
        if value is not None and value < 0:
            self.fail(key, f"must be 0 or more, got {value!r}", path)
        return value
