"""Ask the printer how it is, with DLE EOT real-time status requests.

DLE EOT is answered even while the printer is busy or offline, unlike GS r which waits behind
queued print data. An empty, late or malformed reply means "unknown", never "paper OK"
(python-escpos's own paper_status() treats an empty reply as plenty of paper).
"""

import enum
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from escpos.escpos import Escpos

from .connections import PrinterTarget, printer_session
from .errors import PaperOut, PrinterError, PrinterNotAnswering, PrinterOffline, PrinterTimeout

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4  # the n of DLE EOT n
FIXED_MASK, FIXED_BITS = 0x93, 0x12  # every DLE EOT reply: bits 1 and 4 set, bits 0 and 7 clear
OFFLINE_BIT = 0x08  # n=1
COVER_OPEN_BIT, PAPER_END_STOP_BIT = 0x04, 0x20  # n=2
NEAR_END_BITS, PAPER_END_BITS = 0x0C, 0x60  # n=4


class PrinterStatus(str, enum.Enum):
    ONLINE = "online"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StatusReport:
    status: PrinterStatus
    detail: str = ""

    @property
    def can_print(self) -> bool:
        # Unknown does not print: a printer that answers status requests but stopped answering
        # may be hung, and bytes sent to it would sit in a socket buffer while we ack "printed".
        # Printers with no status back channel use ?status=off and are never asked.
        return self.status in (PrinterStatus.ONLINE, PrinterStatus.PAPER_NEAR_END)

    def raise_if_unusable(self, uri: str | None = None) -> None:
        if self.status is PrinterStatus.PAPER_OUT:
            raise PaperOut(self.detail or "Máy in hết giấy.", uri=uri)
        if self.status is PrinterStatus.OFFLINE:
            raise PrinterOffline(self.detail or "Máy in đang ngoại tuyến.", uri=uri)
        if self.status is PrinterStatus.UNKNOWN:
            raise PrinterNotAnswering(self.detail or "Máy in không trả lời.", uri=uri)


def _ask(printer: Escpos, n: int) -> int | None:
    """One DLE EOT n request; the status byte, or None if the reply is empty or malformed."""
    reply = printer.query_status(DLE_EOT + bytes((n,)))
    if len(reply) != 1 or reply[0] & FIXED_MASK != FIXED_BITS:
        log.debug("status reply to DLE EOT %d not understood: %r", n, reply)
        return None
    return reply[0]


@contextmanager
def _read_timeout(printer: Escpos, seconds: float | None) -> Iterator[None]:
    """Temporarily wait ``seconds`` for replies (socket or pyserial device); others keep theirs."""
    device = printer._device  # not .device: that property would open a closed connection
    if seconds is None or not device:
        yield
    elif hasattr(device, "settimeout"):
        old = device.gettimeout()
        device.settimeout(seconds)
        try:
            yield
        finally:
            device.settimeout(old)
    elif hasattr(device, "in_waiting") and hasattr(device, "timeout"):  # pyserial
        old = device.timeout
        device.timeout = seconds
        try:
            yield
        finally:
            device.timeout = old
    else:
        yield


def read_status(printer: Escpos, timeout: float | None = None) -> StatusReport:
    """Status of an open printer. Raises nothing: every failure maps to a status.

    ``timeout`` overrides the connection's read timeout for this check.
    """
    with _read_timeout(printer, timeout):
        return _read_status(printer)


def _read_status(printer: Escpos) -> StatusReport:
    try:
        printer_byte = _ask(printer, PRINTER_STATUS)
        if printer_byte is None:
            return StatusReport(PrinterStatus.UNKNOWN, "Máy in trả lời trạng thái không hợp lệ hoặc không trả lời.")
        paper_byte = _ask(printer, PAPER_SENSOR)
        cause_byte = _ask(printer, OFFLINE_CAUSE) if printer_byte & OFFLINE_BIT else None
    except NotImplementedError:
        return StatusReport(PrinterStatus.UNKNOWN, "Kết nối này không đọc được trạng thái máy in.")
    except (TimeoutError, PrinterTimeout):
        return StatusReport(PrinterStatus.UNKNOWN, "Máy in không trả lời yêu cầu trạng thái (quá thời gian chờ).")
    except Exception as exc:  # reset connection, USB/serial I/O error
        return StatusReport(PrinterStatus.OFFLINE, f"Mất kết nối khi hỏi trạng thái máy in: {exc}")

    if paper_byte is not None and paper_byte & PAPER_END_BITS:
        return StatusReport(PrinterStatus.PAPER_OUT, "Máy in hết giấy. Hãy lắp cuộn giấy mới.")
    if printer_byte & OFFLINE_BIT:
        if cause_byte is not None and cause_byte & PAPER_END_STOP_BIT:
            return StatusReport(PrinterStatus.PAPER_OUT, "Máy in hết giấy. Hãy lắp cuộn giấy mới.")
        if cause_byte is not None and cause_byte & COVER_OPEN_BIT:
            return StatusReport(PrinterStatus.OFFLINE, "Nắp máy in đang mở. Hãy đóng nắp.")
        return StatusReport(PrinterStatus.OFFLINE, "Máy in đang ngoại tuyến (offline).")
    if paper_byte is None:
        return StatusReport(PrinterStatus.UNKNOWN, "Máy in trực tuyến nhưng không đọc được cảm biến giấy.")
    if paper_byte & NEAR_END_BITS:
        return StatusReport(PrinterStatus.PAPER_NEAR_END, "Giấy sắp hết. Hãy chuẩn bị cuộn giấy mới.")
    return StatusReport(PrinterStatus.ONLINE, "Máy in sẵn sàng.")


NOT_ASKED = StatusReport(PrinterStatus.UNKNOWN, "Không hỏi trạng thái máy in này (status=off).")


def check_printer(target: PrinterTarget) -> StatusReport:
    """Open the printer, read its status, close it. Raises nothing."""
    if not target.status_queries:
        return NOT_ASKED
    try:
        with printer_session(target) as printer:
            return read_status(printer)
    except PrinterTimeout as exc:
        return StatusReport(PrinterStatus.UNKNOWN, str(exc))
    except PrinterError as exc:
        return StatusReport(PrinterStatus.OFFLINE, str(exc))
