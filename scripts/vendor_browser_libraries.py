"""Copies the browser libraries the pages load (socket.io-client, Chart.js) from node_modules into
queue_server/static/vendor, so the versions served are the ones package.json pins.

    .venv/bin/python scripts/vendor_browser_libraries.py          # copy (after `npm ci`)
    .venv/bin/python scripts/vendor_browser_libraries.py --check  # exit 1 if a served copy differs

The copies drop the `sourceMappingURL` comment: the .map files are not served, and a browser would ask for
them and log a 404 on every page.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "queue_server" / "static" / "vendor"
LIBRARIES = {  # served file → its source in node_modules
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}
_SOURCE_MAP = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")


def served_bytes(source: Path) -> bytes:
    return _SOURCE_MAP.sub(b"", source.read_bytes())


def differing(node_modules: Path = ROOT / "node_modules") -> list[str]:
    """The served files that are not the pinned library's bytes."""
    return [name for name, source in LIBRARIES.items()
            if not (VENDOR / name).is_file() or (VENDOR / name).read_bytes() != served_bytes(node_modules / source)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a copy differs")
    args = parser.parse_args()
    stale = differing()
    if args.check:
        for name in stale:
            print(f"queue_server/static/vendor/{name} differs from node_modules/{LIBRARIES[name]}")
        return 1 if stale else 0
    for name in stale:
        (VENDOR / name).write_bytes(served_bytes(ROOT / "node_modules" / LIBRARIES[name]))
        print(f"copied node_modules/{LIBRARIES[name]} → queue_server/static/vendor/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
