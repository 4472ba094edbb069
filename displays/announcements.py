"""Spoken calls served to the display pages: GET /announcements/call.wav and /announcements/chime.wav.

The display page asks for the call's audio when it hears `ticket_called`/`ticket_recalled` and plays the
chime first, then the call (repeated as configured). Audio comes from the voice cache only (see
displays/voice and docs/voice.md): gTTS never runs on this path; a segment missing from the cache is
spoken by espeak-ng at once. Rendering has a deadline: an engine that hangs costs the display the call's
speech (it plays the chime and shows the number), never the queue.

The cache is filled ahead of time: `scripts/run-demo.sh` runs the offline prefill before the server starts,
and the server prefills again in a background thread on its first request (never blocking start-up).

Anyone may ask (the wall displays have no token), so only calls the centre can make are spoken: a prefix of
one of its fields, a sequence within that field's daily cap, written as the centre writes it, and a counter it
has. Speech made anew (a cache miss) is limited per address (`security.rate_limits.voice`), and the cache is
kept under its size cap (MOTCUA_VOICE_CACHE_MB, cache_budget.py).

The service reads the centre's current configuration at every call (`centre.config`, replaced when an admin
edits counters, prefixes or the template), so a counter added on the admin pages is announced right at once.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request, send_file

from displays.voice import Announcer, announcement_for, chime_path, prefill_cache
from displays.voice.cache_budget import CacheBudget
from displays.voice.centre import voice_config_for
from displays.voice.engines import EspeakEngine, FallbackEngine, SpeechEngine, default_chain
from queue_server.rules.numbering import format_number
from queue_server.context import Centre, current_centre
from queue_server.services import rate_limits
from queue_server.web import limiter
from queue_server.settings import Settings, default_voice_cache_dir

log = logging.getLogger("displays.voice")

bp = Blueprint("announcements", __name__)

NUMBER_PATTERN = re.compile(r"^([A-Z]{1,2})-(\d{2,5})$")
RENDER_DEADLINE_S = 4.0  # a call's speech later than this is no use: the page plays the chime alone


class LogOnce:
    """Logs a recurring failure once as a warning (then at debug level) and its recovery once."""

    def __init__(self):
        self._failing: set[str] = set()
        self._lock = threading.Lock()

    def failed(self, key: str, message: str, *args) -> None:
        with self._lock:
            first = key not in self._failing
            self._failing.add(key)
        (log.warning if first else log.debug)(message, *args)

    def succeeded(self, key: str) -> None:
        with self._lock:
            recovered = key in self._failing
            self._failing.discard(key)
        if recovered:
            log.info("voice: %s works again", key)


@dataclass
class PrefillState:
    state: str = "idle"  # idle, running, done, failed
    started_at: float | None = None
    seconds: float | None = None
    rendered: int = 0
    already_cached: int = 0
    failed: list[str] = field(default_factory=list)


class VoiceService:
    """One per centre (`centre.voice`): the cache folder, the engine chain, the announcer and the background
    prefill. `centre` is anything with a `.config`: the configuration is read anew at every call."""

    def __init__(self, centre, cache_dir: Path | str, engine: SpeechEngine | None = None,
                 deadline_s: float = RENDER_DEADLINE_S, budget: CacheBudget | None = None):
        self.centre = centre
        self.cache_dir = Path(cache_dir)
        self.chain: FallbackEngine = engine if isinstance(engine, FallbackEngine) else (
            FallbackEngine([engine]) if engine is not None else default_chain())
        self.announcer = Announcer(self.cache_dir, self.chain, budget=budget)
        self.deadline_s = deadline_s
        self.failures = LogOnce()
        self.prefill = PrefillState()
        self._prefill_lock = threading.Lock()
        # Two workers: a hanging engine occupies them, later requests then time out quickly as well.
        self._workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="voice-render")

    @property
    def config(self):
        return self.centre.config

    def counter(self, number: int):
        return next((c for c in self.config.counters if c.number == number), None)

    def announcement(self, number: str, counter_number: int):
        counter = self.counter(counter_number)
        return announcement_for(number, counter_number, self.config.announcement_template,
                                self.config.announcement_reading, counter_name=counter.name if counter else None)

    def is_cached(self, number: str, counter_number: int) -> bool:
        """Whether the call can be served without speaking anything anew."""
        return self.announcer.cached(self.announcement(number, counter_number)) is not None

    def render_call(self, number: str, counter_number: int) -> Path:
        """The call's WAV, within the deadline. Raises VoiceUnavailable (logged once)."""
        future = self._workers.submit(self.announcer.render, self.announcement(number, counter_number))
        try:
            path = future.result(timeout=self.deadline_s)
        except FutureTimeout:
            self.failures.failed("render", "voice: rendering %s for counter %s took over %.1f s; the display "
                                 "plays the chime only (the audio is cached when it is ready)",
                                 number, counter_number, self.deadline_s)
            raise VoiceUnavailable("The voice engine is too slow right now") from None
        except Exception as error:  # EngineError, a broken cache file, a full disk...
            self.failures.failed("render", "voice: cannot render %s for counter %s: %s", number,
                                 counter_number, error)
            raise VoiceUnavailable(f"No voice engine could say {number}") from error
        self.failures.succeeded("render")
        return path

    def chime(self) -> Path:
        return chime_path(self.cache_dir)

    def start_prefill(self) -> bool:
        """Fill the cache for every call the centre can make, in a daemon thread; False if already done."""
        with self._prefill_lock:
            if self.prefill.state != "idle":
                return False
            self.prefill.state, self.prefill.started_at = "running", time.time()
        threading.Thread(target=self._prefill, name="voice-prefill", daemon=True).start()
        return True

    def _prefill(self) -> None:
        started = time.monotonic()
        try:
            self.chime()
            report = prefill_cache(voice_config_for(self.config), self.cache_dir, self.chain)
        except Exception:
            log.exception("voice: prefill failed; calls are rendered on demand with espeak-ng")
            self.prefill.state = "failed"
            return
        self.prefill.rendered = sum(report.by_engine.values())
        self.prefill.already_cached = report.already_cached
        self.prefill.failed = report.failed[:20]
        self.prefill.seconds = round(time.monotonic() - started, 2)
        self.prefill.state = "done" if not report.failed else "failed"
        log.info("voice: prefill %s in %.1f s (%d rendered, %d already cached, %d failed)",
                 self.prefill.state, self.prefill.seconds, self.prefill.rendered, report.already_cached,
                 len(report.failed))

    def status(self) -> dict:
        p = self.prefill
        return {"cache_dir": str(self.cache_dir), "engines": [e.cache_identity for e in self.chain.engines],
                "prefill": {"state": p.state, "seconds": p.seconds, "rendered": p.rendered,
                            "already_cached": p.already_cached, "failed": p.failed},
                "template": self.config.announcement_template, "reading": self.config.announcement_reading,
                "repeat": self.config.announcement_repeat}


