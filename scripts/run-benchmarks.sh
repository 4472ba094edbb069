#!/usr/bin/env bash
# `make bench`: runs every benchmark (bench/run_all.py) and prints one table; the figures and the machine's
# description go to bench/results/run-<time>.json and bench/results/latest.json.
# Usage: scripts/run-benchmarks.sh [--quick] [--only issue,city-view,display,print,report,estimate,robot-eval,assistant,abuse]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export RASA_TELEMETRY_ENABLED=false
exec .venv/bin/python bench/run_all.py "$@"
