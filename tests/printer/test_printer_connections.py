import os

import pytest
from escpos.printer import Dummy, Network

from printer.connections import CONNECTORS, open_printer, parse_printer_uri, printer_session
from printer.connections.directory import DirectoryPrinter
from printer.connections.file import TimedFile
from printer.errors import BadPrinterURI, PrinterDriverMissing, PrinterOffline
from printer.jobs import print_ticket, ticket_bytes
from printer.layout import render_ticket
from printer.profiles import PROFILES
from printer.raster import printed_image
from printer.ticket import TicketJob


def test_uri_schemes_map_to_the_right_connection():
    tcp = parse_printer_uri("tcp://192.168.1.50:9100?profile=58mm&timeout=1.5")
    assert (tcp.host, tcp.port, tcp.timeout, tcp.profile.width_dots, tcp.status_queries) == (
        "192.168.1.50", 9100, 1.5, 384, True)
    assert parse_printer_uri("tcp://printer.local").port == 9100
    serial = parse_printer_uri("serial:///dev/ttyUSB0?baudrate=19200")
    assert (serial.path, serial.options) == ("/dev/ttyUSB0", {"baudrate": "19200"})
    assert parse_printer_uri("usb://04b8:0202").host == "04b8:0202"
    assert parse_printer_uri("file:///dev/usb/lp0").status_queries is False  # write-only link
    assert parse_printer_uri("tcp://10.0.0.9?status=off").status_queries is False
    assert parse_printer_uri("dir:///srv/var/printed").path == "/srv/var/printed"
    assert isinstance(open_printer("dummy:"), Dummy)


@pytest.mark.parametrize("uri", ["", "http://10.0.0.5", "tcp://", "tcp://10.0.0.5:99999", "dir:",
                                 "tcp://10.0.0.5?timeout=0", "tcp://10.0.0.5?status=maybe",
                                 "tcp://10.0.0.5?profile=110mm"])
def test_bad_uris_are_rejected_with_a_clear_error(uri):
    with pytest.raises(BadPrinterURI):
        parse_printer_uri(uri)


def test_network_printer_gets_the_short_timeout_from_the_uri():
    printer = CONNECTORS["tcp"](parse_printer_uri("tcp://10.0.0.5:9100?timeout=0.7"))
    assert isinstance(printer, Network) and printer.timeout == 0.7


def test_refused_connection_is_reported_as_printer_offline(fake_printer):
    uri = fake_printer.uri()
    fake_printer.set_mode("offline")
    with pytest.raises(PrinterOffline, match="Không kết nối được máy in"):
        with printer_session(uri):
            pass


@pytest.mark.parametrize("uri, module, package", [("usb://04b8:0202", "usb", "pyusb"),
                                                 ("serial:///dev/ttyUSB0", "serial", "pyserial")])
def test_usb_and_serial_without_their_driver_package_say_what_is_missing(uri, module, package):
    try:
        __import__(module)
        pytest.skip(f"{package} is installed")
    except ImportError:
        pass
    with pytest.raises(PrinterDriverMissing, match=package):
        open_printer(uri)


def test_file_output_receives_the_exact_ticket_bytes(job, tmp_path):
    target = tmp_path / "lp0"
    print_ticket(job, f"file://{target}?profile=58mm")
    expected = ticket_bytes(render_ticket(TicketJob.from_payload(job), PROFILES["58mm"]), PROFILES["58mm"])
    assert target.read_bytes() == expected
    assert isinstance(open_printer(f"file://{target}"), TimedFile)


def test_preview_directory_keeps_the_escpos_bytes_and_a_png_of_each_job(job, tmp_path):
    folder = tmp_path / "var" / "printed"
    print_ticket(job, f"dir://{folder}")
    job2 = dict(job, id=18)
    print_ticket(job2, f"dir://{folder}")
    assert sorted(os.listdir(folder)) == ["job-17-A-025.bin", "job-17-A-025.png", "job-18-A-025.bin", "job-18-A-025.png"]
    data = (folder / "job-17-A-025.bin").read_bytes()
    assert data.startswith(b"\x1b@") and b"\x10\x04" not in data[:3]  # status queries are not part of the job
    from PIL import Image
    png = Image.open(folder / "job-17-A-025.png")
    assert png.convert("1").tobytes() == printed_image(data).tobytes()
    assert png.width == 576


def test_preview_directory_that_cannot_be_created_counts_as_printer_offline(job, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(PrinterOffline):
        print_ticket(job, f"dir://{blocker}/printed")
    assert isinstance(open_printer(f"dir://{tmp_path}/ok"), DirectoryPrinter)
