"""Socket.IO: who joins which room, and how events leave the server.

Anyone may listen to the public room (what displays show is public). A device that presents its token
(`auth={"token": ...}`) also joins its own room, e.g. a kiosk's print agent joins "kiosk:<id>".
Socket.IO does not replay missed events: clients load GET /api/v1/queue on every (re)connect.
"""

from flask import current_app
from flask_socketio import SocketIO, join_room

from queue_server.services import access, events

socketio = SocketIO()


def publish(name: str, payload: dict, room: str) -> None:
    socketio.emit(name, payload, to=room)


@socketio.on("connect")
def on_connect(auth=None):
    """Sent by every client on connect; joins 'public', plus the device's room when its token is valid."""
    join_room(events.PUBLIC)
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    if token:
        principal = access.principal_for_token(current_app.extensions["motcua"], str(token))
        if principal is None:
            return False  # a wrong token is refused outright, so the device notices at once
        if principal.role == "kiosk":
            join_room(events.kiosk_room(principal.name))
        elif principal.role == "display":
            join_room(f"display:{principal.name}")
    counter = auth.get("counter")
    if isinstance(counter, int):
        join_room(events.counter_room(counter))
    return True
