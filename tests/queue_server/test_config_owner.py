"""The centre's config has one owner: read and checked once from the YAML, replaced in one place when an admin
edits it (through the same checks as the YAML), and read from there by every service, never from the file."""

from test_admin import Admin, text
from tests_support import FIVE_LEVEL_SATISFACTION, demo_centre_yaml

from queue_server.centre_config import load_centre_config
from queue_server.services import centre_settings
from queue_server.context import centre_of


def test_an_edit_that_would_not_load_from_a_file_is_refused(app, centre, client):
    # The demo's floor-2 display shows counter 7 by number: deleting it would leave the display naming a
    # counter the centre does not have, which the YAML reader refuses.
    admin = Admin(app, centre)
    refused = text(admin.post("/counters/7/delete"))
    assert "The configuration would be invalid" in refused and "devices.displays[1].counters" in refused
    assert 7 in {c["number"] for c in client.get("/api/v1/queue").get_json()["counters"]}
    assert centre.config.device("floor-2").counters == (7,)
    assert "Counter 12 saved" in text(admin.post("/counters", {"number": "12", "name": "Quầy 12",
                                                               "fields": ["ho_tich"]}))  # a valid edit goes


def test_satisfaction_and_reports_are_read_once_with_the_config(make_app, tmp_path):
    source = tmp_path / "centre.yaml"
    source.write_text(demo_centre_yaml(FIVE_LEVEL_SATISFACTION + "reports: {target_wait_minutes: 30}\n"),
                      encoding="utf-8")
    app = make_app(source)
    centre = centre_of(app)
    source.write_text(demo_centre_yaml(""), encoding="utf-8")  # the file changes under a running server
    client = app.test_client()
    assert [level["value"] for level in client.get("/api/v1/ratings/scale").get_json()["levels"]] == [5, 4, 3, 2, 1]
    assert centre.config.target_wait_minutes == 30
    exported = tmp_path / "export.yaml"
    exported.write_text(centre_settings.export_yaml(centre), encoding="utf-8")
    loaded = load_centre_config(exported)
    assert loaded.satisfaction == centre.config.satisfaction and loaded.target_wait_minutes == 30
    assert loaded.console_timeout_minutes == centre.config.console_timeout_minutes
