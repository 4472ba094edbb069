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
    from queue_server.centre_paths import CentrePaths, CentreSessions
    from queue_server.context import EXTENSION as CITY
    from queue_server.web import pages

    settings = settings or Settings.from_environment()
    city = build_city(settings, clock)
    centre = city.default
    config = centre.config

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.resolved_secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PUBLIC_BASE_URL=settings.public_base_url or config.public_base_url,
    )
    app.json.ensure_ascii = False  # Vietnamese stays readable in responses
    app.json.sort_keys = False
    app.extensions[CITY] = city  # the one key: reached through context.current_centre() / centre_of(app)
    app.session_interface = CentreSessions(city)  # a cookie per centre

    realtime.socketio.init_app(app, async_mode=serving.async_mode(),  # gevent under a gevent server
                               cors_allowed_origins=realtime.origin_check(app.config["PUBLIC_BASE_URL"]),
                               message_queue=settings.redis_url, json=app.json)
    connection_limits.install(app, city)  # live connections per address, in front of Engine.IO
    app.wsgi_app = CentrePaths(app.wsgi_app, city)  # outermost: /c/<id>/… names the centre
    for each in city:
        realtime.connect_centre(each)  # its events go to its own rooms
    error_handlers.register(app)
    app.register_blueprint(api)
    pages.register(app)
    assistant_relay.register(app, city)  # POST /api/v1/assistant/messages (the reception robot)
    app.register_blueprint(robot_screen)  # /robot, the robot's touch screen
    cli.register(app)  # the command line on `flask --app queue_server.wsgi ...` too
    return app


def build_city(settings: Settings, clock=None):
    """The centres alone (one, or a city's): each configuration validated, each database migrated and seeded
    (what the command line needs, and the first thing the app needs)."""
    from queue_server.centre_config import load_centre_config
    from queue_server.city import load_city_config
    from queue_server.context import Centre, City, system_clock
    from queue_server.db import centre_databases
    from queue_server.schema import upgrade_to_latest
    from queue_server.services import catalogue

    city_config = load_city_config(settings.config_path)  # raises ConfigError before anything starts
    configs = [load_centre_config(place.path) for place in city_config.centres]
    databases = centre_databases(settings.database_url, [place.id for place in city_config.centres])
    centres = {}
    for place, config, db in zip(city_config.centres, configs, databases):
        upgrade_to_latest(db.engine)
        centres[place.id] = centre = Centre(
            config=config, db=db, id=place.id, room_prefix=f"centre:{place.id}:" if city_config.is_city else "",
            clock=clock or system_clock, settings=settings)
        with db.transaction() as (db_session, _):
            if not catalogue.seed_from_config(db_session, config):
                catalogue.refresh_redirects(db_session, config)
    return City(centres, name=city_config.name or configs[0].name, name_en=city_config.name_en or configs[0].name_en,
                alert_wait_minutes=city_config.alert_wait_minutes, is_city=city_config.is_city)


def build_centre(settings: Settings, clock=None, centre_id: str | None = None):
    """One centre alone: the first, or the city's centre `centre_id` (the command line's --centre)."""
    from queue_server.centre_config import ConfigError

    city = build_city(settings, clock)
    if centre_id is None:
        return city.default
    centre = city.get(centre_id)
    if centre is None:
        raise ConfigError(settings.config_path, "centres", f"no centre {centre_id!r} (known: {', '.join(city.centres)})")
    return centre
