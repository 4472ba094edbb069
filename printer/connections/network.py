"""``tcp://HOST:PORT``: Ethernet/Wi-Fi printers on raw port 9100."""

from escpos.printer import Network

from .uri import PrinterTarget


def connect(target: PrinterTarget) -> Network:
    # python-escpos applies the socket timeout to connect, send and the status read alike.
    return Network(host=target.host, port=target.port, timeout=target.timeout)
