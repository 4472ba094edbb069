"""``file:///dev/usb/lp0``: printers exposed as a device file (or a plain file, for debugging)."""

import os
import select

from escpos.printer import File

from .uri import PrinterTarget


class TimedFile(File):
    """python-escpos File, but writes give up after ``timeout`` seconds instead of blocking forever.

    A switched-off printer behind /dev/usb/lp0 blocks write() indefinitely; non-blocking writes
    with select() let us notice and report it.
    """

    def __init__(self, devfile: str, timeout: float, **kwargs):
        super().__init__(devfile=devfile, **kwargs)
        self.timeout = timeout

    def open(self, raise_not_found: bool = True) -> None:
        super().open(raise_not_found)
        if self._device:
            os.set_blocking(self._device.fileno(), False)

    def _raw(self, msg: bytes) -> None:
        fd = self.device.fileno()
        view = memoryview(msg)
        while view:
            _, writable, _ = select.select([], [fd], [], self.timeout)
            if not writable:
                raise TimeoutError(f"the printer did not accept data for {self.timeout:g} s")
            try:
                written = os.write(fd, view)
            except BlockingIOError:
                continue
            view = view[written:]


def connect(target: PrinterTarget) -> File:
    return TimedFile(devfile=target.path, timeout=target.timeout)
