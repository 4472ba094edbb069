# MotCua: `make run` sets everything up and runs the demo centre on SQLite; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
ASSISTANT_VENV := .venv-assistant
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup system-packages python-env node-env assistant-env run test test-fast bench robot-eval screenshots vendor clean

setup: system-packages python-env node-env assistant-env

system-packages:
	@bash scripts/install-system-packages.sh

python-env: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node-env: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assistant-env:
	@if [ -x assistant/scripts/setup-venv.sh ]; then bash assistant/scripts/setup-venv.sh; fi

run: setup
	@bash scripts/run-demo.sh

test: setup
	$(PY) -m pytest

test-fast: python-env  # in-process, SQLite only: no PostgreSQL, Chromium, Rasa or server processes needed
	$(PY) -m pytest -m "not browser and not slow and not postgres and not rasa and not live" -x -q

bench: setup  # make bench BENCH_ARGS=--quick for a smoke run of a few minutes
	@bash scripts/run-benchmarks.sh $(BENCH_ARGS)

# The robot's understanding of assistant/tests/visitor_questions.yml: accuracy per style and kind, the confusions;
# JSON in bench/results/. make robot-eval ROBOT_EVAL_ARGS="--live http://127.0.0.1:5000" asks a running robot.
robot-eval: python-env
	@mkdir -p bench/results
	@$(PY) assistant/scripts/robot_eval.py $(ROBOT_EVAL_ARGS) --json bench/results/robot-eval-$$(date +%Y%m%d-%H%M%S).json
	@cp "$$(ls -t bench/results/robot-eval-2*.json | head -n 1)" bench/results/robot-eval-latest.json

screenshots: python-env  # docs/screenshots/: one picture per surface, on a fresh demo centre
	$(PY) scripts/screenshots.py

vendor: node-env python-env  # the browser libraries served from static/vendor, from the versions package.json pins
	$(PY) scripts/vendor_browser_libraries.py

clean:
	rm -rf var/ .pytest_cache
