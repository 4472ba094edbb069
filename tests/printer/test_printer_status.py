"""DLE EOT status against a fake network printer: an unclear answer is never "paper OK"."""

import pytest

from printer.connections import parse_printer_uri, printer_session
from printer.status import PrinterStatus, check_printer, read_status


@pytest.mark.parametrize("mode, expected", [
    ("online", PrinterStatus.ONLINE),
    ("paper_near_end", PrinterStatus.PAPER_NEAR_END),
    ("paper_out", PrinterStatus.PAPER_OUT),
    ("cover_open", PrinterStatus.OFFLINE),
    ("offline", PrinterStatus.OFFLINE),
    ("silent", PrinterStatus.UNKNOWN),
    ("garbage", PrinterStatus.UNKNOWN),
    ("hangup", PrinterStatus.UNKNOWN),
    ("hung", PrinterStatus.UNKNOWN),
])
def test_printer_status_is_mapped_from_the_real_time_reply(fake_printer, mode, expected):
    uri = fake_printer.uri()
    fake_printer.set_mode(mode)
    report = check_printer(parse_printer_uri(uri))
    assert report.status is expected
    assert report.detail  # staff get a sentence, not just a code
    assert report.can_print == (expected in (PrinterStatus.ONLINE, PrinterStatus.PAPER_NEAR_END))


def test_paper_out_and_cover_open_are_told_apart(fake_printer):
    fake_printer.set_mode("paper_out")
    assert "hết giấy" in check_printer(parse_printer_uri(fake_printer.uri())).detail
    fake_printer.set_mode("cover_open")
    assert "Nắp" in check_printer(parse_printer_uri(fake_printer.uri())).detail


def test_a_connection_that_cannot_read_status_is_unknown_not_ok():
    with printer_session("dummy:") as printer:
        assert read_status(printer).status is PrinterStatus.UNKNOWN


def test_printers_with_status_off_are_not_asked(fake_printer):
    fake_printer.set_mode("online")
    report = check_printer(parse_printer_uri(fake_printer.uri(status="off")))
    assert report.status is PrinterStatus.UNKNOWN
    assert fake_printer.status_queries == 0
