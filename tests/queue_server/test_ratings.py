"""Satisfaction ratings: from the phone and from the counter's tablet; once per ticket, only after service."""

from datetime import timedelta

import pytest

from queue_server import models
from queue_server.errors import ApiError
from queue_server.services import access
from tests_support import FIVE_LEVEL_SATISFACTION, demo_centre_yaml, tablet_headers, take_counter


def issue(client, auth, procedure="khai_sinh"):
    return client.post("/api/v1/tickets", json={"procedure_id": procedure}, headers=auth("kiosk")).get_json()["ticket"]


def serve(client, auth, counter=1, role="staff"):
    take_counter(client, auth(role), counter)
    client.post(f"/api/v1/counters/{counter}/call-next", headers=auth(role))
    return client.post(f"/api/v1/counters/{counter}/done", headers=auth(role)).get_json()["ticket"]


def test_rating_from_the_phone_is_linked_to_ticket_counter_staff_and_dossier(client, auth, centre):
    ticket = issue(client, auth)
    serve(client, auth, 2)
    code = client.put(f"/api/v1/tickets/{ticket['id']}/dossier-code", json={"dossier_code": "H01.23-261123-0001"},
                      headers=auth("staff"))
    assert code.status_code == 200
    state = client.get(f"/api/v1/track/{ticket['track_token']}/rating").get_json()
    assert state["can_rate"] is True and state["rating"] is None
    assert [l["vi"] for l in state["scale"]["levels"]] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    response = client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": 2, "comment": " Nhanh gọn "})
    assert response.status_code == 201
    rating = response.get_json()["rating"]
    assert rating["label"] == {"vi": "Hài lòng", "en": "Satisfied"} and rating["comment"] == "Nhanh gọn"
    with centre.db.reading() as session:
        stored = session.query(models.Rating).one()
        assert (stored.ticket_id, stored.counter_number, stored.staff, stored.dossier_code, stored.score,
                stored.source) == (ticket["id"], 2, "canbo", "H01.23-261123-0001", 2, "tracking")
    again = client.get(f"/api/v1/track/{ticket['track_token']}/rating").get_json()
    assert again["can_rate"] is False and again["reason"] == "already_rated" and again["rating"]["score"] == 2


def test_a_dossier_code_entered_after_the_rating_is_copied_onto_it(client, auth, centre):
    ticket = issue(client, auth, "chung_thuc_ban_sao")
    serve(client, auth, 3)
    url = f"/api/v1/track/{ticket['track_token']}/rating"
    assert client.post(url, json={"score": 3}).status_code == 201
    assert client.get(url).get_json()["rating"]["dossier_code"] is None  # rated before staff noted the case
    for code in ("H01.23-261123-0007", "H01.23-261123-0008"):  # entered, then corrected
        response = client.put(f"/api/v1/tickets/{ticket['id']}/dossier-code", json={"dossier_code": f" {code} "},
                              headers=auth("staff"))
        assert response.status_code == 200 and response.get_json()["dossier"]["dossier_code"] == code
        assert client.get(url).get_json()["rating"]["dossier_code"] == code
    with centre.db.reading() as session:
        stored = session.query(models.Rating).one()
        assert (stored.ticket_id, stored.counter_number, stored.staff, stored.dossier_code, stored.score) == (
            ticket["id"], 3, "canbo", "H01.23-261123-0008", 3)


def test_a_second_rating_is_refused_politely(client, auth, centre):
    ticket = issue(client, auth)
    serve(client, auth)
    assert client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": 3}).status_code == 201
    second = client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": 1})
    assert second.status_code == 409 and second.get_json()["error"]["code"] == "already_rated"
    tablet = client.post("/api/v1/counters/1/rating", json={"ticket_id": ticket["id"], "score": 1},
                         headers=tablet_headers(centre, 1))
    assert tablet.status_code == 409 and tablet.get_json()["error"]["code"] == "already_rated"


