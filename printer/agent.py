"""Kiosk print agent: takes print jobs from the queue server and prints them.

    python -m printer.agent --server http://127.0.0.1:5000 --token KIOSK_TOKEN [--printer URI]

The server stores the jobs; the agent only holds a working copy. Jobs arrive through Socket.IO
(``print_job_created``) for speed, and are re-fetched over HTTP on every (re)connect and every few
seconds, because Socket.IO does not replay events missed while disconnected. So a job survives a
restart of the agent, the printer or the server: it stays pending until acked "printed".

Printer trouble (paper out, offline, timeout) never stops the agent: the job is acked "failed",
the status is reported, and the same job is retried, oldest first, with backoff.
"""

import argparse
import logging
import threading
import time
import urllib.parse
from dataclasses import dataclass

import requests
import socketio

from .api import QueueServerClient, ServerError
from .connections import PrinterTarget, parse_printer_uri
from .errors import PaperOut, PrinterError, PrinterOffline, TicketError
from .jobs import print_ticket
from .profiles import get_profile
from .status import PrinterStatus, StatusReport, check_printer

log = logging.getLogger("printer.agent")


@dataclass
class AgentConfig:
    server: str
    token: str
    printer_uri: str | None = None  # overrides the device record's printer_uri
    profile: str | None = None  # overrides ?profile= in the URI
    poll_interval: float = 5.0  # safety-net HTTP poll for pending jobs
    status_interval: float = 30.0  # printer status check and report while idle
    retry_base: float = 2.0  # first retry delay after a printer failure; doubles up to retry_max
    retry_max: float = 60.0
    use_socketio: bool = True
    socketio_transports: list[str] | None = None  # None: long-polling first, then upgrade to WebSocket


class Backoff:
    """Exponential delay: base, 2*base, 4*base ... capped at maximum."""

    def __init__(self, base: float, maximum: float):
        self.base, self.maximum = base, maximum
        self.failures = 0
        self.not_before = 0.0

    def failed(self) -> float:
        self.failures += 1
        delay = min(self.base * 2 ** (self.failures - 1), self.maximum)
        self.not_before = time.monotonic() + delay
        return delay

    def reset(self) -> None:
        self.failures, self.not_before = 0, 0.0

    @property
    def ready(self) -> bool:
        return time.monotonic() >= self.not_before


STATUS_FOR_ERROR = {PaperOut: PrinterStatus.PAPER_OUT, PrinterOffline: PrinterStatus.OFFLINE}
# A staff reprint is the same ticket printed again; other kinds (if the server ever adds some) are not ours.
PRINTABLE_KINDS = ("ticket", "reprint")


