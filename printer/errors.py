"""Exceptions raised by the printer package.

Messages are written for the centre's staff (Vietnamese, plain words); ``code`` is the short
machine-readable reason that the agent sends to the queue server ("paper_out: ...").
"""


class PrinterError(Exception):
    """The printer (or the way to reach it) is not usable right now. The job can be retried."""

    code = "printer_error"

    def __init__(self, message: str, *, uri: str | None = None):
        self.uri = uri
        super().__init__(f"{message} ({uri})" if uri else message)

    def for_server(self) -> str:
        """Text for the ``error`` field of a failed-job ack."""
        return f"{self.code}: {self}"


class PrinterOffline(PrinterError):
    code = "offline"


class PaperOut(PrinterError):
    code = "paper_out"


class PrinterTimeout(PrinterError):
    code = "timeout"


class PrinterNotAnswering(PrinterError):
    """The printer takes data but does not answer status requests (or answers nonsense)."""

    code = "unknown"


class BadPrinterURI(PrinterError):
    code = "bad_printer_uri"


class PrinterDriverMissing(PrinterError):
    """A Python package needed for this connection type (pyusb, pyserial) is not installed."""

    code = "driver_missing"


class TicketError(ValueError):
    """This particular job cannot be printed as given (bad data, impossible layout).

    Unlike PrinterError, retrying immediately will not help; the printer itself is fine.
    """

    code = "bad_ticket"

    def for_server(self) -> str:
        return f"{self.code}: {self}"


class BadTicketData(TicketError):
    code = "bad_ticket"


class QRCodeTooLarge(TicketError):
    code = "qr_too_large"


class FontMissing(TicketError):
    code = "font_missing"
