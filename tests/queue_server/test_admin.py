"""Administration pages: each change takes effect at once (no restart), is pushed live, is audited, and
bad input is refused with a clear message; the export writes a YAML that sets up the same centre."""

import re

import pytest
import yaml

from queue_server.centre_config import load_centre_config
from queue_server.services import access
from page_csrf import page_csrf
from queue_server.context import centre_of


class Admin:
    """A signed-in browser session posting the admin forms with the session's CSRF token."""

    def __init__(self, app, centre, username="boss", role="admin"):
        if not access.staff_exists(centre, username):
            access.create_staff(centre, username, "mat-khau-dai", username.title(), role)
        self.client = app.test_client()
        csrf = page_csrf(self.client)
        assert self.client.post("/login", data={"username": username, "password": "mat-khau-dai",
                                                "csrf": csrf}).status_code == 302
        self.csrf = page_csrf(self.client)

    def post(self, path, data=None, follow=True):
        return self.client.post("/admin" + path, data={"csrf": self.csrf, **(data or {})},
                                follow_redirects=follow)

    def get(self, path):
        return self.client.get("/admin" + path)


@pytest.fixture
def admin(app, centre):
    return Admin(app, centre)


def text(response) -> str:
    return response.get_data(as_text=True)


def issue(client, auth, procedure="khai_sinh"):
    response = client.post("/api/v1/tickets", json={"procedure_id": procedure}, headers=auth("kiosk"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


def test_every_admin_page_renders(admin):
    for path in ("", "/counters", "/staff", "/catalogue", "/procedures/khai_sinh", "/procedures/new", "/rules",
                 "/devices", "/displays", "/audit"):
        response = admin.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response.headers and ' style="' not in text(response), path
    assert admin.get("/procedures/nope").status_code == 404


def test_a_new_counter_serves_at_once_and_is_announced(app, admin, client, auth, desks):
    from queue_server.realtime import socketio
    listener = socketio.test_client(app)
    listener.get_received()
    added = admin.post("/counters", {"number": "9", "name": "Quầy 9 – Hộ tịch", "location": "Tầng 2",
                                     "fields": ["ho_tich"]})
    assert "Counter 9 saved" in text(added)
    events = [e["name"] for e in listener.get_received()]
    assert "counter_changed" in events
    listener.disconnect()
    counters = {c["number"]: c for c in client.get("/api/v1/queue").get_json()["counters"]}
    assert counters[9]["name"] == "Quầy 9 – Hộ tịch" and counters[9]["open"] is False
    admin.post("/counters/9/open")
    ticket = issue(client, auth)
    assert "Quầy 9 – Hộ tịch" in [c["name"] for c in ticket["counters"]]
    called = client.post("/api/v1/counters/9/call-next", json={}, headers=desks(9)).get_json()["ticket"]
    assert called["number"] == ticket["number"]
    assert client.get("/display").status_code == 200 and client.get("/display/hall").status_code == 200


def test_counter_input_is_checked(admin):
    assert "already exists" in text(admin.post("/counters", {"number": "1", "name": "X", "fields": ["ho_tich"]}))
    assert "at least one field" in text(admin.post("/counters", {"number": "12", "name": "X"}))
    assert "not a whole number" in text(admin.post("/counters", {"number": "mười", "name": "X", "fields": ["ho_tich"]}))
    assert "No field served here" in text(admin.post("/counters", {"number": "12", "name": "X", "fields": ["cu_tru"]}))


def test_deleting_a_counter_with_tickets_waiting_is_refused(admin, client, auth, centre, desks):
    ticket = issue(client, auth, "chung_thuc_ban_sao")  # counters 3, 4 and 8 serve it
    admin.post("/counters/3/delete")
    admin.post("/counters/4/delete")
    refused = admin.post("/counters/8/delete")
    assert "cannot be deleted" in text(refused) and ticket["number"] in text(refused)
    assert 8 in {c["number"] for c in client.get("/api/v1/queue").get_json()["counters"]}
    assert client.get("/api/v1/tickets/lookup?number=" + ticket["number"]).get_json()["status"] == "issued"
    # Counter 1 has no one only it can serve: it goes.
    assert "Counter 1 deleted" in text(admin.post("/counters/1/delete"))
    # A visitor at the desk keeps counter 2.
    issue(client, auth)
    client.post("/api/v1/counters/2/call-next", json={}, headers=desks(2))
    assert "cannot be deleted" in text(admin.post("/counters/2/delete"))


def test_editing_a_counters_fields_never_strands_waiting_tickets(admin, client, auth, desks):
    land = issue(client, auth, "cap_gcn_lan_dau")  # dat_dai: counters 5 and 8
    assert "Counter 8 saved" in text(admin.post("/counters/8", {"name": "Quầy 8", "fields": ["ho_tich"]}))
    refused = admin.post("/counters/5", {"name": "Quầy 5", "fields": ["xay_dung"]})
    assert "cannot stop serving" in text(refused) and land["number"] in text(refused)
    counter = next(c for c in client.get("/api/v1/catalogue").get_json()["counters"] if c["number"] == 5)
    assert counter["field_ids"] == ["dat_dai", "xay_dung"] and counter["name"] == "Quầy 5 – Đất đai, Xây dựng"
    # A field nobody waits for may go; the one with a visitor stays.
    assert "Counter 5 saved" in text(admin.post("/counters/5", {"name": "Quầy 5", "fields": ["dat_dai"]}))
    assert client.post("/api/v1/counters/5/call-next", json={},
                       headers=desks(5)).get_json()["ticket"]["number"] == land["number"]


def test_staff_accounts_create_disable_reset(admin, app, centre):
    created = admin.post("/staff", {"username": "chi", "display_name": "Lê Thị Chi", "role": "staff",
                                    "password": "mat-khau-dai", "counters": ["3"]})
    assert "Account chi created" in text(created)
    assert "Lê Thị Chi" in text(admin.get("/staff"))
    assert "8 characters" in text(admin.post("/staff", {"username": "dung", "display_name": "D", "role": "staff",
                                                        "password": "ngan"}))
    assert "taken" in text(admin.post("/staff", {"username": "chi", "display_name": "C", "role": "staff",
                                                 "password": "mat-khau-dai"}))
    admin.post("/staff/chi", {"display_name": "Lê Thị Chi", "role": "staff", "counters": ["3"]})  # active unticked
    assert access.log_in  # the account is disabled: sign-in refused
    from queue_server.errors import Unauthorized
    with pytest.raises(Unauthorized):
        access.log_in(centre, "chi", "mat-khau-dai")
    admin.post("/staff/chi", {"display_name": "Lê Thị Chi", "role": "staff", "active": "on"})
    admin.post("/staff/chi/password", {"password": "mat-khau-moi"})
    assert access.log_in(centre, "chi", "mat-khau-moi").name == "chi"


def test_managers_cannot_make_or_change_admins(app, centre):
    manager = Admin(app, centre, "sep", "manager")
    refused = manager.post("/staff", {"username": "x2", "display_name": "X", "role": "admin", "password": "mat-khau-dai"})
    assert "Only an admin" in text(refused)
    access.create_staff(centre, "root", "mat-khau-dai", "Root", "admin")
    assert "Only an admin" in text(manager.post("/staff/root/password", {"password": "mat-khau-moi"}))
    assert manager.get("/rules").status_code == 403
    assert manager.get("/counters").status_code == 200


def test_fields_and_procedures_are_edited_and_the_kiosk_is_told(app, admin, client, auth):
    from queue_server.realtime import socketio
    listener = socketio.test_client(app)
    listener.get_received()
    admin.post("/procedures/khai_sinh", {"field_id": "ho_tich", "name_vi": "Đăng ký khai sinh (mới)",
                                         "name_en": "Birth registration", "documents": "Tờ khai\nGiấy chứng sinh",
                                         "fee_text": "Miễn phí", "fee_amount_vnd": "0", "processing_text": "Trong ngày",
                                         "processing_working_days": "0", "enabled": "on"})
    assert "catalogue_changed" in [e["name"] for e in listener.get_received()]
    listener.disconnect()
    procedure = next(p for p in client.get("/api/v1/catalogue").get_json()["procedures"] if p["id"] == "khai_sinh")
    assert procedure["name"]["vi"] == "Đăng ký khai sinh (mới)" and procedure["documents"] == ["Tờ khai", "Giấy chứng sinh"]
    # Disabled: gone from the kiosk's catalogue, and no ticket for it.
    admin.post("/procedures/khai_sinh", {"field_id": "ho_tich", "name_vi": "Đăng ký khai sinh", "name_en": "Birth"})
    assert "khai_sinh" not in [p["id"] for p in client.get("/api/v1/catalogue").get_json()["procedures"]]
    assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=auth("kiosk")).status_code == 404
    # A new field with its own prefix and a procedure in it.
    admin.post("/fields", {"id": "tu_phap", "prefix": "t", "name_vi": "Tư pháp", "name_en": "Justice", "enabled": "on"})
    admin.post("/procedures", {"id": "hoa_giai", "field_id": "tu_phap", "name_vi": "Hòa giải", "name_en": "Mediation",
                               "enabled": "on"})
    admin.post("/counters", {"number": "10", "name": "Quầy 10", "fields": ["tu_phap"]})
    assert issue(client, auth, "hoa_giai")["number"] == "T-001"
    assert "used by another field" in text(admin.post("/fields/tu_phap", {"prefix": "A", "name_vi": "T", "name_en": "T"}))
    assert "negative" in text(admin.post("/procedures/hoa_giai", {"field_id": "tu_phap", "name_vi": "H", "name_en": "H",
                                                                   "fee_amount_vnd": "-5"}))


def test_priority_policy_changes_the_next_call(admin, client, auth, desks):
    normal = issue(client, auth)
    priority = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh", "priority": "pregnant"},
                           headers=auth("kiosk")).get_json()["ticket"]
    admin.post("/rules/priority", {"mode": "strict", "every_n_normal": "3"})
    called = client.post("/api/v1/counters/1/call-next", json={}, headers=desks(1)).get_json()["ticket"]
    assert called["number"] == priority["number"] != normal["number"]
    assert "mode must be" in text(admin.post("/rules/priority", {"mode": "random", "every_n_normal": "3"}))
    assert "unknown" in text(admin.post("/rules/priority", {"mode": "strict", "every_n_normal": "3",
                                                            "strict_override": ["aliens"]})).lower()


