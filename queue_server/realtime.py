"""Socket.IO: who joins which room, and how events leave the server.

Anyone may listen to the public room (what displays show is public). A device that presents its token
(`auth={"token": ...}`) also joins its own room, e.g. a kiosk's print agent joins "kiosk:<id>"; a staff
console asks for its counter's room ("counter:<n>", watch_counter), which only the counter's holder gets.
Socket.IO does not replay missed events: clients load GET /api/v1/queue on every (re)connect.

With several server processes (`MOTCUA_REDIS_URL`), every event goes through Redis so that it reaches the
clients of every process (and scripts may emit through Redis too, on the channel `CHANNEL`). Redis is
not allowed to take the centre down with it: see `ResilientRedisManager`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from urllib.parse import urlsplit

import socketio as python_socketio
from flask import session
from flask_socketio import ConnectionRefusedError as SocketIORefusal, SocketIO, join_room, leave_room, rooms

from queue_server.context import current_centre
from queue_server.services import access, counter_claims, events
from queue_server.websocket_fanout import use_direct_websockets

log = logging.getLogger("motcua")

CHANNEL = "flask-socketio"  # Flask-SocketIO's default channel; external emitters must use the same one
CLOSE_CONNECTIONS = "motcua_disconnect"  # the mark on a close_room message: disconnect the room's clients


def origin_check(public_base_url: str | None):
    """Socket.IO's cors_allowed_origins: a browser page may connect only from the centre itself, i.e. the
    address it was reached at (Host, or X-Forwarded-Host/-Proto behind the proxy) or the public address
    (MOTCUA_PUBLIC_URL / tracking.public_base_url). A page on another site, or on another port of the same host,
    cannot use a staff member's cookie to listen (issue 14, finding 11). Clients that send no Origin (the print
    agent, scripts) carry no browser's cookie and are not concerned."""
    public = _origin_of(public_base_url) if public_base_url else None

    def allowed(origin: str | None, environ: dict) -> bool:
        if not origin:
            return False
        host = environ.get("HTTP_HOST", "")
        scheme = environ.get("wsgi.url_scheme", "http")
        forwarded = (environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip(),
                     environ.get("HTTP_X_FORWARDED_HOST", host).split(",")[0].strip())
        own = {f"{scheme}://{host}".lower(), "{}://{}".format(*forwarded).lower(), public}
        return origin.lower() in own

    return allowed


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def disconnect_room(server, room: str) -> None:
    """Disconnects this process's clients in the room (another process's are its own to disconnect)."""
    for sid, _eio_sid in list(server.manager.get_participants("/", room)):
        server.disconnect(sid, namespace="/", ignore_queue=True)


