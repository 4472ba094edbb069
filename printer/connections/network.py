"""``tcp://HOST:PORT``: Ethernet/Wi-Fi printers on raw port 9100."""

import socket

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Network

from .uri import PrinterTarget


class ClosingNetwork(Network):
    """python-escpos Network, minus a socket leak when the printer refuses the connection.

    (Its open() drops the failed socket without closing it.) The timeout applies to connect,
    every send and the status reads alike.
    """

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)
            # Status requests are 3 bytes; with Nagle they wait for the ACK of the ticket data,
            # which the printer may delay by 40 ms or more.
            self.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            self.device = None
            if raise_not_found:
                raise DeviceNotFoundError(f"Could not open socket for {self.host}:\n{exc}") from exc


def connect(target: PrinterTarget) -> Network:
    return ClosingNetwork(host=target.host, port=target.port, timeout=target.timeout)
