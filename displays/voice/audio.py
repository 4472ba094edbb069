"""Small PCM WAV toolkit on the standard library (wave + array).

Every cached segment is stored in one format (CACHE_RATE Hz, mono, 16-bit) so that assembling a call is a
plain concatenation: no resampling, no subprocess, on the path between "call next" and the sound.
"""

from __future__ import annotations

import array
import os
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

CACHE_RATE = 22050  # espeak-ng's native rate; gTTS's 24 kHz MP3 is resampled once, when cached
SAMPLE_WIDTH = 2
CHANNELS = 1
SILENCE_THRESHOLD = 400  # about -38 dBFS: below this counts as silence when trimming
EDGE_MS = 15  # kept around trimmed speech so consonants are not clipped
PEAK_TARGET = 0.7  # about -3 dBFS: espeak-ng and gTTS segments end up equally loud


class AudioFormatError(ValueError):
    pass


@dataclass
class Pcm:
    samples: array.array  # signed 16-bit, mono
    rate: int = CACHE_RATE

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


def read_wav(path: Path) -> Pcm:
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != SAMPLE_WIDTH or wav.getnchannels() != CHANNELS:
            raise AudioFormatError(
                f"{path}: need mono 16-bit, got {wav.getnchannels()} ch {8 * wav.getsampwidth()}-bit"
            )
        samples = array.array("h", wav.readframes(wav.getnframes()))
        rate = wav.getframerate()
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    return Pcm(samples, rate)


def write_wav_atomic(path: Path, pcm: Pcm) -> Path:
    """Write via a temporary file and rename, so a player or a concurrent writer never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = pcm.samples
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as wav:
            wav.setnchannels(CHANNELS)
            wav.setsampwidth(SAMPLE_WIDTH)
            wav.setframerate(pcm.rate)
            wav.writeframes(samples.tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def silence(ms: int, rate: int = CACHE_RATE) -> array.array:
    return array.array("h", bytes(SAMPLE_WIDTH * (rate * ms // 1000)))


def trim_silence(pcm: Pcm) -> Pcm:
    """Drop leading and trailing silence: engines pad each phrase, which makes joined calls halting."""
    loud = [i for i, s in enumerate(pcm.samples) if abs(s) > SILENCE_THRESHOLD]
    if not loud:
        return Pcm(array.array("h"), pcm.rate)
    edge = pcm.rate * EDGE_MS // 1000
    start = max(0, loud[0] - edge)
    end = min(len(pcm.samples), loud[-1] + 1 + edge)
    return Pcm(pcm.samples[start:end], pcm.rate)


def normalise_peak(pcm: Pcm, target: float = PEAK_TARGET) -> Pcm:
    peak = max((abs(s) for s in pcm.samples), default=0)
    if peak == 0:
        return pcm
    gain = target * 32767 / peak
    return Pcm(array.array("h", (int(s * gain) for s in pcm.samples)), pcm.rate)


def concatenate(parts: list[tuple[Pcm, int]], rate: int = CACHE_RATE) -> Pcm:
    """Join (audio, pause after in ms) pairs into one clip."""
    out = array.array("h")
    for pcm, pause_ms in parts:
        if pcm.rate != rate:
            raise AudioFormatError(f"segment at {pcm.rate} Hz, call assembled at {rate} Hz")
        out.extend(pcm.samples)
        out.extend(silence(pause_ms, rate))
    return Pcm(out, rate)
