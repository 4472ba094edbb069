"""Converts engine output (gTTS's MP3) to the cache's WAV format with sox.

Debian's sox reads MP3 only with the libsox-fmt-mp3 package; without it gTTS output cannot be used and
the engine chain falls back to espeak-ng.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from .audio import CACHE_RATE, CHANNELS, SAMPLE_WIDTH

SOX_TIMEOUT_S = 20


class ConversionError(RuntimeError):
    pass


@functools.lru_cache(maxsize=None)
def sox_formats(binary: str = "sox") -> frozenset[str]:
    """File formats this sox build handles (from `sox -h`), empty when sox is missing."""
    if not shutil.which(binary):
        return frozenset()
    help_text = subprocess.run([binary, "-h"], capture_output=True, text=True).stdout
    for line in help_text.splitlines():
        if line.startswith("AUDIO FILE FORMATS:"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def sox_reads_mp3(binary: str = "sox") -> bool:
    return "mp3" in sox_formats(binary)


def convert_to_cache_wav(source: Path, target: Path, source_type: str | None = None) -> Path:
    """Any sox-readable file -> mono 16-bit WAV at CACHE_RATE."""
    if source_type == "mp3" and not sox_reads_mp3():
        raise ConversionError("sox cannot read MP3: install the Debian package libsox-fmt-mp3")
    command = ["sox", "-V1"]
    if source_type:
        command += ["-t", source_type]
    command += [
        str(source),
        "-r", str(CACHE_RATE), "-c", str(CHANNELS), "-b", str(8 * SAMPLE_WIDTH), "-e", "signed-integer",
        "-t", "wav", str(target),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=SOX_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ConversionError(f"sox failed: {error}") from error
    if result.returncode != 0:
        raise ConversionError(f"sox failed ({result.returncode}): {result.stderr.strip()}")
    return target
