"""Reception robot benchmark: reply latency through the REAL queue server's relay (single and 10 concurrent
visitors), the fallback's latency when Rasa hangs, training time, and the memory (RSS) of the Rasa and
action-server processes.

Usage: .venv/bin/python bench/assistant_bench.py [--requests 40] [--retrain] [--quick] [--json PATH]
Starts `python -m queue_server` (demo centre, SQLite in a temporary folder), Rasa and the action server on
free loopback ports (as tests/assistant/robot_live.py does), sends bounded batches of questions over HTTP
to POST /api/v1/assistant/messages, prints a JSON summary and writes it to bench/results/assistant.json.
Only loopback traffic; stops everything it started.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "assistant"))

import rasa_processes  # noqa: E402  (the tests' process helpers)
import requests  # noqa: E402
import robot_live  # noqa: E402

QUESTIONS = ["lam giay khai sinh o quay nao", "còn phí?", "how much is a certified copy", "sổ đỏ cần giấy tờ gì",
             "mấy giờ mở cửa", "đăng ký kết hôn mất bao lâu", "xin chào", "làm tạm trú ở đâu"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MiB."""
    done = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True)
    return sum(int(x) for x in done.stdout.split()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="messages per scenario (bounded)")
    parser.add_argument("--retrain", action="store_true", help="delete the cached model first to time training")
    parser.add_argument("--quick", action="store_true", help="10 messages per scenario; skipped without a trained model")
    parser.add_argument("--json", help="also write the summary to this file")
    args = parser.parse_args()
    if not (ROOT / ".venv-assistant" / "bin" / "python").exists():
        print("skipped: .venv-assistant is absent (make assistant-env creates it)")
        if args.json:
            Path(args.json).write_text(json.dumps({"skipped": ".venv-assistant is absent"}) + "\n")
        return 0
    if args.quick:
        args.requests = min(args.requests, 10)
        if not any((ROOT / "assistant" / "models").glob("motcua-*.tar.gz")):
            print("skipped in --quick: no trained model yet (a full run trains one, which takes minutes)")
            if args.json:
                Path(args.json).write_text(json.dumps({"skipped": "no trained model (run without --quick)"}) + "\n")
            return 0

    if args.retrain:
        for model in (ROOT / "assistant" / "models").glob("motcua-*.tar.gz"):
            model.unlink()
    started = time.monotonic()
    done = subprocess.run(["bash", "assistant/scripts/train.sh"], cwd=ROOT, env=rasa_processes.assistant_env(),
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return 1
    train_call_s = time.monotonic() - started
    model = Path(done.stdout.strip().splitlines()[-1])
    last = json.loads((ROOT / "assistant" / "models" / "last-train.json").read_text())

    with tempfile.TemporaryDirectory(prefix="motcua-assistant-bench-") as folder:
        t0 = time.monotonic()
        robot = robot_live.start(model, Path(folder))
        startup_s = time.monotonic() - t0
        url = robot.url + "/api/v1/assistant/messages"
        fallbacks = []

        def ask(i: int) -> float:
            t = time.monotonic()
            response = requests.post(url, json={"sender": f"bench-{i % 10}", "text": QUESTIONS[i % len(QUESTIONS)]},
                                     timeout=30)
            elapsed = (time.monotonic() - t) * 1000
            assert response.status_code == 200, response.text
            if any(r.get("fallback") for r in response.json()["replies"]):
                fallbacks.append(i)
            return elapsed

        try:
            for i in range(len(QUESTIONS)):
                ask(i)  # warm-up: every question once
            single = [ask(i) for i in range(args.requests)]
            with ThreadPoolExecutor(10) as pool:
                concurrent = list(pool.map(ask, range(args.requests)))
            rss = {"rasa": round(rss_mb(robot.stack.rasa.popen.pid), 1),
                   "action_server": round(rss_mb(robot.stack.actions.popen.pid), 1),
                   "queue_server": round(rss_mb(robot.server.process.pid), 1)}
            # Rasa hangs: a server with the production timeout (1.7 s in all: 0.5 connect + 1.2 answer) falls back.
            port = rasa_processes.free_port()
            env = robot_live.queue_server_env(Path(folder) / "var2", port, MOTCUA_RASA_URL=robot.stack.url)
            (Path(folder) / "var2").mkdir(exist_ok=True)  # queue_server_env may have made it
            hung = robot_live.LiveServer(env, port, Path(folder) / "server2.log").start()
            robot.stack.freeze()
            try:
                fallback_ms = []
                for i in range(5):
                    t = time.monotonic()
                    requests.post(hung.url + "/api/v1/assistant/messages", json={"sender": "x", "text": "xin chào"},
                                  timeout=30)
                    fallback_ms.append((time.monotonic() - t) * 1000)
            finally:
                robot.stack.thaw()
                hung.stop()
        finally:
            robot.stop()
    summary = {
        "through": "python -m queue_server (real relay, SQLite) → Rasa → action server → queue API",
        "training_seconds_last_real_run": last["seconds"],
        "train_sh_seconds_this_call": round(train_call_s, 1),
        "stack_startup_seconds": round(startup_s, 1),
        "single_ms": {"p50": round(statistics.median(single), 1), "p95": round(percentile(single, 95), 1)},
        "concurrent10_ms": {"p50": round(statistics.median(concurrent), 1),
                            "p95": round(percentile(concurrent, 95), 1)},
        "fallback_when_rasa_hangs_ms": {"p50": round(statistics.median(fallback_ms), 1),
                                        "max": round(max(fallback_ms), 1)},
        "fallback_answers_during_the_runs": len(fallbacks),
        "rss_mb": rss,
        "requests_per_scenario": args.requests,
    }
    print(json.dumps(summary, indent=2))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "assistant.json").write_text(json.dumps(summary, indent=2) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
