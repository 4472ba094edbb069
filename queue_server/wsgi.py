"""Entry point for a production WSGI server, e.g.
`gunicorn -w 1 --threads 1000 --worker-connections 2000 queue_server.wsgi:app` (docs/deployment.md)."""

from queue_server import create_app
from queue_server.serving import freeze_start_up_objects

app = create_app()
freeze_start_up_objects()