def test_opening_hours_and_caps_take_effect_at_once(admin, client, auth, clock):
    # The test clock is Monday 09:00 in Hà Nội.
    admin.post("/rules/hours", {"mon": "13:30-17:00", "tue": "07:00-11:30, 13:30-17:00"})
    refused = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=auth("kiosk"))
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "centre_closed"
    assert client.get("/api/v1/catalogue").get_json()["centre"]["opening_hours"]["mon"] == [["13:30", "17:00"]]
    assert "not a period" in text(admin.post("/rules/hours", {"mon": "sáng"}))
    admin.post("/rules/hours", {"always": "on"})
    assert issue(client, auth)["number"] == "A-001"
    admin.post("/rules/caps", {"daily_cap": "999", "cap_ho_tich": "2"})
    issue(client, auth)
    capped = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=auth("kiosk"))
    assert capped.get_json()["error"]["code"] == "daily_cap_reached"
    assert "from 1 to 999" in text(admin.post("/rules/caps", {"daily_cap": "5000"}))


def test_settings_reach_every_server_process(make_app, app, admin, database_url, client, auth):
    """A second process on the same database sees an admin's change on its next request."""
    other = make_app(url=database_url)
    admin.post("/rules/hours", {"mon": "13:30-17:00"})
    refused = other.test_client().post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=auth("kiosk"))
    assert refused.get_json()["error"]["code"] == "centre_closed"


