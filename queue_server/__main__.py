"""`python -m queue_server [COMMAND]`: the click commands of queue_server/cli.py (serving by default)."""

from queue_server.cli import cli

if __name__ == "__main__":
    cli(prog_name="python -m queue_server")
