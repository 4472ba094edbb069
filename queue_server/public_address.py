"""Says loudly when the tickets' QR codes will point at an address no phone can open (a loopback host and
no public URL), with the exact command that serves phones on the local network instead."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's first IPv4 address on a network (`hostname -I`, else its name's addresses); None if none."""
    candidates: list[str] = []
    if shutil.which("hostname"):
        try:
            candidates += subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=2).stdout.split()
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if address.version == 4 and not address.is_loopback and not address.is_link_local:
            return candidate
    return None


def phone_warning(host: str, port: int, public_url: str | None, lan: str | None) -> str | None:
    """The warning for a server on `host` whose QR codes use `public_url` (None: the address the kiosk used)."""
    if public_url or not is_loopback(host):
        return None
    where = lan or "ADDRESS-OF-THIS-MACHINE-ON-THE-LAN"
    bar = "!" * 78
    return "\n".join([
        bar,
        f"!! PHONES CANNOT OPEN THE TICKETS' QR CODES: they link to http://{host}:{port}/t/…, this machine's",
        "!! own loopback address, because MOTCUA_PUBLIC_URL is not set.",
        "!! To serve phones on the local network, stop and start again with:",
        f"!!     MOTCUA_HOST=0.0.0.0 MOTCUA_PUBLIC_URL=http://{where}:{port} make run",
        "!! (the same two variables before `python -m queue_server` for the server alone; open the kiosk at",
        f"!! http://{where}:{port}/kiosk so that its tickets carry that address too).",
        bar,
    ])


def warn_if_phones_cannot_connect(host: str, port: int, public_url: str | None) -> None:
    message = phone_warning(host, port, public_url, lan_address() if public_url is None and is_loopback(host) else None)
    if message:
        print(message, flush=True)


def public_url(settings, centre) -> str | None:
    """The base of the QR links as the app uses it: MOTCUA_PUBLIC_URL, else the centre's tracking.public_base_url."""
    return settings.public_base_url or centre.config.public_base_url