def test_devices_register_token_last_seen_and_revoke(admin, client, centre):
    page = text(admin.post("/devices", {"id": "kiosk-2", "kind": "kiosk", "name": "Kiosk tầng 2"}))
    token = re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)
    assert "kiosk-2" in text(admin.get("/devices")) and token not in text(admin.get("/devices"))  # shown once
    headers = {"Authorization": f"Bearer {token}"}
    issued = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert issued.status_code == 201
    me = client.get("/api/v1/devices/me", headers=headers).get_json()
    assert me["configured"] is True and me["name"] == "Kiosk tầng 2"
    from queue_server.services import device_admin
    row = next(d for d in device_admin.devices_view(centre) if d["id"] == "kiosk-2")
    assert row["last_seen"] is not None and row["active_tokens"] == 1
    admin.post("/devices/kiosk-2/revoke")
    assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers).status_code == 401
    admin.post("/devices", {"id": "tang-3", "kind": "display", "name": "Màn hình tầng 3", "counters": ["7"]})
    assert client.get("/display/tang-3").status_code == 200
    assert "exists" in text(admin.post("/devices", {"id": "kiosk-2", "kind": "kiosk", "name": "X"}))


def test_a_counter_rating_tablet_is_registered_bound_to_its_counter(admin, client, auth, centre, desks):
    """Issue 14, finding 4: the tablet is a device of its own, registered on the Devices page like a kiosk."""
    assert "exactly one counter" in text(admin.post("/devices", {"id": "tablet-3", "kind": "counter-tablet",
                                                                 "name": "Bảng quầy 3"}))
    page = text(admin.post("/devices", {"id": "tablet-3", "kind": "counter-tablet", "name": "Máy tính bảng quầy 3",
                                        "counters": ["3"]}))
    token = re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)
    assert f"/rate/3#token={token}" in page
    ticket = client.post("/api/v1/tickets", json={"procedure_id": "chung_thuc_ban_sao"},
                         headers=auth("kiosk")).get_json()["ticket"]
    client.post("/api/v1/counters/3/call-next", headers=desks(3))
    client.post("/api/v1/counters/3/done", headers=desks(3))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/counters/4/rating", json={"ticket_id": ticket["id"], "score": 3},
                       headers=headers).status_code == 403
    assert client.post("/api/v1/counters/3/rating", json={"ticket_id": ticket["id"], "score": 3},
                       headers=headers).status_code == 201
    renewed = re.search(r'<code id="new-token">([^<]+)</code>', text(admin.post("/devices/tablet-3/token"))).group(1)
    from queue_server.services import access, device_admin
    assert access.principal_for_token(centre, renewed).counter == 3 and access.principal_for_token(centre, token) is None
    row = next(d for d in device_admin.devices_view(centre) if d["id"] == "tablet-3")
    assert (row["kind"], row["counters"], row["active_tokens"]) == ("counter-tablet", [3], 1)


