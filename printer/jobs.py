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
from .errors import PrinterNotAnswering
from .status import PrinterStatus, StatusReport, read_status
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


CHUNK = 1024  # bytes per write: each write's timeout then covers a bounded amount (slow serial links)


@dataclass(frozen=True)
class PrintResult:
    status_before: StatusReport | None
    status_after: StatusReport | None
    bytes_sent: int


def print_ticket(job: dict, target: PrinterTarget | str, check_status: bool = True) -> PrintResult:
    """Render and print one print-job payload.

    Raises TicketError (bad data) before touching the printer, PrinterError subclasses if the
    printer is out of paper, offline or stops answering.

    With status queries on (the default except for file: and dummy:), the printer must answer
    DLE EOT before the ticket and again after it. The printer reads its input in order, so the
    second answer proves it took in the whole ticket, not just that the OS buffered it; it also
    catches paper running out halfway through.
    """
    target = target if isinstance(target, PrinterTarget) else parse_printer_uri(target)
    ticket = TicketJob.from_payload(job)
    data = ticket_bytes(render_ticket(ticket, target.profile), target.profile)
    confirm = check_status and target.status_queries
    with printer_session(target) as printer:
        before = after = None
        if confirm:
            before = read_status(printer)
            before.raise_if_unusable(target.uri)
        if isinstance(printer, DirectoryPrinter):
            printer.job_name = f"job-{job.get('id')}-{ticket.number}"
        # python-escpos has no public call for pre-encoded bytes; _raw is its transport write.
        for start in range(0, len(data), CHUNK):
            printer._raw(data[start : start + CHUNK])
        if confirm:
            after = read_status(printer, timeout=target.confirm_timeout)
            if after.status is PrinterStatus.UNKNOWN:
                raise PrinterNotAnswering(
                    "Máy in không xác nhận đã nhận phiếu; phiếu có thể chưa được in. " + after.detail, uri=target.uri
                )
            after.raise_if_unusable(target.uri)
    log.info("printed job %s (ticket %s, %d bytes) on %s", job.get("id"), ticket.number, len(data), target.uri)
    return PrintResult(before, after, len(data))
