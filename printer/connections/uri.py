"""Parse printer URIs such as ``tcp://10.0.0.5:9100?profile=58mm``."""

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from ..errors import BadPrinterURI
from ..profiles import PrinterProfile, get_profile

DEFAULT_TIMEOUT = 3.0  # seconds; a silent printer must not hang the kiosk
DEFAULT_CONFIRM_TIMEOUT = 10.0  # seconds for the printer to take in a whole ticket and confirm
NO_STATUS_BY_DEFAULT = ("file", "dummy")  # write-only links: nothing to read a status from
SCHEMES = ("tcp", "usb", "serial", "file", "dummy", "dir")
EXAMPLES = (
    "tcp://192.168.1.50:9100, usb://04b8:0202, serial:///dev/ttyUSB0?baudrate=19200, "
    "file:///dev/usb/lp0, dir:///srv/motcua/var/printed, dummy:"
)


@dataclass(frozen=True)
class PrinterTarget:
    uri: str
    scheme: str
    host: str = ""  # tcp host, or "VID:PID" for usb
    port: int | None = None
    path: str = ""  # serial device, file or directory
    profile: PrinterProfile = field(default_factory=lambda: get_profile(None))
    timeout: float = DEFAULT_TIMEOUT
    confirm_timeout: float = DEFAULT_CONFIRM_TIMEOUT
    status_queries: bool = True  # ?status=off for printers that never answer DLE EOT
    options: dict[str, str] = field(default_factory=dict)  # the remaining query parameters


def parse_printer_uri(uri: str, profile: PrinterProfile | None = None) -> PrinterTarget:
    """Parse ``uri``; ``?profile=``, ``?timeout=``, ``?confirm_timeout=`` and ``?status=off``
    work on every scheme.

    An explicit ``profile`` argument wins over ``?profile=``.
    """
    if not uri or not isinstance(uri, str):
        raise BadPrinterURI(f"Chưa cấu hình máy in (địa chỉ trống). Ví dụ: {EXAMPLES}")
    parts = urlsplit(uri.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadPrinterURI(f"Kiểu kết nối máy in không hỗ trợ: {scheme or '(không có)'}. Ví dụ: {EXAMPLES}", uri=uri)
    options = dict(parse_qsl(parts.query))
    try:
        chosen_profile = profile or get_profile(options.pop("profile", None))
        timeout = float(options.pop("timeout", DEFAULT_TIMEOUT))
        confirm_timeout = float(options.pop("confirm_timeout", max(DEFAULT_CONFIRM_TIMEOUT, timeout)))
        status_option = options.pop("status", "").lower()
        port = parts.port
    except ValueError as exc:
        raise BadPrinterURI(f"Địa chỉ máy in không hợp lệ: {exc}", uri=uri) from None
    if timeout <= 0 or confirm_timeout <= 0:
        raise BadPrinterURI("timeout phải lớn hơn 0 giây", uri=uri)
    if status_option not in ("", "on", "off"):
        raise BadPrinterURI("status chỉ nhận on hoặc off", uri=uri)
    status_queries = status_option == "on" or (not status_option and scheme not in NO_STATUS_BY_DEFAULT)
    common = dict(uri=uri, scheme=scheme, profile=chosen_profile, timeout=timeout,
                  confirm_timeout=confirm_timeout, status_queries=status_queries, options=options)

    if scheme == "tcp":
        if not parts.hostname:
            raise BadPrinterURI("Thiếu địa chỉ IP máy in, ví dụ tcp://192.168.1.50:9100", uri=uri)
        return PrinterTarget(host=parts.hostname, port=port or 9100, **common)
    if scheme == "usb":
        if not parts.netloc:
            raise BadPrinterURI("Thiếu mã USB của máy in, ví dụ usb://04b8:0202 (xem lệnh lsusb)", uri=uri)
        return PrinterTarget(host=parts.netloc, **common)
    if scheme == "dummy":
        return PrinterTarget(**common)
    path = unquote(parts.path)
    if not path:
        raise BadPrinterURI(f"Thiếu đường dẫn, ví dụ {scheme}:///đường/dẫn", uri=uri)
    return PrinterTarget(path=path, **common)
