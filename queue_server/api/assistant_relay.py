"""Relay between visitors' chat (kiosk, web) and the reception robot (Rasa's REST channel).

POST /api/v1/assistant/messages {"sender": "...", "text": "..."}
  → 200 {"replies": [{"text", "buttons": [{"title", "payload"}], "intent", "procedure_id", "counters"}]}
  (+ "choices": [{"procedure_id", "title"}] (2-3) when the robot asks which of a few procedures is meant)

The robot's actions attach {"intent", "procedure_id", "counters", ...} to each message as a `custom`
part; Rasa's REST channel sends that part as a separate message right after the text, so it is merged
back into the reply it belongs to. When Rasa is down, slow (MOTCUA_RASA_TIMEOUT, 1.7 s in all) or answers
nothing, the visitor still gets a 200 at once: a short vi + en message with the fields as buttons and
"fallback": true. Bad input (empty, emoji only) gets a polite reply too, never an error page; text
longer than `security.assistant_max_chars` (500) is cut, and one address may send
`security.rate_limits.assistant` messages (20 a minute), then 429 with Retry-After (docs/security.md).

Configuration (app.config, else the server's Settings): MOTCUA_RASA_URL (http://127.0.0.1:5005),
MOTCUA_RASA_TIMEOUT (seconds, the whole wait: connecting and answering), ASSISTANT_FIELDS (a callable
returning [{"id","prefix","name":{vi,en}}], e.g. from the catalogue service) or, in a bare app with the relay
alone (tests), CATALOGUE_PATH (a catalogue YAML file, default config/demo/catalogue.yaml) for the fallback tiles.
"""

from __future__ import annotations

import json
import threading
import time
import unicodedata
from pathlib import Path

import requests
from flask import Blueprint, current_app, jsonify, request

from queue_server.centre_config import SecuritySettings
from queue_server.context import EXTENSION as CITY, current_centre
from queue_server.services import rate_limits
from queue_server.settings import Settings
from queue_server.web import limiter

assistant_relay = Blueprint("assistant_relay", __name__)

MAX_SENDER = 128
CONNECT_TIMEOUT = 0.5  # Rasa is on loopback: connecting is immediate or refused
REPLY_KEYS = ("intent", "procedure_id", "counters")

UNAVAILABLE = ("Xin lỗi, trợ lý ảo đang bận. Anh/chị vui lòng chọn lĩnh vực để lấy số, hoặc hỏi cán bộ hướng dẫn.\n"
               "Sorry, the assistant is not available right now. Please choose a field to take a ticket, "
               "or ask a staff member.")
EMPTY = ("Anh/chị muốn hỏi gì ạ? Ví dụ: \"làm giấy khai sinh ở quầy nào\".\n"
         "What would you like to ask? For example: \"which counter for birth registration\".")
NO_WORDS = ("Tôi chỉ hiểu chữ viết thôi ạ. Anh/chị hãy gõ câu hỏi, ví dụ: \"sao y bản chính ở đâu\".\n"
            "I can only read words. Please type your question, for example: \"where can I get a certified copy\".")
TOO_LONG = ("(Tin nhắn dài quá nên tôi chỉ đọc {n} ký tự đầu. / Your message was long, so I read only the first {n} "
            "characters.)")


FIELDS_TTL = 30.0  # seconds: the fallback tiles follow admin changes to the catalogue within this


def catalogue_fields_provider(centre, ttl: float = FIELDS_TTL):
    """ASSISTANT_FIELDS for the queue server: the live catalogue's fields (catalogue service), cached for
    `ttl` seconds; when the database cannot be read, the last good answer (the fallback must not fail)."""
    state: dict = {"at": None, "fields": []}
    lock = threading.Lock()

    def provider() -> list[dict]:
        from queue_server.services import catalogue

        with lock:
            if state["at"] is not None and time.monotonic() - state["at"] < ttl:
                return state["fields"]
            try:
                view = catalogue.catalogue_view(centre)
            except Exception:
                if state["at"] is None:
                    raise
                current_app.logger.warning("assistant relay: catalogue unreadable, using the last fallback tiles")
                return state["fields"]
            state["fields"] = [{"id": f["id"], "prefix": f["prefix"], "name": f["name"]} for f in view["fields"]]
            state["at"] = time.monotonic()
            return state["fields"]

    return provider


def register(app, city) -> None:
    """Called by queue_server.create_app: the relay's route, with fallback tiles from the live catalogue of the
    centre the request names."""
    providers = {centre.id: catalogue_fields_provider(centre) for centre in city}
    app.config.setdefault("ASSISTANT_FIELDS", lambda: providers[current_centre().id]())
    app.register_blueprint(assistant_relay)


def _setting(name: str, attribute: str):
    """app.config first (a bare app with the relay alone, tests), else the server's Settings (environment)."""
    settings = (current_centre().settings if CITY in current_app.extensions else None) or Settings()
    return current_app.config.get(name) or getattr(settings, attribute)


