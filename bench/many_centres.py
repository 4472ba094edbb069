"""A city of N centres written into a folder, from copies of config/city-demo's seven wards (their counters,
catalogue and hours), spread over a grid around Hanoi: for the nearest-queue list's test and bench.

    write_city(folder, 160) → folder/city.yaml, folder/<id>/centre.yaml

Centre i is a copy of ward i % 7 (ids `ba-dinh`, then `ba-dinh-2`...), so a procedure is served where its
ward serves it (no land counter at Cửa Nam, Cầu Giấy, Tây Hồ).
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CITY_DEMO = ROOT / "config" / "city-demo"
SOUTH, WEST, SPAN = 20.95, 105.75, 0.20  # degrees: the grid's corner and size (about 22 × 21 km)


def write_city(folder: Path, count: int) -> list[str]:
    """Writes the city; returns its centres' ids in order."""
    wards = [entry["id"] for entry in yaml.safe_load((CITY_DEMO / "city.yaml").read_text(encoding="utf-8"))["centres"]]
    side = math.ceil(math.sqrt(count))
    ids = []
    for i in range(count):
        ward = wards[i % len(wards)]
        centre_id = ward if i < len(wards) else f"{ward}-{i // len(wards) + 1}"
        data = yaml.safe_load((CITY_DEMO / ward / "centre.yaml").read_text(encoding="utf-8"))
        data["catalogue"] = str((CITY_DEMO / ward / data["catalogue"]).resolve())
        if i >= len(wards):
            data["centre"]["name"] += f" – điểm {i // len(wards) + 1}"
            data["centre"]["name_en"] += f" – point {i // len(wards) + 1}"
        data["centre"]["lat"] = round(SOUTH + SPAN * (i // side) / side, 5)
        data["centre"]["lon"] = round(WEST + SPAN * (i % side) / side, 5)
        for kiosk in data["devices"]["kiosks"]:
            if "printer" in kiosk:
                kiosk["printer"] = f"dir:{folder / 'printed' / centre_id}"
        (folder / centre_id).mkdir(parents=True, exist_ok=True)
        (folder / centre_id / "centre.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                        encoding="utf-8")
        ids.append(centre_id)
    city = {"city": {"name": "Thành phố Hà Nội", "name_en": "Hanoi"},
            "centres": [{"id": centre_id, "path": centre_id} for centre_id in ids]}
    (folder / "city.yaml").write_text(yaml.safe_dump(city, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ids


def sqlite_files(database: Path, ids: list[str], migrated: Path) -> None:
    """Copies a migrated SQLite file for every centre where the city will look for it (db.centre_databases),
    so that building the city does not migrate 160 databases."""
    import shutil
    (database.parent / "centres").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated, database)
    for centre_id in ids[1:]:
        shutil.copyfile(migrated, database.parent / "centres" / f"{centre_id}.db")
