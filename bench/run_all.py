"""`make bench`: every benchmark, one table, one JSON file per run.

    .venv/bin/python bench/run_all.py [--quick] [--only issue,display,...] [--list]

Each benchmark runs alone in a subprocess (`bench/<module>.py ... --json FILE`), so one that fails or hangs is
reported in the table ("failed: reason") and the others still run. The figures, the machine's description
(CPU, RAM, OS, Python, SQLite/PostgreSQL/Redis versions, git commit, load) and each bench's log are kept:

    bench/results/run-YYYYmmdd-HHMMSS.json   one per run (compare runs with any JSON tool)
    bench/results/latest.json                 the last run
    bench/results/logs/run-YYYYmmdd-HHMMSS/   each bench's output

--quick: fewer tickets, calls and displays (no 1,000), 10,000 tickets for the reports: a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from common import machine  # noqa: E402


def ms(value) -> str:
    return "n/a" if value is None else f"{value:,.1f} ms" if value < 1000 else f"{value / 1000:,.2f} s"


def issue_rows(r: dict) -> list[tuple[str, str]]:
    rows = []
    for key, label in (("sqlite", "SQLite"), ("sqlite_gunicorn", "SQLite, gunicorn"), ("postgresql", "PostgreSQL"),
                       ("postgresql_2proc_redis", "PostgreSQL, 2 processes + Redis")):
        case = r.get("issue", {}).get(key, {})
        if "skipped" in case:
            rows.append((f"issue, {label}", f"skipped: {case['skipped']}"))
            continue
        for part, clients in (("sequential", "1 client"), ("concurrent_16", "16 clients")):
            f = case.get(part)
            if f:
                extra = (f", duplicates {case.get('duplicates')}, lost {case.get('lost', '?')}"
                         if part == "concurrent_16" else "")
                rows.append((f"issue, {label}, {clients}",
                             f"{f['tickets_per_s']:.0f} tickets/s, p50 {ms(f['p50_ms'])}, p99 {ms(f['p99_ms'])}{extra}"))
    return rows


def flat_cost_rows(r: dict) -> list[tuple[str, str]]:
    rows = []
    for key, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        case = r.get(key)
        if not isinstance(case, dict):
            rows.append((f"flat cost, {label}", f"skipped: {case}"))
            continue
        sizes = sorted((k for k in case if k.isdigit()), key=int)
        for kind, words in (("issue", "issue"), ("call_next", "call next")):
            figures = ", ".join(f"{int(n):,} waiting p50 {ms(case[n][kind]['p50_ms'])}" for n in sizes)
            ratio = case.get(f"{kind}_ratio")
            rows.append((f"{words} in-process, {label}",
                         figures + (f" (× {ratio:.2f}; target ≤ 1.10)" if ratio is not None else "")))
    return rows


def city_rows(r: dict) -> list[tuple[str, str]]:
    c = r.get("city", {})
    if "skipped" in c or not c:
        return [("city", f"skipped: {c.get('skipped', 'no result')}")]
    issue, call = c["issue"], c["call_to_display"]
    return [
        (f"city: {c['connected']:,} of {c['connections']:,} live connections, {c['server_processes']} processes "
         f"({c['server']}), " + (f"{c['centres']} centres" if c.get("centres", 1) > 1 else "demo centre"),
         f"call→display p99 {ms(call.get('p99_ms'))} (target 100), issue p99 {ms(issue.get('p99_ms'))} (target 50), "
         f"events lost {c['events_lost']}"),
        ("city: server memory per idle connection", f"{c['kb_per_idle_connection']} KB (target ≤ 40); server CPU "
                                                    f"{c.get('server_cpu_per_s', '?')} s/s at load {c.get('load_average')}"),
    ]


def city_view_rows(r: dict) -> list[tuple[str, str]]:
    rows = []
    for key, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        f = r.get(key) or {}
        if "skipped" in f or not f:
            rows.append((f"city view, {label}", f"skipped: {f.get('skipped', 'no result')}"))
            continue
        load = f["page_and_overview"]
        rows.append((f"city view of {f['centres']} centres, {label}",
                     f"/city + overview p50 {ms(load['p50_ms'])}, p95 {ms(load['p95_ms'])} (target < 1 s; overview "
                     f"alone p50 {ms(f['overview']['p50_ms'])}, cold {ms(f['overview_cold_ms'])})"))
    return rows


def display_rows(r: dict) -> list[tuple[str, str]]:
    rows = []
    for key, server in (("call_to_display", ""), ("call_to_display_gunicorn", ", gunicorn")):
        memory = []
        for count, f in r.get(key, {}).items():
            if "failed" in f:
                rows.append((f"call-to-display{server}, {count} displays", f"failed: {f['failed']}"))
                continue
            missing = f" ({f['missing_arrivals']} arrivals missing)" if f.get("missing_arrivals") else ""
            short = f", only {f['connected']} connected" if f["connected"] < f["displays"] else ""
            rows.append((f"call-to-display{server}, {count} displays",
                         f"p50 {ms(f.get('p50_ms'))}, p99 {ms(f.get('p99_ms'))}{missing}{short}"))
            if int(count) >= 100:  # one display's memory is lost in the RSS noise
                memory.append(f"{f['server_kb_per_display']:.0f} KB at {count}")
        if memory:
            last = [f for f in r[key].values() if "failed" not in f][-1]
            rows.append((f"server memory per connected display{server}",
                         ", ".join(memory) + f" (RSS {last.get('server_rss_mb_connected')} MB, "
                         f"{last.get('server_threads_per_display')} threads/display)"))
    return rows


def assistant_rows(r: dict) -> list[tuple[str, str]]:
    if "skipped" in r:
        return [("assistant reply latency", f"skipped: {r['skipped']}")]
    return [("assistant reply, 1 visitor", f"p50 {ms(r['single_ms']['p50'])}, p95 {ms(r['single_ms']['p95'])}"),
            ("assistant reply, 10 concurrent",
             f"p50 {ms(r['concurrent10_ms']['p50'])}, p95 {ms(r['concurrent10_ms']['p95'])}")]


def robot_eval_rows(r: dict) -> list[tuple[str, str]]:
    def share(s):
        return f"{s['accuracy']:.3f} ({s['right']}/{s['asked']})"

    rows = [(f"robot understanding, visitor questions ({r['mode']})", share(r["overall"]))]
    rows += [(f"robot understanding, {style}", share(s)) for style, s in r["by_style"].items()]
    rows += [(f"robot understanding, {name} ({'held out' if 'test' in name else 'tuned on'})",
              share(s["overall"]) + (f"; procedure named {s['procedure_named']['right']}/{s['procedure_named']['asked']}"
                                     if "procedure_named" in s else ""))
             for name, s in r.get("sets", {}).items()]
    asked = r["overall"]["asked"] + sum(s["overall"]["asked"] for s in r.get("sets", {}).values())
    if r.get("mode") == "offline" and r.get("seconds"):  # the reader and both models, built once, then every message
        rows.append(("robot reading, offline (models built + every message)",
                     f"{asked} messages in {r['seconds']} s ({r['seconds'] * 1000 / asked:.1f} ms each)"))
    return rows


def print_rows(r: dict) -> list[tuple[str, str]]:
    rows = [("print: render + ESC/POS encode", f"p50 {ms(r['render_encode']['p50_ms'])}, "
                                               f"p99 {ms(r['render_encode']['p99_ms'])}")]
    chain = r.get("issue_to_printer", {})
    if chain.get("n"):
        rows.append(("print: issue → bytes at network printer",
                     f"p50 {ms(chain['p50_ms'])}, p99 {ms(chain['p99_ms'])} (server + agent + fake printer)"))
    return rows


def report_rows(r: dict) -> list[tuple[str, str]]:
    rows = []
    for key, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        f = r.get(key)
        if not f:
            continue
        if "skipped" in f:
            rows.append((f"report, {label}", f"skipped: {f['skipped']}"))
        else:
            rows.append((f"report for a year, {f['tickets']:,} tickets, {label}",
                         f"{ms(f['year_ms'])} (month {ms(f['month_ms'])}, day {ms(f['day_ms'])}, "
                         f"live {ms(f['live_ms'])})"))
    return rows


def estimate_rows(r: dict) -> list[tuple[str, str]]:
    better = (1 - r["mae_estimate"] / r["mae_naive"]) * 100
    return [(f"wait estimate MAE, {r['days']} simulated days",
             f"{r['mae_estimate']:.2f} min vs naive {r['mae_naive']:.2f} min ({better:.0f}% lower; "
             f"per-field naive {r['mae_naive_by_field']:.2f}); people ahead as called: "
             f"{r['people_ahead_agreement'] * 100:.0f}% of tickets")] + appointment_rows(r.get("appointments") or {})


def appointment_rows(a: dict) -> list[tuple[str, str]]:
    """The same simulated days' appointments (issue 18): their estimate's error and punctuality."""
    if not a.get("tickets"):
        return []
    return [(f"appointments, {a['tickets']} checked in on time",
             f"estimate MAE {a['mae_estimate']:.2f} min; called after the slot: median "
             f"{a['median_called_after_slot']:.1f} min, 90% {a['p90_called_after_slot']:.1f} min, "
             f"{a['within_10_minutes'] * 100:.0f}% within 10 min; walk-ins wait {a['walk_in_mean_wait']:.1f} min")]


def abuse_rows(r: dict) -> list[tuple[str, str]]:
    a, q = r["attacked"], r["quiet"]
    verdict = "holds" if a["holds"] else "DOES NOT HOLD"
    return [(f"abuse: {r['hostile_connections']:,} idle connections + flood from one address",
             f"issue p99 {ms(a['issue']['p99_ms'])}, call p99 {ms(a['call_next']['p99_ms'])}: {verdict} "
             f"(< {r['target_p99_ms']:.0f} ms; quiet: {ms(q['issue']['p99_ms'])}, {ms(q['call_next']['p99_ms'])})")]


@dataclass
class Bench:
    name: str
    script: str
    args: Callable[[bool], list[str]]
    timeout: Callable[[bool], int]
    rows: Callable[[dict], list[tuple[str, str]]]
    what: str


BENCHES = [
    Bench("issue", "queue_bench.py", lambda q: ["--only", "issue"] + (["--quick"] if q else []),
          lambda q: 900 if q else 2400, issue_rows, "issuing over HTTP"),
    Bench("flat-cost", "flat_cost_bench.py", lambda q: ["--quick"] if q else [], lambda q: 900 if q else 1800,
          flat_cost_rows, "issue and call next in-process with 10 and 10,000 waiting"),
    Bench("city", "city_bench.py", lambda q: ["--centres", "160"] + (["--quick"] if q else []), lambda q: 900 if q else 1800, city_rows,
          "live connections of a city under the gevent serving model"),
    Bench("city-view", "city_view_bench.py", lambda q: ["--quick"] if q else [], lambda q: 900 if q else 1800,
          city_view_rows, "the city view's page and overview for 160 centres"),
    Bench("display", "queue_bench.py",
          lambda q: ["--only", "display"] + (["--quick", "--displays", "1,100,500"] if q else ["--displays", "1,100,500,1000"]),
          lambda q: 900 if q else 2400, display_rows, "call-to-display latency and memory"),
    Bench("print", "print_bench.py", lambda q: ["--quick"] if q else [], lambda q: 600 if q else 1200, print_rows,
          "ticket printing"),
    Bench("report", "report_bench.py", lambda q: ["--quick"] if q else [], lambda q: 900 if q else 2400, report_rows,
          "reports on a year of tickets"),
    Bench("estimate", "estimate_simulation.py", lambda q: ["4", "101"] if q else ["20", "1"],
          lambda q: 300 if q else 900, estimate_rows, "wait estimates against simulated days"),
    Bench("robot-eval", "../assistant/scripts/robot_eval.py", lambda q: ["--quiet"], lambda q: 300, robot_eval_rows,
          "reception robot's understanding of assistant/tests/visitor_questions.yml (offline)"),
    Bench("assistant", "assistant_bench.py", lambda q: ["--quick"] if q else [], lambda q: 900 if q else 3600,
          assistant_rows, "reception robot replies"),
    Bench("abuse", "abuse_bench.py", lambda q: ["--quick"] if q else [], lambda q: 300 if q else 600, abuse_rows,
          "a kiosk and a counter while one address holds connections and floods"),
]


def failure_reason(log: Path, code: int | None) -> str:
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    last = next((line for line in reversed(lines) if not line.startswith(("File ", "^", "~"))), "")
    return (last or f"exit code {code}")[:240]


def run_bench(bench: Bench, quick: bool, log_dir: Path) -> dict:
    log = log_dir / f"{bench.name}.log"
    with tempfile.TemporaryDirectory(prefix="motcua-bench-json-") as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, str(BENCH / bench.script), *bench.args(quick), "--json", str(out)]
        started = time.monotonic()
        print(f"… {bench.name}: {bench.what} ({' '.join(command[1:-2])})", flush=True)
        with open(log, "w", encoding="utf-8") as output:
            process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                code = process.wait(bench.timeout(quick))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 15)  # the bench and the servers it started
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait()
                return {"status": "failed", "error": f"timed out after {bench.timeout(quick)} s",
                        "seconds": round(time.monotonic() - started, 1), "log": str(log.relative_to(ROOT))}
        seconds = round(time.monotonic() - started, 1)
        if code != 0 or not out.exists():
            return {"status": "failed", "error": failure_reason(log, code), "seconds": seconds,
                    "log": str(log.relative_to(ROOT))}
        results = json.loads(out.read_text())
    status = "skipped" if "skipped" in results else "ok"
    return {"status": status, "seconds": seconds, "results": results, "log": str(log.relative_to(ROOT))}


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def markdown(run: dict) -> str:
    m = run["machine"]
    lines = ["| figure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value.replace('|', '/')} |" for name, value in run["table"]]
    lines += ["", f"Run {run['run']}{' (--quick)' if run.get('quick') else ''}: {m['cpu_count']} × {m['cpu_model']}, "
              f"{m['ram_gb']} GB RAM, {m['os']}; Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL "
              f"{m['postgresql']}, Redis {m['redis']}; commit {m['git_commit']}; load average "
              f"{m['load_average']} before, {run.get('load_average_after')} after."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few minutes")
    parser.add_argument("--only", help="comma-separated bench names: " + ", ".join(b.name for b in BENCHES))
    parser.add_argument("--markdown", metavar="RUN_JSON", help="print a run's table as Markdown (for docs) and exit")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text(encoding="utf-8"))))
        return 0
    wanted = [b for b in BENCHES if not args.only or b.name in args.only.split(",")]
    unknown = set(args.only.split(",")) - {b.name for b in BENCHES} if args.only else set()
    if unknown:
        parser.error(f"unknown bench {', '.join(sorted(unknown))}; choose from {', '.join(b.name for b in BENCHES)}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / "logs" / f"run-{stamp}"
    log_dir.mkdir(parents=True, exist_ok=True)
    about = machine()
    print(f"MotCua benchmarks{' (quick)' if args.quick else ''}: {about['cpu_count']} × {about['cpu_model']}, "
          f"{about['ram_gb']} GB, {about['os']}, Python {about['python']}, load {about['load_average']}", flush=True)
    run = {"run": stamp, "quick": args.quick, "machine": about, "benches": {}}
    rows: list[tuple[str, str]] = []
    for bench in wanted:
        outcome = run_bench(bench, args.quick, log_dir)
        run["benches"][bench.name] = outcome
        if outcome["status"] == "failed":
            rows.append((bench.name, f"failed: {outcome['error']} (log: {outcome['log']})"))
        else:
            try:
                rows.extend(bench.rows(outcome["results"]))
            except Exception as exc:  # noqa: BLE001 - a bench whose output changed shape: say so, keep going
                rows.append((bench.name, f"failed: unexpected results ({type(exc).__name__}: {exc})"))
        print(f"  {bench.name}: {outcome['status']} in {outcome['seconds']} s", flush=True)
        partial = dict(run, table=rows, complete=False)  # kept up to date, so an interrupted run leaves its figures
        (RESULTS / f"run-{stamp}.json").write_text(json.dumps(partial, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    run["complete"] = True
    run["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    run["table"] = rows
    print()
    print(table(rows))
    print(f"\nmachine: {about['cpu_count']} × {about['cpu_model']}, {about['ram_gb']} GB RAM, {about['os']}; "
          f"Python {about['python']}, SQLite {about['sqlite']}, PostgreSQL {about['postgresql']}, "
          f"Redis {about['redis']}; commit {about['git_commit']}; load average {about['load_average']} → "
          f"{run['load_average_after']}")
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(run, indent=2, ensure_ascii=False) + "\n"
    (RESULTS / f"run-{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    print(f"results: bench/results/run-{stamp}.json (and latest.json)")
    return 1 if any(b["status"] == "failed" for b in run["benches"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
