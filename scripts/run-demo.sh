#!/usr/bin/env bash
# Runs the whole demo centre on this machine: queue server, print agent, and the reception robot when its
# model is trained. MOTCUA_CONFIG=config/city-demo runs a city: every centre's URLs and /city are printed; the
# print agent and the robot serve the first centre. The environment (MOTCUA_HOST, MOTCUA_PORT, MOTCUA_CONFIG, DATABASE_URL) is honoured.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export MOTCUA_HOST=${MOTCUA_HOST:-127.0.0.1} MOTCUA_PORT=${MOTCUA_PORT:-5000}
export RASA_TELEMETRY_ENABLED=false
# The queue server's relay (/api/v1/assistant/messages, used by /robot) reaches Rasa here.
export MOTCUA_RASA_PORT=${MOTCUA_RASA_PORT:-5005}
export MOTCUA_RASA_URL=${MOTCUA_RASA_URL:-http://127.0.0.1:${MOTCUA_RASA_PORT}}
URL="http://${MOTCUA_HOST}:${MOTCUA_PORT}"
VAR=${MOTCUA_VAR_DIR:-var}   # data folder, as the server reads it
mkdir -p "$VAR/log"

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT INT TERM

$PY -m queue_server demo-setup    # migrates, seeds the demo centre(s), creates demo accounts and device tokens
KIOSK_TOKEN=$($PY -c "import json; print(json.load(open('$VAR/demo-access.json'))['tokens']['kiosk-1'])")

# Voice: every segment the demo's calls can need, offline with espeak-ng (~3 s the first time, then cached),
# into the server's voice cache ($MOTCUA_VOICE_CACHE, else ~/.cache/motcua/voice: docs/voice.md).
# A city's config folder (city.yaml) prefills its first centre's segments; the others render on demand.
PREFILL_CENTRE=$($PY -c "import sys; from queue_server.city import load_city_config; print(load_city_config(sys.argv[1]).centres[0].path)" "${MOTCUA_CONFIG:-config/demo}" 2>/dev/null || echo "${MOTCUA_CONFIG:-config/demo}")
$PY -m displays.voice prefill --centre "$PREFILL_CENTRE" --offline > "$VAR/log/voice-prefill.log" 2>&1 || echo "Voice prefill incomplete (see $VAR/log/voice-prefill.log); calls are rendered on demand."

$PY -m queue_server > "$VAR/log/queue-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "$URL/api/v1/catalogue" > /dev/null && break; sleep 0.2; done
curl -sf "$URL/api/v1/catalogue" > /dev/null || { echo "The queue server did not start; see $VAR/log/queue-server.log"; exit 1; }

$PY -m printer.agent --server "$URL" --token "$KIOSK_TOKEN" > "$VAR/log/print-agent.log" 2>&1 &
pids+=($!)
echo "Print agent started: kiosk-1's tickets are written as ESC/POS bytes and PNG previews (its printer: the centre's config)."
# A city: one agent per further centre, under its path (the first centre's is the one above).
while read -r centre token; do
  [ -n "$centre" ] || continue
  $PY -m printer.agent --server "$URL/c/$centre" --token "$token" > "$VAR/log/print-agent-$centre.log" 2>&1 &
  pids+=($!)
  echo "Print agent for $centre: var/printed/$centre/kiosk-1"
done < <($PY -c "import json,sys; c=list((json.load(open(sys.argv[1])).get('centres') or {}).items())[1:]; sys.stdout.write(''.join(f\"{k} {v['tokens']['kiosk-1']}\\n\" for k, v in c))" "$VAR/demo-access.json")

if [ -x assistant/scripts/run.sh ] && [ -x .venv-assistant/bin/rasa ]; then
  ROBOT_TOKEN=$($PY -c "import json; print(json.load(open('$VAR/demo-access.json'))['tokens']['robot-1'])")
  MOTCUA_SERVER_URL="$URL" MOTCUA_ASSISTANT_TOKEN="$ROBOT_TOKEN" MOTCUA_ASSISTANT_TOKENS_FILE="$(cd "$VAR" && pwd)/robot-tokens.json" bash assistant/scripts/run.sh > "$VAR/log/assistant.log" 2>&1 &
  pids+=($!)
  echo "Robot:    $URL/robot   (Rasa is starting, training first if the model is missing: a few minutes;"
  echo "          until then the robot answers with its fallback; log: $VAR/log/assistant.log)"
else
  echo "Robot:    $URL/robot   (the assistant is not installed: the robot answers with its fallback only)"
fi

case "$MOTCUA_HOST" in  # the full warning and the command for phones were printed by demo-setup above
  127.*|localhost|::1) [ -n "${MOTCUA_PUBLIC_URL:-}" ] || echo "!! Phones cannot open the tickets' QR codes on $MOTCUA_HOST: see the warning above (MOTCUA_HOST=0.0.0.0 MOTCUA_PUBLIC_URL=http://$(hostname -I 2>/dev/null | cut -d' ' -f1):$MOTCUA_PORT make run)." ;;
esac
echo "Logs are in $VAR/log/. Press Ctrl-C to stop."
wait
