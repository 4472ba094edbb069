"""Open a python-escpos printer from a URI, with short timeouts and staff-readable errors.

    with printer_session("tcp://192.168.1.50:9100?profile=58mm") as printer:
        printer.hw("INIT")

One small module per connection type, like python-escpos itself.
"""

import copy
import logging
import socket
from contextlib import contextmanager
from typing import Iterator

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError

from ..errors import PrinterError, PrinterOffline, PrinterTimeout, TicketError
from ..profiles import PrinterProfile
from . import directory, dummy, file, network, serial, usb
from .uri import PrinterTarget, parse_printer_uri

__all__ = ["PrinterTarget", "parse_printer_uri", "open_printer", "printer_session", "set_media_width", "translate_errors"]

log = logging.getLogger(__name__)

CONNECTORS = {
    "tcp": network.connect,
    "usb": usb.connect,
    "serial": serial.connect,
    "file": file.connect,
    "dummy": dummy.connect,
    "dir": directory.connect,
}


def _as_target(target: PrinterTarget | str, profile: PrinterProfile | None) -> PrinterTarget:
    return target if isinstance(target, PrinterTarget) else parse_printer_uri(target, profile)


def open_printer(target: PrinterTarget | str, profile: PrinterProfile | None = None) -> Escpos:
    """Create and open the printer; the caller must close() it. Prefer printer_session()."""
    target = _as_target(target, profile)
    printer = CONNECTORS[target.scheme](target)
    set_media_width(printer, target.profile)
    with translate_errors(target.uri):
        printer.open()
    return printer


@contextmanager
def printer_session(target: PrinterTarget | str, profile: PrinterProfile | None = None) -> Iterator[Escpos]:
    """Open the printer for one job or one status check, then close it.

    A connection per job: network printers often accept a single client at a time, and a
    fresh connection recovers by itself after the printer is power-cycled.
    """
    target = _as_target(target, profile)
    printer = open_printer(target)
    try:
        with translate_errors(target.uri):
            yield printer
            printer.close()  # for dir: this is where the files get written, so errors count
    except BaseException:
        try:
            printer.close()
        except Exception:  # the real error is already on its way up
            log.debug("closing %s after an error failed too", target.uri, exc_info=True)
        raise


@contextmanager
def translate_errors(uri: str) -> Iterator[None]:
    """Turn socket/USB/serial/python-escpos exceptions into PrinterError subclasses."""
    try:
        yield
    except (PrinterError, TicketError):
        raise
    except DeviceNotFoundError as exc:
        raise PrinterOffline(f"Không kết nối được máy in: máy tắt, mất mạng hoặc sai địa chỉ. {_first_line(exc)}", uri=uri) from exc
    except (TimeoutError, socket.timeout) as exc:
        raise PrinterTimeout("Máy in không phản hồi kịp (quá thời gian chờ).", uri=uri) from exc
    except OSError as exc:
        raise PrinterOffline(f"Mất kết nối với máy in: {exc.strerror or exc}", uri=uri) from exc
    except Exception as exc:
        # pyusb and pyserial are optional, so recognise their exceptions by name.
        name = type(exc).__name__
        if name in ("USBTimeoutError", "SerialTimeoutException"):
            raise PrinterTimeout("Máy in không phản hồi kịp (quá thời gian chờ).", uri=uri) from exc
        if name in ("USBError", "SerialException", "NoBackendError"):
            raise PrinterOffline(f"Lỗi kết nối máy in: {exc}", uri=uri) from exc
        raise


def _first_line(exc: Exception) -> str:
    cause = exc.__context__ or exc
    return str(cause).strip().splitlines()[-1] if str(cause).strip() else ""


def set_media_width(printer: Escpos, profile: PrinterProfile) -> None:
    # python-escpos refuses images wider than the profile's media width (ImageWidthError) when it
    # knows it; its "default" profile does not, so give this instance its own copy with our width.
    data = copy.deepcopy(printer.profile.profile_data)
    data.setdefault("media", {})["width"] = {"mm": "Unknown", "pixels": profile.width_dots}
    printer.profile.profile_data = data
