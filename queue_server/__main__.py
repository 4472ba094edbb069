"""Command line: `python -m queue_server` serves; subcommands manage tokens, staff and the demo.

Every command reads the same environment as the server (MOTCUA_CONFIG, DATABASE_URL, ...).
"""

from __future__ import annotations

import argparse
import sys

from queue_server.centre_config import ConfigError


def days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days (at least 1)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m queue_server", description="MotCua queue server")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="start the server (the default)")
    commands.add_parser("migrate", help="create or upgrade the database schema, then exit")
    token = commands.add_parser("token", help="device and script tokens").add_subparsers(dest="action", required=True)
    create = token.add_parser("create", help="print a new token alone on the last line")
    create.add_argument("--role", required=True,
                        choices=("kiosk", "display", "counter-tablet", "staff", "manager", "admin"))
    create.add_argument("--name", required=True, help="the device id (kiosk-1, hall, ...) or a person's name")
    create.add_argument("--counter", type=int, help="counter-tablet tokens: the counter it rates for (required "
                                                    "then); staff tokens: the counter it holds (a call-button device)")
    revoke = token.add_parser("revoke", help="revoke every token of a name")
    revoke.add_argument("--name", required=True)
    staff = commands.add_parser("staff", help="staff accounts").add_subparsers(dest="action", required=True)
    add = staff.add_parser("create")
    add.add_argument("--username", required=True)
    add.add_argument("--password", required=True)
    add.add_argument("--name", required=True, help="the name shown to colleagues")
    add.add_argument("--role", default="staff", choices=("staff", "manager", "admin"))
    commands.add_parser("demo-setup", help="create the demo's accounts and device tokens; print the URLs")
    purge = commands.add_parser("purge", help="delete tickets and audit entries older than the retention "
                                              "(security.retention_days, security.audit_retention_days)")
    purge.add_argument("--days", type=days, help="keep this many days of tickets instead (today counts as day 0)")
    purge.add_argument("--audit-days", type=days, help="keep this many days of audit log instead")
    purge.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from queue_server import create_app
    from queue_server.settings import Settings

    settings = Settings.from_environment()
    try:
        app = create_app(settings)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    centre = app.extensions["motcua"]
    from queue_server.services import access

    if args.command == "migrate":
        print("Database schema is up to date.")
    elif args.command == "token" and args.action == "create":
        from queue_server.errors import ApiError
        from queue_server.services import counter_claims
        tablet = args.role == access.COUNTER_TABLET
        try:
            token = access.create_token(centre, args.role, args.name, args.counter if tablet else None)
            if args.counter is not None and not tablet:
                counter_claims.claim(centre, args.counter, args.name, counter_claims.token_key(args.name),
                                     takeover=True)
        except ApiError as exc:
            print(f"Cannot create the token: {exc.message}", file=sys.stderr)
            return 2
        print(f"New {args.role} token for {args.name} (shown once, store it now):")
        print(token)
    elif args.command == "token" and args.action == "revoke":
        from queue_server import realtime  # with MOTCUA_REDIS_URL the servers close its live connections
        centre.db.close_connections = lambda room: realtime.close_connections(room, wait=True)
        print(f"Revoked {access.revoke_tokens(centre, args.name)} token(s) of {args.name}.")
    elif args.command == "staff":
        access.create_staff(centre, args.username, args.password, args.name, args.role)
        print(f"Created {args.role} account {args.username}.")
    elif args.command == "demo-setup":
        from queue_server.demo import set_up_demo
        set_up_demo(centre, settings)
    elif args.command == "purge":
        from queue_server.services import retention
        print(retention.purge(centre, args.days, args.audit_days, dry_run=args.dry_run).summary())
    else:
        from queue_server.realtime import socketio
        from queue_server.public_address import public_url, warn_if_phones_cannot_connect
        from queue_server.serving import freeze_start_up_objects, no_delay_request_handler
        from queue_server.websocket_fanout import active_path
        print(f"MotCua serving {centre.config.name} on http://{settings.host}:{settings.port}/", flush=True)
        print(f"WebSocket fan-out: {active_path}", flush=True)
        warn_if_phones_cannot_connect(settings.host, settings.port, public_url(settings, centre))
        freeze_start_up_objects()
        socketio.run(app, host=settings.host, port=settings.port, allow_unsafe_werkzeug=True,
                     request_handler=no_delay_request_handler())
    return 0


if __name__ == "__main__":
    sys.exit(main())
