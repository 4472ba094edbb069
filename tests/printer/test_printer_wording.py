"""The paper ticket in the visitor's words: every priority category printed by its own name (the config's ids
are `disabled`, `with_infant`...), and a ticket taken in English printed in English from top to bottom
(title, labels, field, procedure, counters, session, closing line, the centre's English name), read dot for dot."""

import pytest

from printer.layout import printed_text, render_ticket
from printer.profiles import PROFILES
from printer.ticket import TicketJob
from printer.wording import WORDS
from test_printer_layout import printed_lines


@pytest.fixture
def app(make_app, busy_kiosk_config):
    """One ticket per priority category is issued at once from kiosk-1: faster than a kiosk's human pace."""
    return make_app(busy_kiosk_config)


def issued_jobs(client, auth, tickets):
    for body in tickets:
        response = client.post("/api/v1/tickets", json=body, headers=auth("kiosk"))
        assert response.status_code == 201, response.get_json()
    return client.get("/api/v1/print-jobs", headers=auth("kiosk")).get_json()["jobs"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_priority_category_prints_its_own_name(client, auth, centre, language):
    categories = centre.config.priority_categories
    jobs = issued_jobs(client, auth, [{"procedure_id": "khai_sinh", "priority": c.id, "language": language}
                                      for c in categories])
    assert len(jobs) == len(categories)
    word = WORDS[language]["priority"]
    for job, category in zip(jobs, categories):
        name = category.name_en if language == "en" else category.name_vi
        page = render_ticket(TicketJob.from_payload(job), PROFILES["80mm"])
        line = (f"{word}: {name}", "body", "bold", "center")
        assert printed_lines(page, [line]) == {line[0]}, f"{category.id} printed without its name"


def test_a_ticket_taken_in_english_is_printed_in_english(client, auth, centre):
    [job] = issued_jobs(client, auth, [{"procedure_id": "khai_sinh", "priority": "with_infant", "language": "en"}])
    ticket = TicketJob.from_payload(job)
    texts = printed_text(ticket, PROFILES["80mm"])
    english = WORDS["en"]
    assert texts[0] == centre.config.name_en.upper()
    assert english["title"] in texts and english["closing"] in texts and english["qr_caption"] in texts
    assert "Field: Civil status registration" in texts
    assert "Procedure: Birth registration" in texts
    assert "Priority: Carrying a small child" in texts
    # The counters' English names; nobody sits at them yet (issue 13), which is said in English too.
    assert "Counter: Counter 2 – Civil status (Ground floor, left) – closed for now" in texts
    assert "Estimated wait: the counters are not open yet" in texts
    assert any(t.startswith("Session: ") and t.split(": ")[1] in ("Morning", "Afternoon") for t in texts)
    vietnamese_words = [w for key, w in WORDS["vi"].items() if key not in ("minutes",)]
    assert not [t for t in texts if any(t.startswith(w) for w in vietnamese_words)]
    page = render_ticket(ticket, PROFILES["80mm"])
    lines = [(english["title"], "title", "bold", "center"), ("Procedure: Birth registration", "body", "regular", "left")]
    assert printed_lines(page, lines) == {line[0] for line in lines}


def test_a_ticket_without_a_language_is_printed_in_vietnamese(job):
    texts = printed_text(TicketJob.from_payload(job), PROFILES["58mm"])
    assert WORDS["vi"]["title"] in texts and "Thủ tục: Đăng ký khai sinh" in texts
