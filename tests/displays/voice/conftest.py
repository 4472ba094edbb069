"""Fixtures for the voice tests: a stand-in for Google's TTS endpoint at the `requests` level.

gTTS's own code runs: it builds the batchexecute POST, we answer it from requests' HTTPAdapter.send with a body in
Google's format, and gTTS parses and base64-decodes the MP3 as it would online.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import urllib3

from displays.voice.sox_convert import sox_reads_mp3

@pytest.fixture(scope="session")
def google_mp3(tmp_path_factory) -> bytes:
    """A real MP3 like Google's (24 kHz mono, 32 kbit/s): 0.8 s of a 440 Hz tone."""
    if not sox_reads_mp3():
        pytest.skip("sox cannot write MP3: libsox-fmt-mp3 is not installed")
    path = tmp_path_factory.mktemp("mp3") / "google.mp3"
    subprocess.run(["sox", "-V1", "-n", "-r", "24000", "-c", "1", "-C", "32", str(path),
                    "synth", "0.8", "sine", "440"], check=True)
    return path.read_bytes()


def google_batchexecute_body(mp3: bytes | None) -> bytes:
    """The answer of translate.google.com/_/TranslateWebserverUi/data/batchexecute for rpc jQ1olc
    (None: the rpc answered without audio, as for an unsupported language)."""
    payload = None if mp3 is None else json.dumps([base64.b64encode(mp3).decode("ascii")])
    envelope = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"],
                           ["di", 58], ["af.httprm", 57, "-1234567890", 12]], separators=(",", ":"))
    return f")]}}'\n\n{len(envelope)}\n{envelope}\n25\n[[\"e\",4,null,null,{len(envelope) + 60}]]\n".encode()


@dataclass
class FakeGoogle:
    """Answers gTTS's requests. mode: "ok", "offline", "timeout", "no_audio", "http_500"."""

    mp3: bytes
    mode: str = "ok"
    requests: list[dict] = field(default_factory=list)

    def send(self, adapter, request, **kwargs):
        form = urllib.parse.parse_qs(request.body)
        rpc = json.loads(form["f.req"][0])
        text, lang = json.loads(rpc[0][0][1])[:2]
        self.requests.append({"url": request.url, "text": text, "lang": lang,
                              "timeout": kwargs.get("timeout"), "thread": threading.current_thread().name})
        if self.mode == "offline":
            raise requests.exceptions.ConnectionError("no route to translate.google.com")
        if self.mode == "timeout":  # what a hanging server turns into, given gTTS's timeout
            raise requests.exceptions.ReadTimeout("read timed out")
        if self.mode == "http_500":
            status, reason, body = 500, "Internal Server Error", b""
        else:
            status, reason = 200, "OK"
            body = google_batchexecute_body(None if self.mode == "no_audio" else self.mp3)
        raw = urllib3.HTTPResponse(body=io.BytesIO(body), status=status, reason=reason, preload_content=False,
                                   headers={"Content-Type": "application/json; charset=utf-8"})
        return adapter.build_response(request, raw)  # what requests' own HTTP adapter returns

    @property
    def texts(self) -> list[str]:
        return [r["text"] for r in self.requests]


def _answer_with(monkeypatch, fake: FakeGoogle) -> None:
    """Replace the network at requests' transport adapter: Session.send and gTTS run unchanged."""
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send",
                        lambda adapter, request, **kw: fake.send(adapter, request, **kw))


@pytest.fixture
def fake_google(monkeypatch, google_mp3) -> FakeGoogle:
    fake = FakeGoogle(google_mp3)
    _answer_with(monkeypatch, fake)
    return fake


@pytest.fixture
def offline_google(monkeypatch) -> FakeGoogle:
    """Google unreachable; needs no MP3 support."""
    fake = FakeGoogle(b"", mode="offline")
    _answer_with(monkeypatch, fake)
    return fake


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "voice-cache"
