"""A server on a loopback address without MOTCUA_PUBLIC_URL prints tickets whose QR codes no phone can open:
the server and `make run`'s demo set-up say so loudly, with the exact command for the local network."""

from live_server import cli
from queue_server.public_address import phone_warning


def test_the_warning_gives_the_exact_command_for_the_lan():
    message = phone_warning("127.0.0.1", 5000, None, "192.0.2.2")
    assert "PHONES CANNOT OPEN THE TICKETS' QR CODES" in message
    assert "MOTCUA_HOST=0.0.0.0 MOTCUA_PUBLIC_URL=http://192.0.2.2:5000 make run" in message
    assert phone_warning("localhost", 8000, None, None).count("ADDRESS-OF-THIS-MACHINE-ON-THE-LAN:8000") == 2


def test_no_warning_with_a_public_url_or_a_lan_host():
    assert phone_warning("127.0.0.1", 5000, "http://192.0.2.2:5000", "192.0.2.2") is None
    assert phone_warning("0.0.0.0", 5000, None, "192.0.2.2") is None


def test_the_server_and_the_demo_set_up_say_it_on_a_loopback_address(live_server):
    # The live server runs on 127.0.0.1 without MOTCUA_PUBLIC_URL: its start-up log carries the warning.
    assert "PHONES CANNOT OPEN THE TICKETS' QR CODES" in live_server.log_path.read_text()
    output = cli(live_server.env, "demo-setup")
    assert "PHONES CANNOT OPEN THE TICKETS' QR CODES" in output and "MOTCUA_HOST=0.0.0.0 MOTCUA_PUBLIC_URL=http://" in output
    public = cli({**live_server.env, "MOTCUA_PUBLIC_URL": "http://192.0.2.2:5000"}, "demo-setup")
    assert "PHONES CANNOT" not in public