def test_a_ticket_not_yet_served_cannot_be_rated(client, auth):
    ticket = issue(client, auth)
    response = client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": 3})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_served"
    take_counter(client, auth("staff"), 1)
    client.post("/api/v1/counters/1/call-next", headers=auth("staff"))
    assert client.get(f"/api/v1/track/{ticket['track_token']}/rating").get_json()["reason"] == "not_served"
    client.post("/api/v1/counters/1/no-show", headers=auth("staff"))
    response = client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": 3})
    assert response.get_json()["error"]["code"] == "not_served"


def test_unknown_and_expired_tracking_tokens(client, auth, clock):
    assert client.get("/api/v1/track/no-such-token/rating").status_code == 404
    assert client.post("/api/v1/track/no-such-token/rating", json={"score": 3}).get_json()["error"]["code"] == "not_found"
    ticket = issue(client, auth)
    serve(client, auth)
    clock.moment += timedelta(days=1)  # the next day a late rating is still welcome
    assert client.get(f"/api/v1/track/{ticket['track_token']}/rating").status_code == 200
    clock.moment += timedelta(days=1)
    response = client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": 3})
    assert response.status_code == 410 and response.get_json()["error"]["code"] == "expired"
    page = client.get(f"/t/{ticket['track_token']}")
    assert page.status_code == 410 and "hết hạn" in page.get_data(as_text=True)
    assert client.get("/t/no-such-token").status_code == 404


def test_scores_and_comments_are_checked(client, auth):
    ticket = issue(client, auth)
    serve(client, auth)
    url = f"/api/v1/track/{ticket['track_token']}/rating"
    assert client.post(url, json={"score": 5}).get_json()["error"]["code"] == "invalid_score"
    assert client.post(url, json={"score": "3"}).get_json()["error"]["code"] == "invalid_field"
    assert client.post(url, json={}).get_json()["error"]["code"] == "missing_field"
    assert client.post(url, json={"score": 3, "comment": "x" * 1001}).get_json()["error"]["code"] == "comment_too_long"
    assert client.post(url, data="{", content_type="application/json").status_code == 400


def test_the_counter_tablet_shows_the_ticket_just_served_there(client, auth, clock, centre):
    assert client.get("/api/v1/counters/3/last-served").get_json()["ticket"] is None
    first = issue(client, auth, "chung_thuc_ban_sao")
    serve(client, auth, 3)
    view = client.get("/api/v1/counters/3/last-served").get_json()
    assert view["ticket"]["number"] == first["number"] and view["can_rate"] is True
    assert client.get("/api/v1/counters/4/last-served").get_json()["ticket"] is None
    wrong = client.post("/api/v1/counters/4/rating", json={"ticket_id": first["id"], "score": 3},
                        headers=tablet_headers(centre, 4))
    assert wrong.status_code == 409 and wrong.get_json()["error"]["code"] == "not_last_served"
    assert client.post("/api/v1/counters/3/rating", json={"ticket_id": first["id"], "score": 3},
                       headers=tablet_headers(centre, 3)).status_code == 201
    assert client.get("/api/v1/counters/3/last-served").get_json()["reason"] == "already_rated"
    clock.moment += timedelta(minutes=16)  # the tablet moves on after a quarter of an hour
    assert client.get("/api/v1/counters/3/last-served").get_json()["ticket"] is None
    assert client.get("/api/v1/counters/99/last-served").status_code == 404


def test_the_scale_comes_from_the_centre_config(make_app, tmp_path):
    config = tmp_path / "centre.yaml"
    config.write_text(demo_centre_yaml() + FIVE_LEVEL_SATISFACTION, encoding="utf-8")
    client = make_app(config).test_client()
    scale = client.get("/api/v1/ratings/scale").get_json()
    assert [l["value"] for l in scale["levels"]] == [5, 4, 3, 2, 1] and scale["satisfied_from"] == 4


def test_dossier_codes_are_for_staff_and_checked(client, auth):
    ticket = issue(client, auth)
    url = f"/api/v1/tickets/{ticket['id']}/dossier-code"
    assert client.put(url, json={"dossier_code": "X"}).status_code == 401
    assert client.put(url, json={"dossier_code": "X"}, headers=auth("kiosk")).status_code == 403
    assert client.put(url, json={"dossier_code": " "}, headers=auth("staff")).get_json()["error"]["code"] == "invalid_dossier_code"
    assert client.put("/api/v1/tickets/999/dossier-code", json={"dossier_code": "X"}, headers=auth("staff")).status_code == 404