def _reply(text: str, buttons=None, **extra) -> dict:
    reply = {"text": text, "buttons": buttons or [], "intent": None, "procedure_id": None, "counters": []}
    reply.update(extra)
    return reply


def rasa_timeout(total: float) -> tuple[float, float]:
    """(connect, read) for requests, whose timeout applies to each separately: together at most `total`
    (1.7 → (0.5, 1.2)). Rasa sends its answer in one piece, so the read timeout bounds the answer."""
    connect = min(CONNECT_TIMEOUT, total / 3)
    return connect, total - connect


def _has_words(text: str) -> bool:
    """False for emoji, symbols and punctuation only."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def _fields() -> list[dict]:
    provider = current_app.config.get("ASSISTANT_FIELDS")
    if callable(provider):
        return provider()
    path = Path(current_app.config.get("CATALOGUE_PATH") or Path(current_app.root_path).parent / "config" / "demo" / "catalogue.yaml")
    cache = current_app.extensions.setdefault("assistant_relay", {})
    if cache.get("path") != str(path):
        import yaml  # only needed for the file fallback

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError:
            data = {}
        cache["fields"] = [{"id": f["id"], "prefix": f.get("ticket_prefix") or f.get("prefix"),
                            "name": {"vi": f.get("vi") or f.get("name", {}).get("vi"),
                                     "en": f.get("en") or f.get("name", {}).get("en")}}
                           for f in data.get("fields", [])]
        cache["path"] = str(path)
    return cache["fields"]


def _fallback(note: str | None = None) -> dict:
    try:
        fields = [f for f in _fields() if f.get("prefix")]
    except Exception:  # the fallback must never fail
        current_app.logger.exception("assistant relay: cannot read the fields for the fallback tiles")
        fields = []
    buttons = [{"title": f"{f['name']['vi']} / {f['name']['en']}",
                "payload": "/inform_field" + json.dumps({"field": f["id"]})} for f in fields]
    text = UNAVAILABLE + (f"\n{note}" if note else "")
    return _reply(text, buttons, fallback=True)


def merge_rasa_messages(messages: list[dict]) -> list[dict]:
    """Rasa REST output → replies; a custom-only message completes the text message before it."""
    replies: list[dict] = []
    for message in messages:
        custom = message.get("custom") if isinstance(message.get("custom"), dict) else None
        has_text = bool(message.get("text"))
        if custom is not None and not has_text and replies and not replies[-1].get("_custom"):
            target = replies[-1]
        elif has_text or custom is not None:
            target = _reply(message.get("text") or custom.get("text", ""),
                            [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                             for b in message.get("buttons") or []])
            replies.append(target)
        else:
            continue  # images and attachments are not used by the robot
        if custom is not None:
            target["_custom"] = True
            for key, value in custom.items():
                if key in REPLY_KEYS or key not in target:
                    target[key] = value
    for reply in replies:
        reply.pop("_custom", None)
        reply["counters"] = reply.get("counters") or []
    return replies


@assistant_relay.post("/api/v1/assistant/messages")
def relay_message():
    """Sent by a kiosk or the web chat; the answer goes back to the same caller only."""
    # the relay may be mounted alone (its own tests): no centre, the default limits
    security = current_centre().config.security if CITY in current_app.extensions else SecuritySettings()
    rate_limits.check_assistant(limiter.current(), security, request.remote_addr or "?")  # before Rasa is asked
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        body = {}
    text = body.get("text") if isinstance(body.get("text"), str) else ""
    sender = str(body.get("sender") or request.remote_addr or "anonymous")[:MAX_SENDER]
    text = text.strip()
    if not text:
        return jsonify(replies=[_reply(EMPTY)])
    if not text.startswith("/") and not _has_words(text):
        return jsonify(replies=[_reply(NO_WORDS)])
    note = None
    if len(text) > security.assistant_max_chars:
        text, note = text[:security.assistant_max_chars], TOO_LONG.format(n=security.assistant_max_chars)

    url = str(_setting("MOTCUA_RASA_URL", "rasa_url")).rstrip("/") + "/webhooks/rest/webhook"
    timeout = rasa_timeout(float(_setting("MOTCUA_RASA_TIMEOUT", "rasa_timeout")))
    try:
        # the centre goes with the message: in a city the robot's actions ask this centre (assistant/actions/queue_api.py)
        metadata = {"centre": current_centre().id, "centre_path": request.script_root} if CITY in current_app.extensions else {}
        response = requests.post(url, json={"sender": sender, "message": text, "metadata": metadata}, timeout=timeout)
        response.raise_for_status()
        messages = response.json()
    except (requests.RequestException, ValueError) as exc:
        current_app.logger.warning("assistant relay: Rasa unavailable (%s)", exc)
        return jsonify(replies=[_fallback()])
    replies = merge_rasa_messages(messages if isinstance(messages, list) else [])
    if not replies:  # Rasa up but the action server down, or no answer at all
        return jsonify(replies=[_fallback()])
    if note:
        replies.insert(0, _reply(note))
    return jsonify(replies=replies)