def test_every_change_is_in_the_audit_log(admin, client, auth):
    issue(client, auth)
    admin.post("/counters/5/close")
    admin.post("/counters", {"number": "1", "name": "dup", "fields": ["ho_tich"]})  # refused: not audited
    page = text(admin.get("/audit"))
    assert "admin.close_counter" in page and "/admin/counters/5/close" in page
    assert "api.issue" in page and "kiosk-1" in page
    assert "staff.login" in page and "boss" in page
    assert "admin.create_counter" not in page
    assert "mat-khau" not in page  # no password ever reaches the log


def test_export_writes_a_yaml_that_sets_up_the_same_centre(admin, tmp_path, centre):
    admin.post("/counters", {"number": "9", "name": "Quầy 9", "location": "Tầng 2", "fields": ["ho_tich", "chung_thuc"]})
    admin.post("/rules/priority", {"mode": "strict", "every_n_normal": "2", "strict_override": ["elderly_80"]})
    admin.post("/rules/hours", {"mon": "07:00-11:30, 13:30-17:00", "sat": "07:30-11:30"})
    response = admin.get("/export.yaml")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "centre-export.yaml"
    path.write_bytes(response.data)
    loaded = load_centre_config(path)
    assert [c.number for c in loaded.counters] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert loaded.counters[-1].field_ids == ("ho_tich", "chung_thuc")
    assert loaded.priority_policy.mode == "strict" and loaded.priority_policy.every_n_normal == 2
    assert not loaded.opening_hours.always and len(loaded.opening_hours.periods["mon"]) == 2
    assert [f.id for f in loaded.fields] == [f.id for f in centre.config.fields]
    assert sum(len(f.procedures) for f in loaded.fields) == sum(len(f.procedures) for f in centre.config.fields)
    assert {d.id for d in loaded.devices} == {"kiosk-1", "robot-1", "hall", "floor-2"}
    floor = loaded.device("floor-2")
    assert floor.notice.startswith("Tầng 2") and floor.counters == (7,) and floor.sound is True
    assert loaded.notice == centre.config.notice
    assert yaml.safe_load(response.data)["centre"]["name"] == centre.config.name


