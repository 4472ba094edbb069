"""The robot's touch screen, served by the queue server (see docs/assistant.md). Never imports rasa.

GET /robot                      the page: conversation in large type, quick replies, on-screen Vietnamese
                                keyboard, vi/en, each answer spoken, counter location and issued ticket
GET /robot/speech.wav?text=…    an answer (one chunk, ≤ security.speech_max_chars: 300) as speech, with the
                                displays' voice cache and engines (speech.py); 400 for no words or a longer
                                text, 429 when this address asks for too much new speech
                                (security.rate_limits.voice), 503 when no engine can say it in time (the
                                page then shows the text without sound)

The page talks to POST /api/v1/assistant/messages (the relay) and GET /api/v1/catalogue (counter
locations). Tickets issued in conversation are issued by the robot's action server with the robot's
device token (a kiosk-role token, e.g. robot-1, whose `print_via` kiosk prints them).
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, jsonify, render_template, request, send_file

from displays.announcements import voice_budget, voice_cache_dir
from queue_server.api.requests import int_arg
from queue_server.context import current_centre
from queue_server.services import rate_limits
from queue_server.web import limiter
from robot_screen.speech import LANGUAGES, RobotVoice, VoiceUnavailable, guess_language, speakable

bp = Blueprint("robot", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/robot")

DEFAULT_IDLE_S = 60  # a conversation left alone this long asks "are you still there?"...
DEFAULT_CONFIRM_S = 20  # ...and is cleared for the next visitor this much later without a touch


def robot_voice() -> RobotVoice:
    """One per centre (`centre.robot_voice`), on the displays' voice cache folder and its size cap."""
    centre = current_centre()
    return centre.built("robot_voice", lambda: RobotVoice(voice_cache_dir(centre), online=centre.settings.voice_online,
                                                          budget=voice_budget(centre)))


def _robot_device(config, wanted: str | None):
    """The robot this screen belongs to (?device=robot-1), else the first kiosk that prints through another."""
    kiosks = [d for d in config.devices if d.kind == "kiosk"]
    return next((d for d in kiosks if d.id == wanted), None) or next((d for d in kiosks if d.print_via), None)


@bp.get("/robot")
def robot_page():
    """The robot's screen (a kiosk browser in full screen). ?lang=en starts in English, ?sound=off mutes,
    ?device=robot-1 names the robot (whose kiosk prints its tickets), ?idle=60 the seconds without a touch before
    "are you still there?", ?confirm=20 the seconds after it before the conversation starts again."""
    config = current_centre().config
    device = _robot_device(config, request.args.get("device"))
    printer = config.device(device.print_via) if device is not None and device.print_via else device
    lang = request.args.get("lang", "vi") if request.args.get("lang") in LANGUAGES else "vi"
    page_data = {
        "centre": {"vi": config.name, "en": getattr(config, "name_en", None) or config.name},
        "lang": lang,
        "sound": request.args.get("sound") != "off",
        "idle_seconds": int_arg("idle", DEFAULT_IDLE_S, minimum=1, maximum=24 * 3600),
        "confirm_seconds": int_arg("confirm", DEFAULT_CONFIRM_S, minimum=1, maximum=24 * 3600),
        "sender_prefix": (device.id if device is not None else "robot") + "-" + uuid.uuid4().hex[:8],
        "print_at": printer.name if printer is not None else None,
        "max_text": config.security.assistant_max_chars,
        # the page's chunk; it may join two with ". " or keep the cut's space: a little under what speech.wav takes
        "speech_chars": max(20, config.security.speech_max_chars - 10),
    }
    return render_template("robot/robot.html", centre=config, page_data=page_data, lang=lang)


@bp.get("/robot/speech.wav")
def speech():
    """?text=…[&lang=vi|en] → WAV. The language is guessed from the text when not given."""
    raw = request.args.get("text") or ""
    security = current_centre().config.security
    if len(raw) > security.speech_max_chars:  # the page sends an answer in chunks of at most this
        return jsonify({"error": {"code": "text_too_long", "max_chars": security.speech_max_chars,
                                  "message": f"text must be at most {security.speech_max_chars} characters"}}), 400
    lang = request.args.get("lang") if request.args.get("lang") in LANGUAGES else guess_language(raw)
    text = speakable(raw, lang)
    if not any(ch.isalnum() for ch in text):
        return jsonify({"error": {"code": "nothing_to_say", "message": "text must contain words"}}), 400
    if not robot_voice().cached(text, lang):  # new speech costs an engine's time and disk: limited per address
        rate_limits.check_voice(limiter.current(), security, request.remote_addr or "?")
    try:
        path, engine = robot_voice().render(text, lang)
    except VoiceUnavailable as error:
        current_app.logger.warning("robot voice: %s", error)
        response = jsonify({"error": {"code": "voice_unavailable", "message": str(error)}})
        response.status_code, response.headers["Retry-After"] = 503, "5"
        return response
    response = send_file(path, mimetype="audio/wav", max_age=3600, conditional=True)
    response.headers["X-Voice-Engine"] = engine
    response.headers["Content-Language"] = lang
    return response
