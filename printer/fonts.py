"""Locate the DejaVu Sans fonts: full Vietnamese coverage, shipped by Debian's fonts-dejavu-core."""

import functools
import os

from PIL import ImageFont

from .errors import FontMissing

FONT_DIRS = (  # after MOTCUA_FONT_DIR, read when a font is looked for (the print agent is its own program)
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/TTF",  # Arch, Fedora-style layouts
    "/usr/share/fonts/dejavu",
)
FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}


def font_path(style: str = "regular") -> str:
    filename = FILES[style]
    for directory in (os.environ.get("MOTCUA_FONT_DIR", ""), *FONT_DIRS):
        if directory and os.path.isfile(os.path.join(directory, filename)):
            return os.path.join(directory, filename)
    raise FontMissing(
        f"Không tìm thấy phông chữ {filename} (DejaVu Sans) để in tiếng Việt. "
        "Cài gói fonts-dejavu-core (scripts/install-system-packages.sh) "
        "hoặc đặt biến MOTCUA_FONT_DIR trỏ tới thư mục chứa phông."
    )


@functools.lru_cache(maxsize=64)
def font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(style), size)
