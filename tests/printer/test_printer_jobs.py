"""Printing one ticket to a fake network printer and reading it back off the wire."""

import pytest
from pyzbar.pyzbar import decode

from printer.errors import PaperOut, PrinterError, PrinterNotAnswering, PrinterOffline, TicketError
from printer.jobs import print_ticket
from printer.raster import printed_image
from printer_fakes import wait_until


def printed_qr(data: bytes) -> list[str]:
    return [r.data.decode() for r in decode(printed_image(data).convert("L"))]


def test_ticket_printed_on_a_network_printer_carries_a_scannable_tracking_qr(fake_printer, job):
    result = print_ticket(job, fake_printer.uri(profile="58mm"))
    wait_until(lambda: fake_printer.jobs, "the printer to receive the job")
    [data] = fake_printer.jobs
    assert data.startswith(b"\x1b@") and data.endswith(b"\x1dV\x00")
    assert printed_image(data).width == 384
    assert printed_qr(data) == [job["ticket"]["track_url"]]
    assert result.status_before.status.value == "online" and result.status_after.status.value == "online"


@pytest.mark.parametrize("mode, error", [("paper_out", PaperOut), ("offline", PrinterOffline),
                                         ("cover_open", PrinterOffline), ("silent", PrinterNotAnswering),
                                         ("garbage", PrinterNotAnswering)])
def test_nothing_is_sent_to_a_printer_that_cannot_print(fake_printer, job, mode, error):
    uri = fake_printer.uri()
    fake_printer.set_mode(mode)
    with pytest.raises(error):
        print_ticket(job, uri)
    assert fake_printer.jobs == []


def test_a_hung_printer_fails_the_job_instead_of_blocking(fake_printer, job):
    fake_printer.set_mode("hung")
    with pytest.raises(PrinterError) as caught:
        print_ticket(job, fake_printer.uri())
    assert caught.value.for_server().split(":")[0] in ("unknown", "timeout")


def test_paper_running_out_during_the_ticket_fails_the_job(fake_printer, job):
    fake_printer.run_out_of_paper_during_next_job = True
    with pytest.raises(PaperOut):
        print_ticket(job, fake_printer.uri())


def test_a_printer_without_status_replies_prints_when_status_is_off(fake_printer, job):
    fake_printer.set_mode("silent")
    print_ticket(job, fake_printer.uri(status="off"))
    wait_until(lambda: fake_printer.jobs, "the printer to receive the job")
    assert printed_qr(fake_printer.jobs[0]) == [job["ticket"]["track_url"]]


def test_bad_job_data_fails_before_the_printer_is_touched(fake_printer, job):
    del job["ticket"]["number"]
    with pytest.raises(TicketError):
        print_ticket(job, fake_printer.uri())
    assert fake_printer.status_queries == 0