def test_finding_3_last_served_is_public_but_carries_no_personal_data(client, auth, centre):
    """Issue 14, finding 3: the tablet's public read showed the visitor's comment and the dossier code."""
    ticket = issue(client, auth, "chung_thuc_ban_sao")
    serve(client, auth, 3)
    client.put(f"/api/v1/tickets/{ticket['id']}/dossier-code", json={"dossier_code": "H01.23-261205-0042"},
               headers=auth("staff"))
    rated = client.post(f"/api/v1/track/{ticket['track_token']}/rating",
                        json={"score": 1, "comment": "Chị Lan gọi lại giúp tôi: 0912 345 678"})
    assert rated.status_code == 201
    response = client.get("/api/v1/counters/3/last-served")  # no token, no session
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Chị Lan" not in body and "H01.23-261205-0042" not in body and ticket["track_token"] not in body
    view = response.get_json()
    assert view["ticket"]["number"] == ticket["number"] and view["rating"] is None
    assert (view["can_rate"], view["reason"]) == (False, "already_rated")


def test_finding_4_only_the_counters_own_tablet_may_rate_there(client, auth, centre):
    """Issue 14, finding 4: anyone could rate a visitor's service at the counter before the visitor."""
    ticket = issue(client, auth, "chung_thuc_ban_sao")
    serve(client, auth, 3)
    body = {"ticket_id": ticket["id"], "score": 1}
    anonymous = client.post("/api/v1/counters/3/rating", json=body)
    assert anonymous.status_code == 401 and anonymous.get_json()["error"]["code"] == "unauthorized"
    for role in ("kiosk", "display", "staff"):
        assert client.post("/api/v1/counters/3/rating", json=body, headers=auth(role)).status_code == 403
    other = client.post("/api/v1/counters/3/rating", json=body, headers=tablet_headers(centre, 4))
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "wrong_counter"
    assert "4" in other.get_json()["error"]["message"]
    with centre.db.reading() as session:
        assert session.query(models.Rating).count() == 0
    assert client.post("/api/v1/counters/3/rating", json=body, headers=tablet_headers(centre, 3)).status_code == 201


def test_finding_4_the_visitors_own_rating_wins_over_the_tablets(client, auth, centre):
    """The visitor's rating from the tracking page replaces a tablet's; a tablet never replaces the visitor's."""
    ticket = issue(client, auth, "chung_thuc_ban_sao")
    serve(client, auth, 3)
    tablet = tablet_headers(centre, 3)
    assert client.post("/api/v1/counters/3/rating", json={"ticket_id": ticket["id"], "score": 1,
                                                          "comment": "bấm hộ"}, headers=tablet).status_code == 201
    url = f"/api/v1/track/{ticket['track_token']}/rating"
    state = client.get(url).get_json()
    assert state["can_rate"] is True and state["rating"] is None
    mine = client.post(url, json={"score": 3, "comment": "Rất nhanh"})
    assert mine.status_code == 201 and mine.get_json()["rating"]["source"] == "tracking"
    again = client.post("/api/v1/counters/3/rating", json={"ticket_id": ticket["id"], "score": 1}, headers=tablet)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_rated"
    assert client.get(url).get_json()["rating"]["score"] == 3
    with centre.db.reading() as session:
        stored = session.query(models.Rating).one()
        assert (stored.score, stored.comment, stored.source, stored.counter_number, stored.staff) == (
            3, "Rất nhanh", "tracking", 3, "canbo")


def test_a_counter_tablet_token_names_an_existing_counter(centre):
    for counter, code in ((None, "invalid_counter"), (99, "unknown_counter")):
        with pytest.raises(ApiError) as refused:
            access.create_token(centre, "counter-tablet", "tablet-x", counter)
        assert refused.value.code == code
