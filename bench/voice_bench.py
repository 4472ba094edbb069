"""Time from "call next" to a playable call WAV, uncached and cached.

    .venv/bin/python bench/voice_bench.py [--calls 20] [--with-gtts]

Three cases, each over the same tickets in a fresh temporary cache:
  uncached   no segment cached: espeak-ng speaks each missing segment, then the call is assembled
  segments   all segments cached (after prefill), the call file is assembled from them
  call file  the same call again: the assembled file is found and returned
--with-gtts puts gTTS first in the chain, as in production: it then only runs in the background, so the
call-time numbers should not change (without internet it just fails once and rests).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from displays.voice.announcer import Announcer  # noqa: E402
from displays.voice.engines import EspeakEngine, FallbackEngine, GTTSEngine  # noqa: E402
from displays.voice.phrases import announcement_for  # noqa: E402
from displays.voice.prefill import VoiceConfig, prefill_cache  # noqa: E402


def timed_ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def report(label: str, samples: list[float]) -> None:
    print(f"{label:<11} median {statistics.median(samples):7.1f} ms   min {min(samples):7.1f} ms   "
          f"max {max(samples):7.1f} ms   ({len(samples)} calls)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--with-gtts", action="store_true")
    args = parser.parse_args()

    engines = [GTTSEngine(), EspeakEngine()] if args.with_gtts else [EspeakEngine()]
    tickets = [(f"{'ABC'[i % 3]}-{(i * 37) % 1000:03d}", 1 + i % 8) for i in range(args.calls)]
    calls = [announcement_for(ticket, counter) for ticket, counter in tickets]

    with tempfile.TemporaryDirectory(prefix="voice-bench-") as cache_dir:
        announcer = Announcer(cache_dir, FallbackEngine(engines))
        report("uncached", [timed_ms(lambda c=c: announcer.render(c)) for c in calls])
        if announcer.filler:
            announcer.filler.wait_idle(timeout=600)

    with tempfile.TemporaryDirectory(prefix="voice-bench-") as cache_dir:
        config = VoiceConfig(prefixes=("A", "B", "C"), digits=3, counters=range(1, 9))
        prefill_ms = timed_ms(lambda: prefill_cache(config, cache_dir, FallbackEngine(engines)))
        print(f"prefill     {prefill_ms / 1000:7.1f} s for prefixes A,B,C, 3 digits, counters 1-8")
        announcer = Announcer(cache_dir, FallbackEngine(engines))
        report("segments", [timed_ms(lambda c=c: announcer.render(c)) for c in calls])
        report("call file", [timed_ms(lambda c=c: announcer.render(c)) for c in calls])
    return 0


if __name__ == "__main__":
    sys.exit(main())
