"""Command line: `python -m displays.voice prefill ...` and `python -m displays.voice say ...`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Sequence

from queue_server.settings import Settings

from .announcer import Announcer
from .chime import chime_path
from .engines import EspeakEngine, FallbackEngine, default_chain
from .phrases import announcement_for
from .prefill import VoiceConfig, prefill_cache, segments_needed


def parse_counters(spec: str) -> list[int]:
    """"1-8" or "1,2,5-7" -> [1, 2, 5, 6, 7]."""
    counters: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        low, _, high = part.partition("-")
        counters += range(int(low), int(high or low) + 1)
    return counters


def _load_config_file(path: Path) -> dict[str, Any]:
    """JSON or YAML with VoiceConfig's keys (prefixes, digits, counters, template(s), reading, ...)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml  # PyYAML is a project requirement

        return yaml.safe_load(text) or {}
    return json.loads(text)


def build_config(args: argparse.Namespace) -> VoiceConfig:
    data: dict[str, Any] = _load_config_file(args.config) if args.config else {}
    if getattr(args, "centre", None):
        from dataclasses import asdict

        from .centre import load_voice_config

        centre = asdict(load_voice_config(args.centre))
        data = {**{k: v for k, v in centre.items() if k != "style"}, **data}
    if args.prefixes:
        data["prefixes"] = [p.strip() for p in args.prefixes.split(",") if p.strip()]
    if args.digits:
        data["digits"] = args.digits
    if args.counters:
        data["counters"] = parse_counters(args.counters)
    elif isinstance(data.get("counters"), str):
        data["counters"] = parse_counters(data["counters"])
    if args.template:
        data["templates"] = args.template
    if args.reading:
        data["reading"] = args.reading
    return VoiceConfig.from_mapping(data)


def _engine(offline: bool) -> FallbackEngine:
    return FallbackEngine([EspeakEngine()]) if offline else default_chain()


def _prefill(args: argparse.Namespace) -> int:
    config = build_config(args)
    if args.list:
        print("\n".join(segments_needed(config)))
        return 0
    report = prefill_cache(config, args.cache_dir, _engine(args.offline))
    chime_path(args.cache_dir)
    for identity, count in sorted(report.by_engine.items()):
        print(f"rendered by {identity}: {count}")
    print(f"already cached: {report.already_cached}")
    if report.failed:
        print(f"FAILED ({len(report.failed)}): {', '.join(report.failed)}")
    return 1 if report.failed else 0


def _say(args: argparse.Namespace) -> int:
    announcement = announcement_for(args.ticket, args.counter, args.template_text, args.reading or "words")
    announcer = Announcer(args.cache_dir, _engine(args.offline))
    path = announcer.render(announcement)
    if announcer.filler is not None:  # let a scheduled gTTS upgrade finish before the process ends
        announcer.filler.wait_idle(timeout=30)
    print(announcement.text)
    print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m displays.voice", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    prefill = sub.add_parser("prefill", help="cache every segment the centre's calls can need")
    prefill.add_argument("--config", type=Path, help="JSON/YAML file with prefixes, digits, counters, ...")
    prefill.add_argument("--centre", type=Path,
                         help="the centre's config folder (centre.yaml): prefixes, digits, counters, template")
    prefill.add_argument("--prefixes", help="ticket letters, e.g. A,B,C")
    prefill.add_argument("--digits", type=int, help="digits in a ticket number (3 for A-025)")
    prefill.add_argument("--counters", help="counter numbers, e.g. 1-8 or 1,2,5-7")
    prefill.add_argument("--template", action="append", help="call template (repeatable)")
    prefill.add_argument("--reading", choices=("words", "digits"))
    prefill.add_argument("--list", action="store_true", help="print the segments instead of rendering")

    say = sub.add_parser("say", help="render one call and print the WAV path")
    say.add_argument("ticket", help="e.g. A-025")
    say.add_argument("counter", type=int)
    say.add_argument("--template", dest="template_text")
    say.add_argument("--reading", choices=("words", "digits"))

    for command in (prefill, say):
        command.add_argument("--cache-dir", type=Path, help="default: the server's (MOTCUA_VOICE_CACHE, Settings)")
        command.add_argument("--offline", action="store_true", help="espeak-ng only, never gTTS")

    args = parser.parse_args(argv)
    args.cache_dir = args.cache_dir or Path(Settings.from_environment().voice_cache_dir)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    return _prefill(args) if args.command == "prefill" else _say(args)


if __name__ == "__main__":
    sys.exit(main())
