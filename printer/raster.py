"""Read raster images back out of ESC/POS bytes (GS v 0), as a printer would print them.

Used for the PNG previews of the ``dir:`` output and to check in tests what really went on the wire.
"""

from PIL import Image, ImageOps

GS_V_0 = b"\x1dv0"


def raster_images(data: bytes) -> list[Image.Image]:
    """Every GS v 0 image in ``data``, in order, as mode-"1" images (black = printed dot)."""
    images = []
    i = data.find(GS_V_0)
    while i != -1:
        header = data[i + 3 : i + 8]
        if len(header) < 5:
            raise ValueError(f"truncated GS v 0 header at byte {i}")
        width_bytes = header[1] | header[2] << 8
        height = header[3] | header[4] << 8
        start = i + 8
        end = start + width_bytes * height
        if end > len(data):
            raise ValueError(f"truncated GS v 0 image at byte {i}: {len(data) - start} of {end - start} bytes")
        # ESC/POS sets a bit for a black dot; Pillow's "1" mode sets it for white.
        printed = Image.frombytes("1", (width_bytes * 8, height), data[start:end])
        images.append(ImageOps.invert(printed.convert("L")).convert("1"))
        i = data.find(GS_V_0, end)  # skip the pixel data: it may contain the same three bytes
    return images


def printed_image(data: bytes) -> Image.Image | None:
    """The raster fragments of one job stacked top to bottom, as they come out of the printer."""
    images = raster_images(data)
    if not images:
        return None
    page = Image.new("1", (max(im.width for im in images), sum(im.height for im in images)), 1)
    y = 0
    for im in images:
        page.paste(im, (0, y))
        y += im.height
    return page