class ResilientRedisManager(python_socketio.RedisManager):
    """python-socketio's RedisManager, made safe for a centre that must keep serving without Redis.

    What the stock manager does when Redis goes away (python-socketio 5.x): every emit tries to publish
    twice in the request's own thread (each try can wait for the socket timeouts) and logs two errors per
    event; the listening thread backs off 1, 2, 4 ... up to 60 s, so events from the other processes may
    come back a minute after Redis did. Here:

    - an event always reaches this process's own clients at once (PubSubManager delivers locally before
      publishing), and is handed to a background publisher: a request never waits for Redis;
    - while Redis is away the events for other processes are dropped, not replayed late (a stale call must
      not be announced minutes after it happened; displays reload the snapshot on reconnect and every minute);
    - the listener retries every RETRY_MAX seconds at most, so events resume within seconds of Redis;
    - one warning when Redis goes away and one line when it is back, however long the outage;
    - when the listener is subscribed again after losing Redis, this process's clients are told `resync`
      (issue 14, finding 17): they missed the other processes' events meanwhile, and their own connection
      never dropped, so nothing else would make them reload the snapshot. Every process's listener does this,
      so after an outage every display reloads once.

    Upstream context: Flask-SocketIO #1475 (the 60 s back-off after a Redis failover), python-socketio #617
    and #1534 (back-off reset, failures of the first connection) and #1411 (queueing events for replay during
    an outage was left to applications; we drop them on purpose, see above).
    """

    RETRY_MIN, RETRY_MAX = 0.25, 2.0  # listener reconnect back-off (seconds)
    PUBLISH_RETRY = 1.0  # after a failed publish, drop events for this long before trying Redis again
    OUTBOX_SIZE = 10_000
    CONNECT_TIMEOUT = 2.0

    def __init__(self, url: str, channel: str = CHANNEL, write_only: bool = False, logger=None, json=None):
        super().__init__(url, channel=channel, write_only=write_only, logger=logger, json=json)
        self._outbox: queue.Queue = queue.Queue(maxsize=self.OUTBOX_SIZE)
        self._publisher: threading.Thread | None = None
        self._publisher_client = None
        self._state_lock = threading.Lock()
        self._down = False
        self._retry_publish_at = 0.0
        self.dropped = 0  # events not shared with the other processes (Redis away)

    # -- the state of Redis, logged once per change -----------------------------------------------------
    @property
    def redis_available(self) -> bool:
        return not self._down

    def _went_down(self, exc: Exception) -> None:
        with self._state_lock:
            if self._down:
                return
            self._down = True
        log.warning("Redis message queue unreachable at %s (%s): the server keeps serving and this process's "
                    "displays still get its events, but events are not shared with other server processes "
                    "until Redis is back", self.redis_url, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def _came_back(self) -> None:
        with self._state_lock:
            if not self._down:
                return
            self._down = False
        log.warning("Redis message queue at %s is back: events are shared again (%d were not shared meanwhile)",
                    self.redis_url, self.dropped)

    def _client(self, retries: int = 0, **options):
        module = self._get_redis_module()
        retry = module.retry.Retry(module.backoff.NoBackoff(), retries)  # no sleeping inside redis-py
        return module.Redis.from_url(self.redis_url, socket_connect_timeout=self.CONNECT_TIMEOUT,
                                     retry=retry, **options)

    # -- publishing ------------------------------------------------------------------------------------
    def _publish(self, data):
        if self.write_only:  # a script emitting through Redis: it wants to know at once
            return self._publish_now(data)
        self._start_publisher()
        try:
            self._outbox.put_nowait(data)
        except queue.Full:  # Redis hangs and events pile up: keep the memory bounded
            self.dropped += 1

    def _publish_now(self, data):
        if self._publisher_client is None:
            self._publisher_client = self._client(retries=1, socket_timeout=self.CONNECT_TIMEOUT)
        json_module = self.server.packet_class.json if self.server is not None else self.json
        return self._publisher_client.publish(self.channel, json_module.dumps(data))

    def _start_publisher(self) -> None:
        if self._publisher is None:
            with self._state_lock:
                if self._publisher is None:
                    self._publisher = threading.Thread(target=self._publish_loop, name="motcua-redis-publisher",
                                                       daemon=True)
                    self._publisher.start()

    def _publish_loop(self) -> None:
        while True:
            data = self._outbox.get()
            if self._down and time.monotonic() < self._retry_publish_at:
                self.dropped += 1
                continue
            try:
                self._publish_now(data)
            except Exception as exc:  # noqa: BLE001 - whatever Redis does, the loop must survive
                self.dropped += 1
                self._retry_publish_at = time.monotonic() + self.PUBLISH_RETRY
                self._went_down(exc)
            else:
                self._came_back()

    def _tell_clients_to_resync(self) -> None:
        """`resync` to this process's own clients only (the other processes' listeners tell theirs): subscribed
        again, so whatever happens from now on arrives, and a snapshot loaded now includes what was missed."""
        try:
            self.emit(events.RESYNC, {"reason": "message_queue_back"}, namespace="/", room=None,
                      ignore_queue=True)
        except Exception:  # noqa: BLE001 - a failing client must not stop the listener
            log.exception("could not tell this process's clients to reload after the Redis outage")

    # -- closing connections in every process ------------------------------------------------------------
    def close_connections(self, room: str, wait: bool = False) -> None:
        """Disconnects the room's clients here and, through Redis, in every other process. Sent as python-socketio's
        own close_room message with a mark, so each process disconnects its own clients of the room before the
        room goes. wait: publish before returning (a command-line process that exits next)."""
        message = {"method": "close_room", "room": room, "namespace": "/", "host_id": self.host_id,
                   CLOSE_CONNECTIONS: True}
        self._handle_close_room(message)
        if not wait:
            return self._publish(message)
        try:
            self._publish_now(message)
        except Exception as exc:  # noqa: BLE001
            self._went_down(exc)

    def _handle_close_room(self, message):
        if message.get(CLOSE_CONNECTIONS):
            disconnect_room(self.server, message.get("room"))
        super()._handle_close_room(message)

    # -- listening -------------------------------------------------------------------------------------
    def _redis_listen_with_retries(self):
        delay = self.RETRY_MIN
        pubsub = None
        missed = False  # the listener lost Redis: events of the other processes may have been missed
        while True:
            try:
                if pubsub is None:
                    pubsub = self._client(socket_timeout=None).pubsub(ignore_subscribe_messages=True)
                    pubsub.subscribe(self.channel)
                    self.pubsub = pubsub
                    delay = self.RETRY_MIN
                    self._came_back()
                    if missed:
                        missed = False
                        self._tell_clients_to_resync()
                message = pubsub.get_message(timeout=1.0)
                if message:
                    yield message
            except Exception as exc:  # noqa: BLE001
                missed = True
                self._went_down(exc)
                try:
                    if pubsub is not None:
                        pubsub.close()
                except Exception:  # noqa: BLE001
                    pass
                pubsub = None
                time.sleep(delay)
                delay = min(delay * 2, self.RETRY_MAX)


class MotCuaSocketIO(SocketIO):
    """Flask-SocketIO that uses ResilientRedisManager for a redis:// message queue, and writes events to idle
    WebSocket connections from the emitting thread (websocket_fanout.py)."""

    def init_app(self, app, **kwargs):
        url = kwargs.get("message_queue")
        if app is not None:
            self.server_options.pop("client_manager", None)  # the same object serves every app a test builds
            self.server_options.pop("message_queue", None)
        if url and url.startswith(("redis://", "rediss://", "unix://")):
            kwargs.pop("message_queue")
            kwargs["client_manager"] = ResilientRedisManager(url, channel=kwargs.pop("channel", CHANNEL))
        super().init_app(app, **kwargs)
        if self.server is not None:
            use_direct_websockets(self.server.eio)  # one event to hundreds of displays: see websocket_fanout


socketio = MotCuaSocketIO()


def publish(name: str, payload: dict, room: str) -> None:
    socketio.emit(name, payload, to=room)


def connect_centre(centre) -> None:
    """A centre's committed events leave through Socket.IO, each to the centre's own room of that name."""
    centre.db.publish = lambda name, payload, room: publish(name, payload, centre.room(room))
    centre.db.close_connections = lambda room, wait=False: close_connections(centre.room(room), wait)


def close_connections(room: str, wait: bool = False) -> None:
    """Ends every live connection in the room (a revoked token's, a signed-out account's), in this process and,
    with MOTCUA_REDIS_URL, in the others. The client is told (Socket.IO's disconnect); a page reconnects
    without what was revoked."""
    server = socketio.server
    if server is None:
        return
    if isinstance(server.manager, ResilientRedisManager):
        server.manager.close_connections(room, wait=wait)
    else:
        disconnect_room(server, room)


@socketio.on("connect")
def on_connect(auth=None):
    """Sent by every client on connect; joins 'public', plus the device's room when its token is valid. Every
    room is the centre's own (the path the client connected on names it: /c/<id>/socket.io)."""
    centre = current_centre()
    join_room(centre.room(events.PUBLIC))
    if session.get("user"):
        join_room(centre.room(events.account_room(session["user"])))  # closed when the account's sessions end
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    if token:
        try:
            principal = access.principal_for_token(centre, str(token))
        except Exception as exc:
            from queue_server.error_handlers import is_database_unavailable
            if is_database_unavailable(exc):  # refused with a reason; the client's reconnection tries again
                raise SocketIORefusal({"code": "database_unavailable",
                                              "message": "The database is briefly unavailable; retrying."}) from exc
            raise
        if principal is None:
            return False  # a wrong token is refused outright, so the device notices at once
        join_room(centre.room(events.token_room(principal.name)))  # closed when the token is revoked
        if principal.role == "kiosk":
            join_room(centre.room(events.kiosk_room(principal.name)))
    return True


@socketio.on("watch_counter")
def on_watch_counter(data=None):
    """A console asks for its counter's room ({"counter": n}); answers {"ok", "counter"}. Only the staff
    member who holds that counter in this browser session gets in: the room carries what colleagues write to
    each other (a transfer's reason). Any other counter room the connection was in is left."""
    wanted = data.get("counter") if isinstance(data, dict) else None
    user, key, centre = session.get("user"), session.get("claim_key"), current_centre()
    held = counter_claims.held_by(centre, user, key) if user and key else None
    for room in rooms():
        if room.startswith(centre.room("counter:")) and (held is None or room != centre.room(events.counter_room(held))):
            leave_room(room)
    if held is None or held != wanted:
        return {"ok": False, "counter": held}
    join_room(centre.room(events.counter_room(held)))
    return {"ok": True, "counter": held}
