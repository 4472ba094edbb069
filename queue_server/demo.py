"""The demo's accounts and device tokens, made once and kept in var/demo-access.json (demo only: a real
centre creates tokens with `python -m queue_server token create` and keeps them on the devices).

A city (issue 17): every centre gets its devices' tokens and the demo staff accounts (in its own tables),
and the first centre also the city account `thanhpho`. The file keeps the first centre's tokens at the top
(`tokens`, what scripts/run-demo.sh's print agent and robot read) and every centre's under `centres`."""

import json
from pathlib import Path

from queue_server.centre_paths import centre_root
from queue_server.context import Centre, City
from queue_server.public_address import public_url, warn_if_phones_cannot_connect
from queue_server.services import access
from queue_server.settings import Settings

DEMO_STAFF = [("canbo1", "motcua-demo", "Nguyễn Văn An", "staff"), ("quanly", "motcua-demo", "Trần Thị Bình", "admin")]
CITY_ACCOUNT = ("thanhpho", "motcua-demo", "Văn phòng Thành phố", access.CITY)


def _centre_tokens(centre: Centre, tokens: dict) -> dict:
    """The centre's device tokens: those still valid kept, the others made anew."""
    devices = [(d.id, d.kind, None) for d in centre.config.devices]
    # One rating tablet per counter, as a centre would register them (a counter-tablet token per counter).
    devices += [(f"tablet-{c.number}", access.COUNTER_TABLET, c.number) for c in centre.config.counters]
    tokens = dict(tokens)
    for device_id, role, counter in devices:
        if device_id not in tokens or access.principal_for_token(centre, tokens[device_id]) is None:
            tokens[device_id] = access.create_token(centre, role, device_id, counter)
    return tokens


def _accounts(centre: Centre, accounts) -> None:
    for username, password, name, role in accounts:
        if not access.staff_exists(centre, username):
            access.create_staff(centre, username, password, name, role)


def set_up_demo(city: City, settings: Settings) -> dict:
    path = Path(settings.var_dir) / "demo-access.json"
    saved = json.loads(path.read_text()) if path.exists() else {}
    kept = saved.get("centres") or {}
    centres = {}
    for centre in city:
        previous = (kept.get(centre.id) or {}).get("tokens") or (saved.get("tokens", {}) if centre is city.default
                                                                 else {})
        centres[centre.id] = {"tokens": _centre_tokens(centre, previous)}
        _accounts(centre, DEMO_STAFF)
    staff = [{"username": u, "password": p, "role": r} for u, p, _, r in DEMO_STAFF]
    saved = {"tokens": centres[city.default.id]["tokens"], "staff": staff}
    if city.is_city:
        _accounts(city.default, [CITY_ACCOUNT])
        saved["centres"] = centres
        saved["city"] = {"username": CITY_ACCOUNT[0], "password": CITY_ACCOUNT[1], "role": access.CITY}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=2))
    path.chmod(0o600)
    # The one robot server answers every centre's robot with that centre's token (MOTCUA_ASSISTANT_TOKENS_FILE,
    # assistant/actions/queue_api.py); a centre not listed uses the first centre's (MOTCUA_ASSISTANT_TOKEN).
    robots = path.with_name("robot-tokens.json")
    robots.write_text(json.dumps({cid: c["tokens"]["robot-1"] for cid, c in centres.items() if "robot-1" in c["tokens"]}
                                 if city.is_city else {}))
    robots.chmod(0o600)
    base = f"http://{settings.host}:{settings.port}"
    if city.is_city:
        _print_city(city, centres, base, path)
    else:
        _print_centre(city.default, saved["tokens"], base, path)
    warn_if_phones_cannot_connect(settings.host, settings.port, public_url(settings, city.default))
    return saved


def _display(centre: Centre, tokens: dict) -> str:
    # The first display with its token, like the kiosk, so the admin Devices page shows when it was last seen.
    return next((f"/display/{d.id}#token={tokens[d.id]}" for d in centre.config.devices if d.kind == "display"),
                "/display")


def _print_centre(centre: Centre, tokens: dict, base: str, path: Path) -> None:
    print("\nMotCua demo — open these pages:")
    print(f"  Kiosk:    {base}/kiosk#token={tokens['kiosk-1']}")
    print(f"  Display:  {base}{_display(centre, tokens)}")
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


def _print_city(city: City, centres: dict, base: str, path: Path) -> None:
    print(f"\nMotCua demo, {city.name} ({len(city)} centres) — open these pages:")
    print(f"  City:     {base}/city   (sign in: {CITY_ACCOUNT[0]} / {CITY_ACCOUNT[1]})")
    print(f"  Nearby:   {base}/gan-day   (a visitor's phone: the nearest centres and their waits)")
    for centre in city:
        tokens, root = centres[centre.id]["tokens"], base + centre_root(centre.id)
        print(f"  {centre.config.name} ({centre.id}):")
        kiosk = next((d.id for d in centre.config.devices if d.kind == "kiosk"), None)
        if kiosk is not None:
            print(f"    Kiosk:    {root}/kiosk#token={tokens[kiosk]}")
        print(f"    Display:  {root}{_display(centre, tokens)}")
        print(f"    Counter:  {root}/counter   (sign in: canbo1 / motcua-demo; admin: {root}/admin, quanly)")
    print("  Each centre's staff sign in at its own /c/<id>/login.")
    print(f"Device tokens are in {path} (under \"centres\")\n", flush=True)
