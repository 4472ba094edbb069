"""The two-tone "ding-dong" played before each call, generated on first use (no binary in git)."""

from __future__ import annotations

import array
import math
from pathlib import Path

from .audio import CACHE_RATE, Pcm, write_wav_atomic

CHIME_FILE = "chime.wav"
# E5 then C5, as on public-address chimes; each note a decaying bell with a quieter octave overtone.
NOTES = ((659.25, 0.0), (523.25, 0.55))
NOTE_SECONDS = 1.0
TOTAL_SECONDS = 1.6
PEAK = 0.6


def chime_samples(rate: int = CACHE_RATE) -> array.array:
    total = int(rate * TOTAL_SECONDS)
    mix = [0.0] * total
    for freq, start_s in NOTES:
        start = int(rate * start_s)
        for i in range(min(int(rate * NOTE_SECONDS), total - start)):
            t = i / rate
            envelope = math.exp(-4.0 * t) * min(1.0, t / 0.005)  # 5 ms attack avoids a click
            tone = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
            mix[start + i] += envelope * tone
    peak = max(abs(v) for v in mix)
    return array.array("h", (int(32767 * PEAK * v / peak) for v in mix))


def chime_path(cache_dir: Path | str) -> Path:
    """Path of the chime WAV in `cache_dir`, created if missing."""
    path = Path(cache_dir) / CHIME_FILE
    if not path.exists():
        write_wav_atomic(path, Pcm(chime_samples()))
    return path