def test_disabled_fields_and_procedures_stay_disabled_through_export_and_load(admin, tmp_path, make_app):
    admin.post("/fields/giao_duc", {"prefix": "G", "name_vi": "Giáo dục và Đào tạo", "name_en": "Education"})
    admin.post("/procedures/khai_sinh", {"field_id": "ho_tich", "name_vi": "Đăng ký khai sinh",
                                         "name_en": "Birth registration"})  # "enabled" unticked in both
    path = tmp_path / "export.yaml"
    path.write_bytes(admin.get("/export.yaml").data)
    loaded = load_centre_config(path)
    assert loaded.field("giao_duc").enabled is False and loaded.procedure("khai_sinh").enabled is False
    assert loaded.field("ho_tich").enabled is True and loaded.procedure("ket_hon").enabled is True
    # A fresh database set up from the export offers neither.
    fresh = make_app(path, url=f"sqlite:///{tmp_path / 'fresh.db'}").test_client()
    catalogue = fresh.get("/api/v1/catalogue").get_json()
    fields, procedures = {f["id"] for f in catalogue["fields"]}, {p["id"] for p in catalogue["procedures"]}
    assert "giao_duc" not in fields and "ho_tich" in fields
    assert "khai_sinh" not in procedures and "ket_hon" in procedures


def test_export_keeps_the_kiosk_and_security_settings(make_app, tmp_path):
    from queue_server.services import centre_settings
    from tests_support import demo_centre_yaml
    source = tmp_path / "centre.yaml"
    source.write_text(demo_centre_yaml("""
kiosk: {confirmation_seconds: 12, large_text: true}
security: {idle_minutes: 20, retention_days: forever,
           rate_limits: {ticket_issue: {limit: 40, window_seconds: 60}, devices: {robot-1: {limit: 5, window_seconds: 60}}}}
devices:
  kiosks: [{id: kiosk-1, name: Kiosk, confirmation_seconds: 45}]
  displays: [{id: hall, name: Sảnh, counters: all}]
"""), encoding="utf-8")
    configured = centre_of(make_app(source))
    exported = tmp_path / "export.yaml"
    exported.write_text(centre_settings.export_yaml(configured), encoding="utf-8")
    loaded = load_centre_config(exported)
    assert loaded.kiosk.confirmation_seconds == 12 and loaded.kiosk.large_text is True
    assert loaded.device("kiosk-1").kiosk.confirmation_seconds == 45
    assert loaded.security == configured.config.security and loaded.security.retention_days is None
    assert loaded.security.ticket_limit_for("robot-1").limit == 5


def page_data(response) -> dict:
    import json
    return json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text(response),
                                re.S).group(1))


