"""A fake ESC/POS network printer and a fake queue server, for the printer tests."""

import itertools
import logging
import socket
import threading
import time
from copy import deepcopy

from flask import Flask, jsonify, request
from flask_socketio import SocketIO, join_room
from pyzbar.pyzbar import decode
from werkzeug.serving import make_server

from printer.raster import printed_image

GS_V_0 = b"\x1dv0"
DLE_EOT = b"\x10\x04"

# DLE EOT n replies: {n: byte}. 0x12 = only the fixed bits, i.e. all fine.
STATUS_REPLIES = {
    "online": {1: 0x12, 2: 0x12, 4: 0x12},
    "paper_near_end": {1: 0x12, 2: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 4: 0x12},
}


def wait_until(condition, what: str, deadline: float = 20.0):
    """Poll ``condition`` until true. The deadline only stops a broken test from hanging."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting for: {what}")


def printed_urls(fake_printer) -> list[str]:
    """The QR codes read back from the raster of every job the fake printer captured, in order."""
    return [r.data.decode() for data in fake_printer.jobs for r in decode(printed_image(data).convert("L"))]


class FakeNetworkPrinter:
    """Listens on 127.0.0.1 (free port) and behaves like a raw-9100 printer in one of these modes:

    online, paper_near_end, paper_out, cover_open: answer DLE EOT accordingly and accept jobs;
    silent: accept data, never answer; garbage: answer nonsense; hangup: close on a status query;
    hung: accept the connection, never read; offline: refuse connections.
    """

    def __init__(self, mode: str = "online"):
        self.mode = mode
        self.jobs: list[bytes] = []  # everything but status queries, one entry per connection
        self.status_queries = 0
        self.run_out_of_paper_during_next_job = False
        self._changed = threading.Condition()
        self._connections: list[socket.socket] = []
        self._closed = False
        self.port = 0
        self._listener = None
        if mode != "offline":
            self._listen()

    def uri(self, **options) -> str:
        options = {"timeout": 0.5, "confirm_timeout": 2, **options}
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"tcp://127.0.0.1:{self.port}?{query}"

    def set_mode(self, mode: str):
        if mode == "offline" and self._listener:
            self._stop_listening()
        elif mode != "offline" and not self._listener:
            self._listen()
        self.mode = mode

    def close(self):
        self._closed = True
        if self._listener:
            self._stop_listening()
        for conn in self._connections:
            conn.close()

    def _stop_listening(self):
        # shutdown() first: on Linux a bare close() leaves a thread blocked in accept() listening.
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        self._listener = None

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def _accept_loop(self, listener):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            self._connections.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket):
        if self.mode == "hung":
            return  # keep the socket open, never read: the OS buffers fill up, as with a jammed printer
        pending, captured = bytearray(), bytearray()
        conn.settimeout(0.1)
        try:
            while not self._closed:
                try:
                    chunk = conn.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                pending += chunk
                if not self._consume(conn, pending, captured):
                    break
        except OSError:
            pass
        finally:
            conn.close()
            with self._changed:
                if captured:
                    self.jobs.append(bytes(captured))
                self._changed.notify_all()

    def _consume(self, conn, pending: bytearray, captured: bytearray) -> bool:
        """Handle complete commands in ``pending``; False to hang up."""
        while pending:
            if pending.startswith(GS_V_0):
                if len(pending) < 8:
                    return True
                size = 8 + (pending[4] | pending[5] << 8) * (pending[6] | pending[7] << 8)
                if len(pending) < size:
                    return True
                captured += pending[:size]
                del pending[:size]
                if self.run_out_of_paper_during_next_job:
                    self.run_out_of_paper_during_next_job = False
                    self.mode = "paper_out"
            elif pending.startswith(DLE_EOT):
                if len(pending) < 3:
                    return True
                n = pending[2]
                del pending[:3]
                self.status_queries += 1
                if self.mode == "hangup":
                    return False
                if self.mode == "garbage":
                    conn.sendall(b"\xffOK?")
                elif self.mode in STATUS_REPLIES:
                    conn.sendall(bytes((STATUS_REPLIES[self.mode].get(n, 0x12),)))
            elif len(pending) < 3 and (GS_V_0.startswith(bytes(pending)) or DLE_EOT.startswith(bytes(pending))):
                return True  # the start of a command split across packets
            else:
                captured.append(pending[0])
                del pending[0]
        return True


class FakeQueueServer:
    """The queue server's print-job contract, and nothing more: Flask + Flask-SocketIO in a thread."""

    def __init__(self, token: str = "kiosk-secret", printer_uri: str | None = None, port: int = 0):
        self.token = token
        self.device = {"id": "kiosk-1", "kind": "kiosk", "name": "Kiosk sảnh chính", "printer_uri": printer_uri}
        self.jobs: dict[int, dict] = {}
        self.acks: list[tuple[int, dict]] = []
        self.status_reports: list[dict] = []
        self.fail_next_printed_acks = 0  # answer 500 to this many "printed" acks (after recording nothing)
        self.socket_clients = 0
        self._ids = itertools.count(17)
        self._lock = threading.Lock()
        self.port = port
        self._server = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- test controls ----------------------------------------------------------------------------

    def add_job(self, job: dict, emit: bool = True) -> dict:
        with self._lock:
            job = deepcopy(job)
            job["id"] = next(self._ids)
            job["status"] = "pending"
            job["attempts"] = 0
            job["ticket"]["track_url"] = f"http://127.0.0.1:5000/t/job{job['id']}"
            self.jobs[job["id"]] = job
        if emit and self._server:
            self.socketio.emit("print_job_created", self._public(job), to="kiosk-1")
        return job

    def acks_for(self, job_id: int) -> list[dict]:
        return [body for jid, body in self.acks if jid == job_id]

    def reported(self) -> list[str]:
        return [r["printer_status"] for r in self.status_reports]

    def start(self):
        self.app, self.socketio = self._build_app()
        for attempt in range(100):  # a restart on the same port may briefly find it still busy
            try:
                self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
                break
            except OSError:
                if attempt == 99:
                    raise
                time.sleep(0.05)
        self.port = self._server.server_port
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self.socket_clients = 0

    # -- the contract -----------------------------------------------------------------------------

    @staticmethod
    def _public(job: dict) -> dict:
        return {k: v for k, v in job.items() if k not in ("status", "error")}

    def _build_app(self):
        app = Flask("fake_queue_server")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        sio = SocketIO(app, async_mode="threading")

        @app.before_request
        def check_token():
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                return jsonify(error="unauthorized"), 401

        @app.get("/api/v1/devices/me")
        def me():
            return jsonify(self.device)

        @app.get("/api/v1/print-jobs")
        def pending():
            assert request.args.get("status") == "pending"
            with self._lock:
                jobs = [self._public(j) for j in sorted(self.jobs.values(), key=lambda j: j["id"])
                        if j["status"] == "pending"]
            return jsonify(jobs=jobs)

        @app.post("/api/v1/print-jobs/<int:job_id>/ack")
        def ack(job_id):
            body = request.get_json()
            with self._lock:
                job = self.jobs.get(job_id)
                if job is None:
                    return jsonify(error="not found"), 404
                if body["status"] == "printed" and self.fail_next_printed_acks:
                    self.fail_next_printed_acks -= 1
                    return jsonify(error="database is locked"), 500
                self.acks.append((job_id, body))
                if body["status"] == "printed":
                    job["status"] = "printed"
                else:  # failed jobs stay pending, attempts counted, so the agent retries
                    job["attempts"] += 1
                    job["error"] = body.get("error")
            return jsonify(job=self._public(job))

        @app.post("/api/v1/devices/me/status")
        def status():
            self.status_reports.append(request.get_json())
            return jsonify(ok=True)

        @sio.on("connect")
        def connect(auth):
            if not auth or auth.get("token") != self.token:
                return False
            join_room("kiosk-1")
            self.socket_clients += 1

        @sio.on("disconnect")
        def disconnect(*args):
            self.socket_clients -= 1

        return app, sio
