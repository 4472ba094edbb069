#!/usr/bin/env bash
# Train the robot's model when it is missing or stale. The model file is named after a hash of the
# training data and configuration (models/motcua-<hash>.tar.gz), so an unchanged project never retrains.
# Regenerates the training data first when the catalogue (or vocabulary/generator) changed.
# Usage: assistant/scripts/train.sh [CATALOGUE]     prints the model path on its last line.
# CATALOGUE defaults to $MOTCUA_CATALOGUE, then the catalogue of the centre $MOTCUA_CONFIG names (the queue
# server's setting), then config/demo/catalogue.yaml (see generate_training_data.py).
set -euo pipefail
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Paths given relative to the caller's folder (the queue server's MOTCUA_CONFIG=config/demo) stay valid below.
catalogue="${1:+$(realpath -m "$1")}"
[[ -z "${MOTCUA_CONFIG:-}" ]] || export MOTCUA_CONFIG="$(realpath -m "$MOTCUA_CONFIG")"
[[ -z "${MOTCUA_CATALOGUE:-}" ]] || export MOTCUA_CATALOGUE="$(realpath -m "$MOTCUA_CATALOGUE")"
cd "$REPO_ROOT/assistant"
bash scripts/setup-venv.sh >&2
VENV="${MOTCUA_ASSISTANT_VENV:-$REPO_ROOT/.venv-assistant}"
PY="$VENV/bin/python"

if ! "$PY" scripts/generate_training_data.py ${catalogue:+"$catalogue"} --check; then
    "$PY" scripts/generate_training_data.py ${catalogue:+"$catalogue"} >&2
fi

hash="$(find config.yml domain.yml data -type f -name '*.yml' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)"
model="models/motcua-$hash.tar.gz"
if [[ -f "$model" ]]; then
    echo "model up to date" >&2
else
    echo "training $model (a few minutes on 2 cores)" >&2
    start=$(date +%s)
    "$VENV/bin/rasa" train --config config.yml --domain domain.yml --data data --out models \
        --fixed-model-name "motcua-$hash" >&2
    seconds=$(( $(date +%s) - start ))
    echo "{\"model\": \"$model\", \"seconds\": $seconds}" > models/last-train.json
    find models -name 'motcua-*.tar.gz' ! -name "motcua-$hash.tar.gz" -delete
    echo "trained in $seconds s" >&2
fi
echo "$REPO_ROOT/assistant/$model"
