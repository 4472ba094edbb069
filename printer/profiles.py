"""Printer profiles: what the layout and the job need to know about a printer model."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    width_dots: int  # printable width at 203 dpi: 384 for 58 mm paper, 512 or 576 for 80 mm
    has_cutter: bool = True
    feed_lines_without_cutter: int = 5  # enough to tear the ticket off past the tear bar
    image_impl: str = "bitImageRaster"  # GS v 0; the one nearly every thermal printer accepts

    def __post_init__(self):
        if self.width_dots <= 0 or self.width_dots % 8:
            raise ValueError(f"width_dots must be a positive multiple of 8, got {self.width_dots}")


PROFILES = {
    "80mm": PrinterProfile("80mm", width_dots=576),
    "80mm-512": PrinterProfile("80mm-512", width_dots=512),
    "58mm": PrinterProfile("58mm", width_dots=384),
    "58mm-nocut": PrinterProfile("58mm-nocut", width_dots=384, has_cutter=False),
}

DEFAULT_PROFILE = PROFILES["80mm"]


def get_profile(name: str | None) -> PrinterProfile:
    if not name:
        return DEFAULT_PROFILE
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown printer profile {name!r}; known: {', '.join(PROFILES)}") from None