class VoiceUnavailable(Exception):
    pass


def engine_for(settings: Settings) -> SpeechEngine | None:
    """MOTCUA_VOICE_ENGINE: "auto" (gTTS into the cache, espeak-ng on the call path) or "espeak" (offline)."""
    return None if settings.voice_online else FallbackEngine([EspeakEngine()])


def voice_cache_dir(centre: Centre) -> Path:
    """Where every voice (displays' calls, the robot's answers) caches its audio: Settings.voice_cache_dir
    (MOTCUA_VOICE_CACHE), by default outside the database's folder (settings.default_voice_cache_dir)."""
    return Path(centre.settings.voice_cache_dir or default_voice_cache_dir())


def voice_budget(centre: Centre) -> CacheBudget:
    """The one size cap of the centre's voice cache, shared by the displays' calls and the robot's answers."""
    return centre.built("voice_budget", lambda: CacheBudget(voice_cache_dir(centre),
                                                            centre.settings.voice_cache_mb * 1_000_000))


def voice_service(centre: Centre | None = None) -> VoiceService:
    """The centre's VoiceService, built on first use (tests may set their own as `centre.voice` first)."""
    centre = centre or current_centre()
    return centre.built("voice", lambda: VoiceService(centre, voice_cache_dir(centre), engine_for(centre.settings),
                                                      budget=voice_budget(centre)))


def bad_request(message: str, code: str):
    return jsonify({"error": {"code": code, "message": message}}), 400


@bp.before_app_request
def prefill_on_first_request():
    """A centre's first request starts its background prefill (not under tests, not when switched off)."""
    centre = current_centre()
    if current_app.testing or centre.voice_prefill_started:
        return
    centre.voice_prefill_started = True
    if centre.settings.voice_prefill:
        voice_service(centre).start_prefill()


@bp.get("/announcements/call.wav")
def call_audio():
    """Sent by the display page for each call/recall it announces: ?number=A-025&counter=3 → WAV speech.

    400 for a number the centre cannot issue or a counter it does not have; 429 when this address asked for
    too much new speech; 503 when no engine can say it in time (the page then plays the chime alone). The
    chime and the repetition are the page's job, not the file's.
    """
    number = (request.args.get("number") or "").strip().upper()
    counter_text = (request.args.get("counter") or "").strip()
    if not NUMBER_PATTERN.match(number):
        return bad_request(f"number must be a ticket number like A-025, got {number[:40] or '(nothing)'!r}",
                           "invalid_number")
    if not counter_text.isdigit() or len(counter_text) > 6:
        return bad_request(f"counter must be a counter number like 3, got {counter_text[:40] or '(nothing)'!r}",
                           "invalid_counter")
    config = current_centre().config  # live: admins edit prefixes, caps and counters
    if not any(c.number == int(counter_text) for c in config.counters):
        return bad_request(f"no counter {counter_text} in the centre's configuration", "unknown_counter")
    if not can_issue(config, number):
        return bad_request(f"the centre issues no number {number} (unknown prefix, or beyond the daily cap)",
                           "unknown_number")
    service = voice_service()
    if not service.is_cached(number, int(counter_text)):
        rate_limits.check_voice(limiter.current(), config.security, request.remote_addr or "?")
    try:
        path = service.render_call(number, int(counter_text))
    except VoiceUnavailable as error:
        response = jsonify({"error": {"code": "voice_unavailable", "message": str(error)}})
        response.status_code, response.headers["Retry-After"] = 503, "5"
        return response
    return send_file(path, mimetype="audio/wav", max_age=60, conditional=True)


def can_issue(config, number: str) -> bool:
    """A number as the centre writes it (its digits), with a field's prefix and within that field's cap."""
    prefix, _, digits = number.partition("-")
    sequence = int(digits)
    caps = [config.cap_for(f.id) for f in config.fields if f.prefix == prefix]
    return bool(caps) and 1 <= sequence <= max(caps) and number == format_number(prefix, sequence, config.digits)


@bp.get("/announcements/chime.wav")
def chime_audio():
    """Sent by the display page before each call: the two-tone chime (generated on first use)."""
    return send_file(voice_service().chime(), mimetype="audio/wav", max_age=3600, conditional=True)


@bp.get("/announcements/status")
def status():
    """For staff and monitoring: the voice cache, the engines and the prefill's progress."""
    return jsonify(voice_service().status())
