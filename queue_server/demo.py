"""The demo's accounts and device tokens, made once and kept in var/demo-access.json (demo only: a real
centre creates tokens with `python -m queue_server token create` and keeps them on the devices)."""

import json
from pathlib import Path

from queue_server.context import Centre
from queue_server.public_address import public_url, warn_if_phones_cannot_connect
from queue_server.services import access
from queue_server.settings import Settings

DEMO_STAFF = [("canbo1", "motcua-demo", "Nguyễn Văn An", "staff"), ("quanly", "motcua-demo", "Trần Thị Bình", "admin")]


def set_up_demo(centre: Centre, settings: Settings) -> dict:
    path = Path(settings.var_dir) / "demo-access.json"
    saved = json.loads(path.read_text()) if path.exists() else {}
    tokens = saved.get("tokens", {})
    devices = [(d.id, d.kind, None) for d in centre.config.devices]
    # One rating tablet per counter, as a centre would register them (a counter-tablet token per counter).
    devices += [(f"tablet-{c.number}", access.COUNTER_TABLET, c.number) for c in centre.config.counters]
    for device_id, role, counter in devices:
        if device_id not in tokens or access.principal_for_token(centre, tokens[device_id]) is None:
            tokens[device_id] = access.create_token(centre, role, device_id, counter)
    for username, password, name, role in DEMO_STAFF:
        if not access.staff_exists(centre, username):
            access.create_staff(centre, username, password, name, role)
    saved = {"tokens": tokens, "staff": [{"username": u, "password": p, "role": r} for u, p, _, r in DEMO_STAFF]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=2))
    path.chmod(0o600)
    base = f"http://{settings.host}:{settings.port}"
    # The first display with its token, like the kiosk, so the admin Devices page shows when it was last seen.
    display = next((f"/display/{d.id}#token={tokens[d.id]}" for d in centre.config.devices if d.kind == "display"),
                   "/display")
    print("\nMotCua demo — open these pages:")
    print(f"  Kiosk:    {base}/kiosk#token={tokens['kiosk-1']}")
    print(f"  Display:  {base}{display}")
    print(f"  Counter:  {base}/counter   (sign in: canbo1 / motcua-demo)")
    tablet = next((c.number for c in centre.config.counters), None)
    if tablet is not None:
        print(f"  Rating:   {base}/rate/{tablet}#token={tokens[f'tablet-{tablet}']}   (counter {tablet}'s tablet; "
              f"others: tablet-<n> in the file below)")
    print(f"  Booking:  {base}/dat-lich  (a visitor's phone: book an appointment, then check in at the kiosk)")
    print(f"  Admin:    {base}/admin     (sign in: quanly / motcua-demo)")
    print(f"  Reports:  {base}/admin/reports")
    print(f"  API:      {base}/api/v1/openapi.json")
    print(f"Device tokens are in {path}\n", flush=True)
    warn_if_phones_cannot_connect(settings.host, settings.port, public_url(settings, centre))
    return saved
