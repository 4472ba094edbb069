"""MotCua queue server: the one owner of queue state. `create_app` is the single seam for tests."""

from __future__ import annotations

import logging

from flask import Flask

from queue_server.settings import Settings

log = logging.getLogger("motcua")


def create_app(settings: Settings | None = None, clock=None) -> Flask:
    """Build the app: validate the centre's configuration, migrate the database, seed it, wire routes."""
    from robot_screen import bp as robot_screen
    from queue_server import cli, connection_limits, error_handlers, realtime, serving
    from queue_server.api import assistant_relay
    from queue_server.api import api
    from queue_server.context import EXTENSION as CENTRE
    from queue_server.web import pages

    settings = settings or Settings.from_environment()
    centre = build_centre(settings, clock)
    config, db = centre.config, centre.db

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.resolved_secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PUBLIC_BASE_URL=settings.public_base_url or config.public_base_url,
    )
    app.json.ensure_ascii = False  # Vietnamese stays readable in responses
    app.json.sort_keys = False
    app.extensions[CENTRE] = centre  # the one key: reached through context.current_centre() / centre_of(app)

    realtime.socketio.init_app(app, async_mode=serving.async_mode(),  # gevent under a gevent server
                               cors_allowed_origins=realtime.origin_check(app.config["PUBLIC_BASE_URL"]),
                               message_queue=settings.redis_url, json=app.json)
    connection_limits.install(app, centre)  # live connections per address, in front of Engine.IO
    db.publish = realtime.publish
    db.close_connections = realtime.close_connections
    error_handlers.register(app)
    app.register_blueprint(api)
    pages.register(app)
    assistant_relay.register(app, centre)  # POST /api/v1/assistant/messages (the reception robot)
    app.register_blueprint(robot_screen)  # /robot, the robot's touch screen
    cli.register(app)  # the command line on `flask --app queue_server.wsgi ...` too
    return app


def build_centre(settings: Settings, clock=None):
    """The centre alone: its configuration validated, its database migrated and seeded (what the command line
    needs, and the first thing the app needs)."""
    from queue_server.centre_config import load_centre_config
    from queue_server.context import Centre, system_clock
    from queue_server.db import Database
    from queue_server.schema import upgrade_to_latest
    from queue_server.services import catalogue

    config = load_centre_config(settings.config_path)  # raises ConfigError before anything starts
    if settings.database_url.startswith("sqlite:///"):
        from pathlib import Path
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_url)
    upgrade_to_latest(db.engine)
    centre = Centre(config=config, db=db, clock=clock or system_clock, settings=settings)
    with db.transaction() as (db_session, _):
        catalogue.seed_from_config(db_session, config)
    return centre
