#!/usr/bin/env bash
# Start the action server and Rasa (REST channel + HTTP API) on loopback; stops both on exit.
# Ports: MOTCUA_RASA_PORT (5005), MOTCUA_ACTIONS_PORT (5055). The actions read MOTCUA_SERVER_URL and
# MOTCUA_ASSISTANT_TOKEN. Trains first if the model is missing or stale (see train.sh), on the catalogue of
# the centre the queue server runs: MOTCUA_CATALOGUE, else MOTCUA_CONFIG's catalogue, else the demo centre's.
set -euo pipefail
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${MOTCUA_ASSISTANT_VENV:-$REPO_ROOT/.venv-assistant}"
export MOTCUA_RASA_PORT="${MOTCUA_RASA_PORT:-5005}" MOTCUA_ACTIONS_PORT="${MOTCUA_ACTIONS_PORT:-5055}"

model="${MOTCUA_ASSISTANT_MODEL:-$(bash "$REPO_ROOT/assistant/scripts/train.sh" | tail -n 1)}"
cd "$REPO_ROOT/assistant"

SANIC_HOST=127.0.0.1 "$VENV/bin/python" -m actions --actions actions -p "$MOTCUA_ACTIONS_PORT" &  # actions/__main__.py
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true' EXIT INT TERM

"$VENV/bin/rasa" run --enable-api -i 127.0.0.1 -p "$MOTCUA_RASA_PORT" --model "$model" \
    --endpoints endpoints.yml --credentials credentials.yml &
rasa_pid=$!
trap 'kill "$rasa_pid" "$actions_pid" 2>/dev/null || true' EXIT INT TERM
wait -n "$rasa_pid" "$actions_pid"
