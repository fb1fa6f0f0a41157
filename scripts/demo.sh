#!/usr/bin/env bash
# Install Accord into .venv and start the demo on http://127.0.0.1:8000/ (or --port N).
# The demo keeps its data in ./demo-data (SQLite) unless ACCORD_DATA_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${ACCORD_VENV:-$PWD/.venv}
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e .
export ACCORD_DATA_DIR=${ACCORD_DATA_DIR:-$PWD/demo-data}
exec "$VENV/bin/accord" demo "$@"
