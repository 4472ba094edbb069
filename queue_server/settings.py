"""Server settings, read from the environment once; tests pass their own values to create_app."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OFF = ("0", "off", "no", "false")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 5000
    config_path: str = str(PROJECT_ROOT / "config" / "demo")
    database_url: str = ""
    var_dir: str = str(PROJECT_ROOT / "var")
    secret_key: str = ""
    redis_url: str | None = None  # Socket.IO message queue, for several server processes
    public_base_url: str | None = None
    voice_cache_dir: str = ""  # "" → default_voice_cache_dir(): outside var/, where the database is
    voice_cache_mb: int = 512  # the voice cache's cap; least recently used recordings go first
    voice_engine: str = "auto"  # "auto": gTTS into the cache, espeak-ng on the call path; "espeak": offline
    voice_prefill: bool = True  # fill the voice cache in the background on the first request
    rasa_url: str = "http://127.0.0.1:5005"  # the reception robot's Rasa server (api/assistant_relay.py)
    rasa_timeout: float = 1.7  # seconds for the whole wait on Rasa, connecting and answering

    @classmethod
    def from_environment(cls, env=os.environ) -> Settings:
        var_dir = env.get("MOTCUA_VAR_DIR", cls.var_dir)
        return cls(
            host=env.get("MOTCUA_HOST", cls.host),
            port=int(env.get("MOTCUA_PORT", cls.port)),
            config_path=env.get("MOTCUA_CONFIG", cls.config_path),
            database_url=env.get("DATABASE_URL") or f"sqlite:///{Path(var_dir) / 'motcua.db'}",
            var_dir=var_dir,
            secret_key=env.get("MOTCUA_SECRET_KEY", ""),
            redis_url=env.get("MOTCUA_REDIS_URL") or None,
            public_base_url=env.get("MOTCUA_PUBLIC_URL") or None,
            voice_cache_dir=env.get("MOTCUA_VOICE_CACHE") or default_voice_cache_dir(env),
            voice_cache_mb=int(env.get("MOTCUA_VOICE_CACHE_MB") or cls.voice_cache_mb),
            voice_engine=(env.get("MOTCUA_VOICE_ENGINE") or cls.voice_engine).strip().lower(),
            voice_prefill=(env.get("MOTCUA_VOICE_PREFILL") or "on").strip().lower() not in OFF,
            rasa_url=env.get("MOTCUA_RASA_URL") or cls.rasa_url,
            rasa_timeout=float(env.get("MOTCUA_RASA_TIMEOUT") or cls.rasa_timeout),
        )

    @property
    def voice_online(self) -> bool:
        """Whether gTTS may be used (the voice cache's better recordings); "espeak"/"offline" leave it out."""
        return self.voice_engine not in ("espeak", "espeak-ng", "offline")

    def resolved_secret_key(self) -> str:
        """A key that survives restarts (staff stay logged in): kept in var/ unless given."""
        if self.secret_key:
            return self.secret_key
        path = Path(self.var_dir) / "secret_key"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()


def default_voice_cache_dir(env=os.environ) -> str:
    """Where the voice cache lives unless MOTCUA_VOICE_CACHE says: a cache folder, never the database's folder
    (a cache that filled its disk must not stop the database from writing). systemd's CacheDirectory=
    ($CACHE_DIRECTORY, e.g. /var/cache/motcua), else $XDG_CACHE_HOME or ~/.cache, then motcua/voice."""
    if env.get("CACHE_DIRECTORY"):
        return str(Path(env["CACHE_DIRECTORY"].split(":")[0]) / "voice")
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return str(Path(base) / "motcua" / "voice")
