"""What goes on the wire, checked byte by byte against python-escpos's Dummy printer."""

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageChops
from pyzbar.pyzbar import decode

from printer.connections import set_media_width
from printer.jobs import encode_ticket, ticket_bytes
from printer.layout import render_ticket
from printer.profiles import PROFILES, PrinterProfile
from printer.raster import GS_V_0, printed_image, raster_images
from printer.ticket import TicketJob

ESC_INIT = b"\x1b@"
FULL_CUT = b"\x1dV\x00"


def after_last_raster(data: bytes) -> bytes:
    start = data.rfind(GS_V_0)
    width_bytes, height = data[start + 4] | data[start + 5] << 8, data[start + 6] | data[start + 7] << 8
    return data[start + 8 + width_bytes * height :]


def encoded(job, profile):
    image = render_ticket(TicketJob.from_payload(job), profile)
    printer = Dummy()
    set_media_width(printer, profile)
    encode_ticket(printer, image, profile)
    return image, printer.output


def test_job_starts_with_init_prints_a_raster_and_ends_with_a_cut(job):
    image, data = encoded(job, PROFILES["80mm"])
    assert data.startswith(ESC_INIT)
    assert data[2:5] == GS_V_0
    assert data[6:8] == bytes((576 // 8, 0))  # xL xH: the full head width, in bytes
    assert data.endswith(FULL_CUT)
    assert after_last_raster(data).startswith(b"\x1bd")  # feed past the cutter before cutting


def test_printer_without_cutter_only_feeds(job):
    profile = PROFILES["58mm-nocut"]
    _, data = encoded(job, profile)
    assert data.startswith(ESC_INIT)
    assert after_last_raster(data) == b"\x1bd" + bytes((profile.feed_lines_without_cutter,))


def test_raster_read_back_from_the_bytes_is_the_rendered_ticket(job):
    image, data = encoded(job, PROFILES["58mm"])
    printed = printed_image(data)
    assert printed.size == image.size
    assert ImageChops.difference(printed.convert("L"), image.convert("L")).getbbox() is None
    assert [r.data.decode() for r in decode(printed.convert("L"))] == [job["ticket"]["track_url"]]


def test_tall_tickets_are_sent_in_fragments_that_stack_back_seamlessly(job):
    job["ticket"]["counters"] *= 30  # a ticket well over 960 dots tall
    profile = PROFILES["80mm"]
    image = render_ticket(TicketJob.from_payload(job), profile)
    data = ticket_bytes(image, profile)
    assert image.height > 960 and len(raster_images(data)) >= 2
    assert printed_image(data).tobytes() == image.tobytes()


def test_a_too_wide_image_is_refused_rather_than_printed_garbled():
    profile = PrinterProfile("tiny", width_dots=384)
    with pytest.raises(Exception, match="576 > 384"):
        ticket_bytes(Image.new("1", (576, 50), 1), profile)
