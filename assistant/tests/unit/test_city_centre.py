"""A city's robot (issue 17): each message is answered from the centre the relay names in its metadata, with
that centre's robot token; a message that names none is the first centre's, as for a single centre."""

import json

from actions import queue_api


def test_each_centre_is_asked_at_its_own_path_with_its_own_token(monkeypatch, tmp_path):
    tokens = tmp_path / "robot-tokens.json"
    tokens.write_text(json.dumps({"hoan-kiem": "token-of-hoan-kiem"}))
    monkeypatch.setenv("MOTCUA_SERVER_URL", "http://queue.local:5000/")
    monkeypatch.setenv("MOTCUA_ASSISTANT_TOKEN", "token-of-the-first-centre")
    monkeypatch.setenv("MOTCUA_ASSISTANT_TOKENS_FILE", str(tokens))
    monkeypatch.setattr(queue_api, "_apis", {})

    queue_api.use_centre({"centre": "hoan-kiem", "centre_path": "/c/hoan-kiem"})
    api = queue_api.default_api()
    assert (api.base_url, api.token) == ("http://queue.local:5000/c/hoan-kiem", "token-of-hoan-kiem")

    queue_api.use_centre({"centre": "ba-dinh", "centre_path": ""})  # the first centre, reached without a path
    assert (queue_api.default_api().base_url, queue_api.default_api().token) == (
        "http://queue.local:5000", "token-of-the-first-centre")

    queue_api.use_centre({"centre": "../admin", "centre_path": "/c/../admin"})  # never a path out of the API
    assert queue_api.default_api().base_url == "http://queue.local:5000"
    queue_api.use_centre(None)
    assert queue_api.default_api().base_url == "http://queue.local:5000"
