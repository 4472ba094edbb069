"""``serial:///dev/ttyUSB0?baudrate=19200``: RS-232 and USB-serial printers (needs pyserial)."""

from escpos.printer import Serial

from ..errors import BadPrinterURI, PrinterDriverMissing
from .uri import PrinterTarget


class TimedSerial(Serial):
    """Serial with a write timeout too: with hardware flow control a stopped printer blocks writes."""

    def open(self, raise_not_found: bool = True) -> None:
        super().open(raise_not_found)
        if self._device:
            self._device.write_timeout = self.timeout


def connect(target: PrinterTarget) -> Serial:
    if not Serial.is_usable():
        raise PrinterDriverMissing(
            "Thiếu gói Python 'pyserial' để in qua cổng nối tiếp (serial).", uri=target.uri
        )
    try:
        baudrate = int(target.options.get("baudrate", 9600))
    except ValueError:
        raise BadPrinterURI("baudrate phải là số, ví dụ ?baudrate=19200", uri=target.uri) from None
    return TimedSerial(devfile=target.path, baudrate=baudrate, timeout=target.timeout)
