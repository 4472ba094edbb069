"""Entry point for a production WSGI server (docs/deployment.md): for a city, gevent,
`gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 queue_server.wsgi:app` (a greenlet
per connection); for one centre, threads, `gunicorn -w 1 --threads 1000 --worker-connections 2000
queue_server.wsgi:app`. The async mode follows the worker (serving.async_mode)."""

import sys

from queue_server import create_app, websocket_fanout
from queue_server.serving import async_mode, freeze_start_up_objects

app = create_app()
print(f"MotCua: async mode {async_mode()}; WebSocket fan-out: {websocket_fanout.active_path}", file=sys.stderr,
      flush=True)
freeze_start_up_objects()
