"""A small city for the city view's tests: three wards of config/city-demo (or `count` centres, each a ward's
folder again) in a city.yaml written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WARDS = ("ba-dinh", "hoan-kiem", "tay-ho")


def write_city(folder: Path, alert_wait_minutes: int = 10, count: int | None = None) -> Path:
    """city.yaml naming the wards (or `count` centres c001.. pointing at them in turn); returns its folder."""
    if count is None:
        centres = [{"id": ward, "path": str(ROOT / "config" / "city-demo" / ward)} for ward in WARDS]
    else:
        centres = [{"id": f"c{i:03d}", "path": str(ROOT / "config" / "city-demo" / WARDS[i % len(WARDS)])}
                   for i in range(1, count + 1)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "city.yaml").write_text(yaml.safe_dump({
        "city": {"name": "Thành phố Hà Nội", "name_en": "Hanoi", "alert_wait_minutes": alert_wait_minutes},
        "centres": centres}, allow_unicode=True), encoding="utf-8")
    return folder
