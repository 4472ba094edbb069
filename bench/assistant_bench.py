"""Reception robot benchmark: reply latency through the relay (single and 10 concurrent visitors), training
time, and the memory (RSS) of the Rasa and action-server processes.

Usage: .venv/bin/python bench/assistant_bench.py [--requests 40] [--retrain] [--quick] [--json PATH]
Starts the fake queue server, Rasa and the action server on free loopback ports (as the tests do),
sends bounded batches of questions to POST /api/v1/assistant/messages, prints a JSON summary and writes
it to bench/results/assistant.json. Only loopback traffic; stops everything it started.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "assistant"))

import conftest as fixtures  # noqa: E402  (the test fixtures' helpers, used as plain functions)
from fake_queue_server import FakeQueueServer  # noqa: E402

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
    done = subprocess.run(["bash", "assistant/scripts/train.sh"], cwd=ROOT, env=fixtures.assistant_env(),
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return 1
    train_call_s = time.monotonic() - started
    model = Path(done.stdout.strip().splitlines()[-1])
    last = json.loads((ROOT / "assistant" / "models" / "last-train.json").read_text())

    queue = FakeQueueServer(fixtures.CATALOGUE).start()
    log_dir = ROOT / "bench" / "results" / "assistant-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    import inspect
    token_args = (fixtures.TOKEN,) if "token" in inspect.signature(fixtures.RasaStack).parameters else ()
    stack = fixtures.RasaStack(model, queue.url, log_dir, *token_args)
    try:
        t0 = time.monotonic()
        stack.wait()
        startup_s = time.monotonic() - t0
        app = fixtures.make_relay_app(stack.url, timeout=10)

        def ask(i: int) -> float:
            client = app.test_client()
            t = time.monotonic()
            response = client.post("/api/v1/assistant/messages",
                                   json={"sender": f"bench-{i % 10}", "text": QUESTIONS[i % len(QUESTIONS)]})
            assert response.status_code == 200
            return (time.monotonic() - t) * 1000

        ask(0)  # warm-up
        single = [ask(i) for i in range(args.requests)]
        with ThreadPoolExecutor(10) as pool:
            concurrent = list(pool.map(ask, range(args.requests)))
        summary = {
            "training_seconds_last_real_run": last["seconds"],
            "train_sh_seconds_this_call": round(train_call_s, 1),
            "stack_startup_seconds": round(startup_s, 1),
            "single_ms": {"p50": round(statistics.median(single), 1), "p95": round(percentile(single, 95), 1)},
            "concurrent10_ms": {"p50": round(statistics.median(concurrent), 1),
                                "p95": round(percentile(concurrent, 95), 1)},
            "rss_mb": {"rasa": round(rss_mb(stack.rasa.popen.pid), 1),
                       "action_server": round(rss_mb(stack.actions.popen.pid), 1)},
            "requests_per_scenario": args.requests,
        }
    finally:
        stack.stop()
        queue.stop()
    print(json.dumps(summary, indent=2))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "assistant.json").write_text(json.dumps(summary, indent=2) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
