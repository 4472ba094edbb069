"""Command line: `python -m queue_server` serves; subcommands manage tokens, staff and the demo.

Click commands, also on the app's `flask` command (`app.cli`). Each builds only what it needs: the centre
(configuration, database, migrated and seeded) for most; the whole app for `serve`, and for `token revoke`,
which tells every server process (through Redis) to close the revoked token's live connections. Every command
reads the same environment as the server (MOTCUA_CONFIG, DATABASE_URL, ...).
"""

from __future__ import annotations

import sys

import click
from flask import current_app, has_app_context
from flask.cli import ScriptInfo

from queue_server.centre_config import ConfigError
from queue_server.context import centre_of, city_of
from queue_server.services import access
from queue_server.settings import Settings


class Group(click.Group):
    """A wrong configuration ends a command with its message and exit status 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"Configuration error: {exc}", err=True)
            ctx.exit(2)


def _running_app():
    """The app when the command runs under `flask` (its ScriptInfo loads it), else None."""
    if has_app_context():
        return current_app._get_current_object()
    ctx = click.get_current_context(silent=True)
    info = ctx.find_object(ScriptInfo) if ctx else None
    return info.load_app() if info else None


def _settings() -> Settings:
    app = _running_app()
    return centre_of(app).settings if app else Settings.from_environment()


def _centre_id() -> str | None:
    """--centre (or MOTCUA_CENTRE): which of a city's centres a command is for; none: the first."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().params.get("centre") if ctx else None


def _centre():
    """The app's centre under `flask`; else the centre alone (no routes, no Socket.IO, no request hooks)."""
    app = _running_app()
    if app:
        centre = city_of(app).get(_centre_id()) or centre_of(app)
        if _centre_id() and centre.id != _centre_id():
            raise ConfigError(centre.settings.config_path, "centres", f"no centre {_centre_id()!r}")
        return centre
    from queue_server import build_centre
    from queue_server.services import centre_settings
    centre = build_centre(_settings(), centre_id=_centre_id())
    with centre.db.transaction() as (db_session, _):  # admin edits apply, as in the server (request_hooks)
        centre_settings.seed(db_session, centre.config)
    centre_settings.refresh(centre, force=True)
    return centre


def _app():
    app = _running_app()
    if app:
        return app
    from queue_server import create_app
    return create_app(_settings())


@click.group(cls=Group, invoke_without_command=True, help="MotCua queue server")
@click.option("--centre", envvar="MOTCUA_CENTRE", default=None,
              help="a city's centre (its id in city.yaml) for token, staff, demo and purge commands; default: the first")
@click.pass_context
def cli(ctx, centre):
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@cli.command(help="start the server (the default)")
def serve():
    from queue_server import websocket_fanout
    from queue_server.public_address import public_url, warn_if_phones_cannot_connect
    from queue_server.realtime import socketio
    from queue_server.serving import freeze_start_up_objects, no_delay_request_handler
    settings, app = _settings(), _app()
    centre = centre_of(app)
    print(f"MotCua serving {centre.config.name} on http://{settings.host}:{settings.port}/", flush=True)
    print(f"WebSocket fan-out: {websocket_fanout.active_path}", flush=True)  # set while the app was built
    warn_if_phones_cannot_connect(settings.host, settings.port, public_url(settings, centre))
    freeze_start_up_objects()
    socketio.run(app, host=settings.host, port=settings.port, allow_unsafe_werkzeug=True,
                 request_handler=no_delay_request_handler())


@cli.command(help="create or upgrade the database schema, then exit")
def migrate():
    _centre()
    print("Database schema is up to date.")


@cli.group(help="device and script tokens")
def token():
    pass


@token.command("create", help="print a new token alone on the last line")
@click.option("--role", required=True, type=click.Choice(access.ROLES))
@click.option("--name", required=True, help="the device id (kiosk-1, hall, ...) or a person's name")
@click.option("--counter", type=int, help="counter-tablet tokens: the counter it rates for (required then); "
                                          "staff tokens: the counter it holds (a call-button device)")
def create_token(role: str, name: str, counter: int | None):
    from queue_server.errors import ApiError
    from queue_server.services import counter_claims
    centre = _centre()
    tablet = role == access.COUNTER_TABLET
    try:
        token = access.create_token(centre, role, name, counter if tablet else None)
        if counter is not None and not tablet:
            counter_claims.claim(centre, counter, name, counter_claims.token_key(name), takeover=True)
    except ApiError as exc:
        click.echo(f"Cannot create the token: {exc.message}", err=True)
        sys.exit(2)
    print(f"New {role} token for {name} (shown once, store it now):")
    print(token)


@token.command("revoke", help="revoke every token of a name")
@click.option("--name", required=True)
def revoke_token(name: str):
    from queue_server import realtime  # with MOTCUA_REDIS_URL the servers close its live connections
    app = _app()
    centre = city_of(app).get(_centre_id()) or centre_of(app)
    centre.db.close_connections = lambda room: realtime.close_connections(centre.room(room), wait=True)
    print(f"Revoked {access.revoke_tokens(centre, name)} token(s) of {name}.")


@cli.group(help="staff accounts")
def staff():
    pass


@staff.command("create")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--name", required=True, help="the name shown to colleagues")
@click.option("--role", default="staff", type=click.Choice(access.STAFF_ROLES))
def create_staff(username: str, password: str, name: str, role: str):
    from queue_server.city import load_city_config
    centre = _centre()
    first = load_city_config(centre.settings.config_path).centres[0].id
    if role == access.CITY and centre.id != first:  # /city signs in at the first centre, whose tables hold it
        click.echo(f"A city account is kept by the first centre ({first}): leave out --centre.", err=True)
        sys.exit(2)
    access.create_staff(centre, username, password, name, role)
    print(f"Created {role} account {username}.")


def _city():
    """The app's city under `flask`; else every centre alone, with the admins' settings applied (as _centre)."""
    app = _running_app()
    if app:
        return city_of(app)
    from queue_server import build_city
    from queue_server.services import centre_settings
    city = build_city(_settings())
    for centre in city:
        with centre.db.transaction() as (db_session, _):
            centre_settings.seed(db_session, centre.config)
        centre_settings.refresh(centre, force=True)
    return city


@cli.command("demo-setup", help="create the demo's accounts and device tokens (every centre of a city, and its "
                                "city account); print the URLs")
def demo_setup():
    from queue_server.demo import set_up_demo
    set_up_demo(_city(), _settings())


@cli.command(help="delete tickets and audit entries older than the retention (security.retention_days, "
                  "security.audit_retention_days)")
@click.option("--days", type=click.IntRange(min=1), help="keep this many days of tickets instead (today counts "
                                                         "as day 0)")
@click.option("--audit-days", type=click.IntRange(min=1), help="keep this many days of audit log instead")
@click.option("--dry-run", is_flag=True, help="only count what would be deleted")
def purge(days: int | None, audit_days: int | None, dry_run: bool):
    from queue_server.services import retention
    print(retention.purge(_centre(), days, audit_days, dry_run=dry_run).summary())


def register(app) -> None:
    """The same commands on the app's `flask` command line (`flask --app queue_server.wsgi token create ...`)."""
    for command in cli.commands.values():
        app.cli.add_command(command)