class PrintAgent:
    def __init__(self, config: AgentConfig, client: QueueServerClient | None = None):
        self.config = config
        self.client = client or QueueServerClient(config.server, config.token)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._queue: dict[object, tuple[dict, float]] = {}  # job id -> (job, monotonic time received)
        self._printed: set = set()  # printed in this process: never print these again
        self._unsent_acks: dict[object, None] = {}  # printed, but the "printed" ack did not reach the server
        self._printer_backoff = Backoff(config.retry_base, config.retry_max)
        self._job_backoff: dict[object, Backoff] = {}  # jobs whose own data is bad
        self._fetch_requested = True
        self._next_poll = 0.0
        self._next_status_check = 0.0
        self._reported: tuple[str, str] | None = None
        self._target: PrinterTarget | None = None
        self.last_status: StatusReport | None = None
        self.sio: socketio.Client | None = None
        # Our own HTTP session for Socket.IO: python-engineio drops its internal one on disconnect
        # without closing it, leaking the pooled socket.
        self._sio_http = requests.Session()

    # -- lifecycle -----------------------------------------------------------------------------

    def run(self) -> None:
        """Run until stop() is called. Never returns on a printer or server error."""
        log.info("print agent starting for %s", self.config.server)
        connector = None
        if self.config.use_socketio:
            connector = threading.Thread(target=self._connect_socketio, name="socketio-connect", daemon=True)
            connector.start()
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception:  # a bug must not take the kiosk's printing down for good
                log.exception("unexpected error in the print loop; carrying on")
                self._stop.wait(1.0)
            self._wake.wait(timeout=self._seconds_until_next_duty())
            self._wake.clear()
        if connector is not None:
            connector.join(timeout=10)  # a connect in progress is bounded by its own timeouts
        if self.sio is not None:
            # shutdown() also stops a reconnect loop; over long-polling it can wait for the pending
            # poll to return, so give it a few seconds and then leave.
            closer = threading.Thread(target=self._shutdown_socketio, name="socketio-shutdown", daemon=True)
            closer.start()
            closer.join(timeout=5)
        self._sio_http.close()
        self.client.close()
        log.info("print agent stopped")

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    # -- Socket.IO -----------------------------------------------------------------------------

    def _connect_socketio(self) -> None:
        sio = socketio.Client(reconnection=True, reconnection_delay=1, reconnection_delay_max=10,
                              http_session=self._sio_http)
        sio.on("connect", self._on_connect)
        sio.on("disconnect", self._on_disconnect)
        sio.on("print_job_created", self._on_job_event)
        self.sio = sio
        delay = 1.0
        # python-socketio reconnects by itself once connected; the first connection is ours to retry.
        while not self._stop.is_set():
            try:
                # a city's centre is a path of the server (--server http://host/c/<id>): Socket.IO under it too
                path = urllib.parse.urlsplit(self.config.server).path.rstrip("/") + "/socket.io"
                sio.connect(self.config.server, auth={"token": self.config.token}, wait_timeout=5,
                            transports=self.config.socketio_transports, socketio_path=path)
                return  # run() disconnects on stop
            except socketio.exceptions.ConnectionError as exc:
                log.warning("Socket.IO connection failed (%s); HTTP polling continues, retrying in %.0f s", exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, 30.0)

    def _shutdown_socketio(self) -> None:
        try:
            self.sio.shutdown()
        except Exception:  # python-socketio can trip over a half-finished (re)connect here
            log.debug("Socket.IO shutdown failed", exc_info=True)

    def _on_connect(self) -> None:
        log.info("Socket.IO connected; loading pending jobs")
        self._request_fetch()

    def _on_disconnect(self, reason=None) -> None:
        log.warning("Socket.IO disconnected (%s); polling every %.0f s until it is back", reason, self.config.poll_interval)

    def _on_job_event(self, job: dict) -> None:
        if isinstance(job, dict) and job.get("id") is not None and job.get("kind", "ticket") in PRINTABLE_KINDS:
            log.info("job %s received (ticket %s)", job["id"], (job.get("ticket") or {}).get("number"))
            self._remember(job, time.monotonic())
            self._wake.set()

    def _request_fetch(self) -> None:
        self._fetch_requested = True
        self._wake.set()

    # -- the loop ------------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.monotonic()
        target = self._resolve_printer(force=now >= self._next_status_check)
        if target is None:
            self._next_poll = now + self.config.poll_interval
            return
        self._send_unsent_acks()
        if now >= self._next_status_check:
            self._check_status(target)
        if self._fetch_requested or now >= self._next_poll:
            self._fetch_pending()
        self._print_queue(target)

    def _seconds_until_next_duty(self) -> float:
        now = time.monotonic()
        duties = [self._next_poll, self._next_status_check]
        if self._queue:
            duties.append(self._printer_backoff.not_before)
            duties += [b.not_before for b in self._job_backoff.values()]
        return max(0.05, min(duties) - now)

    def _resolve_printer(self, force: bool) -> PrinterTarget | None:
        """The printer to use: --printer if given, else the device record (re-read now and then)."""
        if self._target is not None and (self.config.printer_uri or not force):
            return self._target
        uri = self.config.printer_uri
        if not uri:
            try:
                uri = self.client.device().get("printer_uri")
            except ServerError as exc:
                log.warning("cannot read this kiosk's device record: %s", exc)
                return self._target  # keep using the printer we had
            if not uri:
                if self._target is None:
                    log.error("no printer configured: the server's device record has printer_uri = null "
                              "and --printer was not given; waiting")
                    self._next_status_check = time.monotonic() + self.config.status_interval
                return self._target
        try:
            profile = get_profile(self.config.profile) if self.config.profile else None
            target = parse_printer_uri(uri, profile)
        except (PrinterError, ValueError) as exc:
            log.error("cannot use printer %r: %s", uri, exc)
            self._report(StatusReport(PrinterStatus.OFFLINE, str(exc)))
            self._next_status_check = time.monotonic() + self.config.status_interval
            return None
        if self._target is None or target.uri != self._target.uri:
            log.info("printing to %s (%s, %d dots, %s)", target.uri, target.profile.name,
                     target.profile.width_dots, "cutter" if target.profile.has_cutter else "no cutter")
        self._target = target
        return target

    def _check_status(self, target: PrinterTarget) -> None:
        report = check_printer(target)
        self._next_status_check = time.monotonic() + self.config.status_interval
        was_blocked = self.last_status is not None and not self.last_status.can_print
        self._report(report)
        if report.can_print and was_blocked:
            log.info("printer is back (%s); retrying waiting jobs now", report.status.value)
            self._printer_backoff.reset()

    def _report(self, report: StatusReport) -> None:
        """Tell the server the printer status when it changes, and at every periodic check."""
        self.last_status = report
        key = (report.status.value, report.detail)
        level = logging.INFO if report.can_print else logging.WARNING
        if key != self._reported:
            log.log(level, "printer status: %s (%s)", report.status.value, report.detail)
        try:
            self.client.report_status(report.status.value, report.detail)
            self._reported = key
        except ServerError as exc:
            log.warning("could not report printer status: %s", exc)

    def _fetch_pending(self) -> None:
        started = time.monotonic()
        self._fetch_requested = False
        self._next_poll = started + self.config.poll_interval
        try:
            jobs = self.client.pending_jobs()
        except ServerError as exc:
            log.warning("cannot fetch pending jobs: %s", exc)
            return
        pending_ids = {job.get("id") for job in jobs}
        with self._lock:
            # Forget jobs the server no longer lists (printed elsewhere, cancelled) unless they
            # arrived by Socket.IO after this request started.
            for job_id, (_, received) in list(self._queue.items()):
                if job_id not in pending_ids and received < started:
                    del self._queue[job_id]
        for job in jobs:
            if job.get("kind", "ticket") in PRINTABLE_KINDS:
                self._remember(job, started)

    def _remember(self, job: dict, received: float) -> None:
        with self._lock:
            if job["id"] in self._printed:
                return  # pending on the server only because our ack has not got through yet
            self._queue[job["id"]] = (job, received)

    def _ordered_jobs(self) -> list[dict]:
        with self._lock:
            jobs = [job for job, _ in self._queue.values()]
        return sorted(jobs, key=lambda j: (str(j.get("created_at") or ""), _sortable(j.get("id"))))

    def _print_queue(self, target: PrinterTarget) -> None:
        for job in self._ordered_jobs():
            if self._stop.is_set() or not self._printer_backoff.ready:
                return
            backoff = self._job_backoff.get(job["id"])
            if backoff and not backoff.ready:
                continue
            if not self._print_job(job, target):
                return  # the printer is in trouble: keep the order, try again after the backoff

    def _print_job(self, job: dict, target: PrinterTarget) -> bool:
        """Print one job and ack it. False if the printer failed (stop for now)."""
        job_id = job["id"]
        try:
            result = print_ticket(job, target, check_status=True)
        except TicketError as exc:
            delay = self._job_backoff.setdefault(job_id, Backoff(self.config.retry_max, 3600)).failed()
            log.error("job %s cannot be printed: %s (next try in %.0f s)", job_id, exc, delay)
            self._ack_failed(job_id, exc.for_server())
            return True  # the printer is fine; go on with the next job
        except PrinterError as exc:
            delay = self._printer_backoff.failed()
            log.warning("job %s not printed: %s (retry in %.1f s)", job_id, exc, delay)
            self._ack_failed(job_id, exc.for_server())
            status = next((s for cls, s in STATUS_FOR_ERROR.items() if isinstance(exc, cls)), PrinterStatus.UNKNOWN)
            self._report(StatusReport(status, str(exc)))
            self._next_status_check = time.monotonic() + min(self.config.status_interval, delay)
            return False
        except Exception as exc:
            delay = self._printer_backoff.failed()
            log.exception("job %s: unexpected error while printing (retry in %.1f s)", job_id, delay)
            self._ack_failed(job_id, f"agent_error: {exc.__class__.__name__}: {exc}")
            return False

        with self._lock:
            self._printed.add(job_id)
            self._queue.pop(job_id, None)
        self._job_backoff.pop(job_id, None)
        self._printer_backoff.reset()
        latest = result.status_after or result.status_before
        if latest and (latest.status.value, latest.detail) != self._reported:
            self._report(latest)
        self._unsent_acks[job_id] = None
        self._send_unsent_acks()
        return True

    def _ack_failed(self, job_id, error: str) -> None:
        try:
            self.client.ack_failed(job_id, error)
        except ServerError as exc:  # the job stays pending on the server either way
            log.warning("could not ack job %s as failed: %s", job_id, exc)

    def _send_unsent_acks(self) -> None:
        for job_id in list(self._unsent_acks):
            try:
                self.client.ack_printed(job_id)
            except ServerError as exc:
                log.warning("job %s printed but the ack did not reach the server (%s); will resend", job_id, exc)
                return
            del self._unsent_acks[job_id]
            log.info("job %s acked as printed", job_id)


