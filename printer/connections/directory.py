"""``dir:///path/to/var/printed``: a pretend printer for demos that files every job away.

Each job becomes ``<name>.bin`` (the exact ESC/POS bytes a real printer would get) and
``<name>.png`` (what it would print). It answers status queries like a healthy printer.
"""

import itertools
import os
import time

from escpos.escpos import Escpos

from ..errors import PrinterOffline
from ..raster import printed_image
from .uri import PrinterTarget

DLE_EOT = b"\x10\x04"
HEALTHY_STATUS = b"\x12"  # DLE EOT n reply with only the fixed bits set: online, paper present


class DirectoryPrinter(Escpos):
    _counter = itertools.count(1)

    def __init__(self, directory: str, **kwargs):
        super().__init__(**kwargs)
        self.directory = directory
        self.job_name: str | None = None
        self._buffer: list[bytes] = []
        self._pending_status: list[bytes] = []

    def open(self, raise_not_found: bool = True) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
        except OSError as exc:
            raise PrinterOffline(f"Không tạo được thư mục lưu phiếu in: {exc}", uri=f"dir://{self.directory}")
        if not os.access(self.directory, os.W_OK):
            raise PrinterOffline("Không ghi được vào thư mục lưu phiếu in.", uri=f"dir://{self.directory}")
        self._device = True

    def _raw(self, msg: bytes) -> None:
        if msg.startswith(DLE_EOT):  # a status query, not part of the printout
            self._pending_status.append(HEALTHY_STATUS)
            return
        self._buffer.append(msg)

    def _read(self) -> bytes:
        return self._pending_status.pop(0) if self._pending_status else b""

    def close(self) -> None:
        """Write the job's files. Called once per job; does nothing if nothing was printed."""
        if not self._buffer:
            return
        data = b"".join(self._buffer)
        self._buffer.clear()
        name = self.job_name or f"{time.strftime('%Y%m%d-%H%M%S')}-{next(self._counter):04d}"
        base = os.path.join(self.directory, name)
        _write_atomically(base + ".bin", data)
        image = printed_image(data)
        if image is not None:
            tmp = base + ".png.tmp"
            image.save(tmp, format="PNG")
            os.replace(tmp, base + ".png")


def _write_atomically(path: str, data: bytes) -> None:
    # Whoever watches the folder (demo screen) never sees half a file.
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def connect(target: PrinterTarget) -> DirectoryPrinter:
    return DirectoryPrinter(target.path)