def test_display_notice_fields_and_sound_are_edited_stored_and_pushed(app, admin, client, make_app, database_url,
                                                                       tmp_path):
    from queue_server.realtime import socketio
    hall = client.get("/display/hall")
    assert "Vui lòng giữ phiếu" in text(hall)  # the YAML's centre notice, seeded into the database
    assert page_data(hall)["fields"] is None and page_data(hall)["sound"] is True
    assert "Tầng 2 – Quầy 7" in text(client.get("/display/floor-2"))  # the YAML's own notice of floor-2
    listener = socketio.test_client(app)
    listener.get_received()

    saved = admin.post("/displays/hall", {"notice_mode": "own", "notice": "Hôm nay nghỉ trưa từ 11:30",
                                          "fields": ["ho_tich", "chung_thuc"]})  # sound unticked: silent
    assert "Display hall saved" in text(saved)
    pushed = [e for e in listener.get_received() if e["name"] == "display_settings_changed"]
    assert len(pushed) == 1
    assert pushed[0]["args"][0]["by_id"]["hall"] == {"notice": "Hôm nay nghỉ trưa từ 11:30",
                                                     "fields": ["ho_tich", "chung_thuc"], "sound": False}
    hall = client.get("/display/hall")
    assert "Hôm nay nghỉ trưa từ 11:30" in text(hall) and "Vui lòng giữ phiếu" not in text(hall)
    assert page_data(hall)["fields"] == ["ho_tich", "chung_thuc"] and page_data(hall)["sound"] is False

    admin.post("/displays/notice", {"notice": "Trung tâm làm việc cả thứ Bảy"})
    admin.post("/displays/floor-2", {"notice_mode": "centre", "notice": "", "sound": "on"})
    assert "Trung tâm làm việc cả thứ Bảy" in text(client.get("/display/floor-2"))
    assert "Trung tâm làm việc cả thứ Bảy" in text(client.get("/display"))
    assert page_data(client.get("/display/floor-2"))["fields"] == ["bao_tro_xa_hoi", "nguoi_co_cong", "giao_duc",
                                                                   "van_hoa_xa_hoi"]  # those of counter 7
    listener.disconnect()

    # Stored in the database: another server process on it shows the same, without a restart.
    other = make_app(url=database_url).test_client()
    assert "Hôm nay nghỉ trưa từ 11:30" in text(other.get("/display/hall"))
    # Refusals: an unknown display or field, a notice too long; nothing changes.
    assert admin.post("/displays/nope", {"notice_mode": "centre"}).status_code == 200
    assert "No display" in text(admin.post("/displays/nope", {"notice_mode": "centre"}))
    assert "No field" in text(admin.post("/displays/hall", {"notice_mode": "centre", "fields": ["ma"]}))
    assert "longer than" in text(admin.post("/displays/notice", {"notice": "x" * 501}))
    assert page_data(client.get("/display/hall"))["fields"] == ["ho_tich", "chung_thuc"]
    # The export carries them, so a fresh database set up from it shows the same.
    path = tmp_path / "export.yaml"
    path.write_bytes(admin.get("/export.yaml").data)
    loaded = load_centre_config(path)
    assert loaded.notice == "Trung tâm làm việc cả thứ Bảy"
    assert loaded.device("hall").notice == "Hôm nay nghỉ trưa từ 11:30" and loaded.device("hall").sound is False
    assert loaded.device("hall").fields == ("ho_tich", "chung_thuc") and loaded.device("floor-2").notice is None
    assert "admin.update_display" in text(admin.get("/audit"))


def test_a_database_from_before_the_display_settings_gets_them_from_the_yaml(app, centre, make_app, database_url):
    from sqlalchemy import delete

    from queue_server import models
    with centre.db.transaction() as (session, _):
        session.execute(delete(models.CentreSetting).where(models.CentreSetting.key == "displays"))
    restarted = make_app(url=database_url).test_client()  # the next start seeds what is missing
    assert "Tầng 2 – Quầy 7" in text(restarted.get("/display/floor-2"))
    assert "Vui lòng giữ phiếu" in text(restarted.get("/display/hall"))
    with centre.db.reading() as session:
        stored = session.get(models.CentreSetting, "displays").value
    assert stored["by_id"]["floor-2"]["notice"].startswith("Tầng 2") and stored["notice"].startswith("Vui lòng")


def test_public_events_never_name_the_staff_member_who_made_the_change(app, admin, client, auth, desks):
    """Anyone may listen to the public room without a token: who changed what stays in the audit log."""
    import json

    from queue_server.realtime import socketio
    listener = socketio.test_client(app)
    listener.get_received()
    admin.post("/counters", {"number": "9", "name": "Quầy 9", "location": "Tầng 2", "fields": ["ho_tich"]})
    admin.post("/counters/9/open")
    admin.post("/rules/priority", {"mode": "strict", "every_n_normal": "3"})
    admin.post("/fields/ho_tich", {"prefix": "A", "name_vi": "Hộ tịch", "name_en": "Civil status", "enabled": "on"})
    admin.post("/displays/hall", {"notice_mode": "own", "notice": "Nghỉ trưa 11:30", "sound": "on"})
    assert client.post("/api/v1/counters/2/close", json={"reason": "break"}, headers=desks(2)).status_code == 200
    received = listener.get_received()
    listener.disconnect()
    names = {e["name"] for e in received}
    assert {"counter_changed", "catalogue_changed", "display_settings_changed"} <= names
    heard = json.dumps([e["args"] for e in received], ensure_ascii=False)
    assert "boss" not in heard and "Boss" not in heard and "canbo" not in heard
    audited = text(admin.get("/audit"))
    assert "boss" in audited and "canbo" in audited