def _sortable(job_id) -> tuple:
    return (0, job_id, "") if isinstance(job_id, int) else (1, 0, str(job_id))


def _quiet_escpos(record: logging.LogRecord) -> bool:
    # python-escpos logs every connection open/close at INFO on the root logger; we open one per job.
    return record.levelno >= logging.WARNING or "/escpos/" not in record.pathname.replace("\\", "/")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m printer.agent", description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="queue server URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--token", required=True, help="this kiosk's device token")
    parser.add_argument("--printer", help="printer URI (overrides the server's device record), e.g. "
                        "tcp://192.168.1.50:9100, usb://04b8:0202, serial:///dev/ttyUSB0?baudrate=19200, "
                        "file:///dev/usb/lp0, dir:///path/to/var/printed, dummy:")
    parser.add_argument("--profile", help="printer profile: 80mm (576 dots), 80mm-512, 58mm (384), 58mm-nocut")
    parser.add_argument("--poll-interval", type=float, default=5.0)
    parser.add_argument("--status-interval", type=float, default=30.0)
    parser.add_argument("--no-socketio", action="store_true", help="HTTP polling only")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    # force: an import may already have logged through the root logger and configured it implicitly
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_quiet_escpos)
    config = AgentConfig(server=args.server, token=args.token, printer_uri=args.printer, profile=args.profile,
                         poll_interval=args.poll_interval, status_interval=args.status_interval,
                         use_socketio=not args.no_socketio)
    agent = PrintAgent(config)
    try:
        agent.run()
    except KeyboardInterrupt:
        agent.stop()


if __name__ == "__main__":
    main()
