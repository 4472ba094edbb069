"""Print one ticket: ESC @, the ticket as a raster image, then cut (or feed on cutterless printers)."""

import logging
from dataclasses import dataclass

from escpos.escpos import Escpos
from escpos.printer import Dummy
from PIL import Image

from .connections import PrinterTarget, parse_printer_uri, printer_session, set_media_width
from .connections.directory import DirectoryPrinter
from .layout import render_ticket
from .profiles import PrinterProfile
from .status import StatusReport, read_status
from .ticket import TicketJob

log = logging.getLogger(__name__)


def encode_ticket(printer: Escpos, image: Image.Image, profile: PrinterProfile) -> None:
    """Send the ESC/POS commands for one ticket image to ``printer``."""
    # ESC @ first: the previous job (or another program) may have left modes set, or a half
    # image in the buffer after a timeout.
    printer.hw("INIT")
    printer.image(image, impl=profile.image_impl)
    if profile.has_cutter:
        printer.cut()
    else:
        printer.print_and_feed(profile.feed_lines_without_cutter)


def ticket_bytes(image: Image.Image, profile: PrinterProfile) -> bytes:
    """The complete ESC/POS byte stream for one ticket, built once and sent in one write."""
    dummy = Dummy()
    set_media_width(dummy, profile)
    encode_ticket(dummy, image, profile)
    return dummy.output


@dataclass(frozen=True)
class PrintResult:
    status_before: StatusReport | None
    bytes_sent: int


def print_ticket(job: dict, target: PrinterTarget | str, check_status: bool = True) -> PrintResult:
    """Render and print one print-job payload.

    Raises TicketError (bad data) before touching the printer, PrinterError subclasses if the
    printer is out of paper, offline or stops answering.
    """
    target = target if isinstance(target, PrinterTarget) else parse_printer_uri(target)
    ticket = TicketJob.from_payload(job)
    data = ticket_bytes(render_ticket(ticket, target.profile), target.profile)
    with printer_session(target) as printer:
        status = None
        if check_status:
            status = read_status(printer)
            status.raise_if_unusable(target.uri)
        if isinstance(printer, DirectoryPrinter):
            printer.job_name = f"job-{job.get('id')}-{ticket.number}"
        # One write for the whole ticket: python-escpos has no public call for pre-encoded bytes.
        printer._raw(data)
    log.info("printed job %s (ticket %s, %d bytes) on %s", job.get("id"), ticket.number, len(data), target.uri)
    return PrintResult(status, len(data))
