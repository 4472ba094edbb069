#!/usr/bin/env bash
# Create the reception robot's virtualenv (.venv-assistant at the repo root) from nothing.
# Idempotent: does nothing when the venv exists and was built from the same requirements/constraints
# (a stamp file holds their hash). Rasa 3.6 needs Python 3.10: set MOTCUA_PYTHON310 to override the lookup.
set -euo pipefail
export RASA_TELEMETRY_ENABLED=false

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ASSISTANT_DIR="$REPO_ROOT/assistant"
VENV="${MOTCUA_ASSISTANT_VENV:-$REPO_ROOT/.venv-assistant}"
STAMP="$VENV/.motcua-requirements.sha256"
REQS="$ASSISTANT_DIR/requirements.txt"
CONSTRAINTS="$ASSISTANT_DIR/constraints.txt"

want_hash="$(cat "$REQS" "$CONSTRAINTS" | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/rasa" && -f "$STAMP" && "$(cat "$STAMP")" == "$want_hash" ]]; then
    echo "assistant venv up to date: $VENV"
    exit 0
fi

find_python310() {
    local candidates=()
    [[ -n "${MOTCUA_PYTHON310:-}" ]] && candidates+=("$MOTCUA_PYTHON310")
    if command -v pyenv >/dev/null 2>&1; then
        local root; root="$(pyenv root)"
        for p in "$root"/versions/3.10.*/bin/python3.10; do [[ -x "$p" ]] && candidates+=("$p"); done
    fi
    candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
    for c in "${candidates[@]}"; do
        if "$c" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
            echo "$c"; return 0
        fi
    done
    return 1
}

PY="$(find_python310)" || {
    echo "ERROR: Python 3.10 not found (Rasa 3.6 needs Python < 3.11)." >&2
    echo "Install it (e.g. 'pyenv install 3.10.13') or set MOTCUA_PYTHON310=/path/to/python3.10." >&2
    exit 1
}

echo "building assistant venv at $VENV with $PY (takes a few minutes)"
start=$(date +%s)
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade "pip<25"
"$VENV/bin/python" -m pip install -q -r "$REQS" -c "$CONSTRAINTS"
"$VENV/bin/rasa" --version >/dev/null
echo "$want_hash" > "$STAMP"
echo "assistant venv ready in $(( $(date +%s) - start )) s"
