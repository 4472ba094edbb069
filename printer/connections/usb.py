"""``usb://VID:PID``: printers that speak USB natively (needs the pyusb package and libusb)."""

from escpos.printer import Usb

from ..errors import BadPrinterURI, PrinterDriverMissing
from .uri import PrinterTarget


def connect(target: PrinterTarget) -> Usb:
    if not Usb.is_usable():
        raise PrinterDriverMissing(
            "Thiếu gói Python 'pyusb' để in qua cổng USB. Cài pyusb hoặc dùng kết nối mạng (tcp://).",
            uri=target.uri,
        )
    try:
        vendor, product = (int(part, 16) for part in target.host.split(":"))
        endpoints = {k: int(target.options[k], 0) for k in ("in_ep", "out_ep") if k in target.options}
    except ValueError:
        raise BadPrinterURI("Mã USB phải có dạng VID:PID hệ 16, ví dụ usb://04b8:0202", uri=target.uri) from None
    # pyusb counts timeouts in milliseconds; 0 (python-escpos's default) would wait forever.
    return Usb(vendor, product, timeout=int(target.timeout * 1000), **endpoints)
