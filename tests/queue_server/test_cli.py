"""The command line (queue_server/cli.py): each command builds only what it needs, and the same commands run
on the app's own `flask` command line. The command lines themselves are run for real elsewhere
(test_centre_config.py, tests/browser, tests/faults)."""

from click.testing import CliRunner

import queue_server
from queue_server.cli import cli
from queue_server.services import access


def test_token_create_builds_the_centre_not_the_app(tmp_path, monkeypatch):
    """Before, every subcommand built the whole app (routes, Socket.IO, request hooks) to write one row."""
    monkeypatch.setattr(queue_server, "create_app", lambda *a, **k: (_ for _ in ()).throw(AssertionError("app")))
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"DATABASE_URL": database, "MOTCUA_VAR_DIR": str(tmp_path / "var")}
    made = CliRunner().invoke(cli, ["token", "create", "--role", "kiosk", "--name", "kiosk-1"], env=env)
    assert made.exit_code == 0, made.output
    staff = CliRunner().invoke(cli, ["staff", "create", "--username", "lan", "--password", "mat-khau-dai",
                                     "--name", "Lan", "--role", "manager"], env=env)
    assert staff.exit_code == 0 and "Created manager account lan." in staff.output
    wrong = CliRunner().invoke(cli, ["token", "create", "--role", "robot", "--name", "x"], env=env)
    assert wrong.exit_code == 2 and "robot" in wrong.output  # the roles are access.ROLES


def test_the_commands_run_on_the_apps_flask_command_line(app, centre):
    made = app.test_cli_runner().invoke(args=["token", "create", "--role", "display", "--name", "hall"])
    assert made.exit_code == 0, made.output
    assert access.principal_for_token(centre, made.output.strip().splitlines()[-1]).role == "display"
    refused = app.test_cli_runner().invoke(args=["token", "create", "--role", "counter-tablet", "--name", "t",
                                                 "--counter", "99"])
    assert refused.exit_code == 2 and "Cannot create the token" in refused.output
