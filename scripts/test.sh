#!/usr/bin/env bash
# Install Accord with its test tools into .venv and run every check: ruff, mypy, the
# import contracts, then the test suite on SQLite and on PostgreSQL with Redis, side by side.
# Starts PostgreSQL and Redis if they are installed but not running; installs Debian's
# Chromium for the browser tests when run as root. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${ACCORD_VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
PG_URL=${ACCORD_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/accord}
REDIS=${ACCORD_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
SQLITE_REDIS=${ACCORD_TEST_SQLITE_REDIS_URL:-redis://127.0.0.1:6379/14}  # the SQLite suite's Redis tests

step() { printf '\n==> %s\n' "$*"; }

if [ -n "${ACCORD_VENV:-}" ] && [ -x "$VENV/bin/python" ]; then
  # A virtualenv named by ACCORD_VENV is used as it is: nothing is installed into it.
  step "Python environment in $VENV (ACCORD_VENV: used as it is, nothing installed)"
else
  step "Python environment in $VENV"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  # torch first, pinned: the mediator's embeddings need the CPU build, never a CUDA download.
  "$VENV/bin/python" -m pip install --quiet "torch==2.13.0" || echo "torch 2.13.0 not available: the mediator falls back to hashing embeddings"
  "$VENV/bin/python" -m pip install --quiet -e ".[test,mediator]" || "$VENV/bin/python" -m pip install --quiet -e ".[test]"
fi

step "Services"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || echo "could not install Chromium: browser tests will be skipped"
fi
for package in fonts-wqy-microhei fonts-dejavu-core; do
  if ! dpkg -s "$package" >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null || true
  fi
done

# axe-core for the browser walk (tests/e2e/test_interface_walk.py), from npm into a cache
# directory; the tests inject it into Chromium and fetch nothing themselves.
AXE_DIR=${ACCORD_AXE_DIR:-$HOME/.cache/accord-axe}
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null; then
  step "axe-core into $AXE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@4" \
    || echo "could not install axe-core: the accessibility walk will be skipped"
fi
export ACCORD_AXE_JS=${ACCORD_AXE_JS:-$AXE_DIR/node_modules/axe-core/axe.min.js}

export ACCORD_DATA_DIR=${ACCORD_DATA_DIR:-$(mktemp -d)}
export PATH="$VENV/bin:$PATH"

step "ruff"
ruff check src tests bench
step "mypy"
mypy
step "import contract: the domain knows nothing of Django"
lint-imports

# The two suites run side by side, one pytest each (the machine's two cores), each with its
# own data directory and Redis database, so neither sees the other's files or events. Each
# one's output goes to its own log, printed whole when that suite ends; the exit status is
# failure if either failed. What touches no database runs once, in the SQLite suite:
# tests/unit, and the supervisor's signal tests (on a SQLite file whatever the suite's
# database). A path given on the command line is run by both all the same.
LOGS=${ACCORD_TEST_LOGS:-$(mktemp -d)}
mkdir -p "$LOGS"
declare -A suite_name suite_log
start_suite() {  # name log command...: the command in the background, its output to log
  local name=$1 log=$2
  shift 2
  env "$@" >"$log" 2>&1 &
  suite_name[$!]=$name
  suite_log[$!]=$log
}
step "tests on SQLite and on PostgreSQL with Redis, side by side (logs in $LOGS)"
start_suite "SQLite" "$LOGS/sqlite.log" \
  ACCORD_DATA_DIR="$(mktemp -d)" REDIS_URL_FOR_TESTS="$SQLITE_REDIS" \
  pytest -q -p no:cacheprovider "$@"
status=0
summary=()
if pg_isready -q -h 127.0.0.1 -p 5432; then
  start_suite "PostgreSQL with Redis" "$LOGS/postgresql.log" \
    ACCORD_DATA_DIR="$(mktemp -d)" DATABASE_URL="$PG_URL" REDIS_URL_FOR_TESTS="$REDIS" \
    pytest -q -p no:cacheprovider -m "not e2e" \
    --ignore=tests/unit --ignore=tests/system/test_serve_shutdown.py "$@"
else
  echo "PostgreSQL is not reachable on 127.0.0.1:5432"; status=1
  summary+=("tests on PostgreSQL with Redis: FAILED (PostgreSQL is not reachable)")
fi
while [ "${#suite_name[@]}" -gt 0 ]; do
  ended=""
  suite_status=0
  wait -n -p ended "${!suite_name[@]}" || suite_status=$?
  [ -n "$ended" ] || break
  if [ "$suite_status" = 0 ]; then verdict="passed"; else verdict="FAILED (exit $suite_status)"; fi
  step "tests on ${suite_name[$ended]}: $verdict"
  cat "${suite_log[$ended]}"
  summary+=("tests on ${suite_name[$ended]}: $verdict")
  [ "$suite_status" = 0 ] || status=1
  unset "suite_name[$ended]" "suite_log[$ended]"
done
step "summary"
printf '%s\n' "${summary[@]}"
[ "$status" = 0 ] || echo "FAILED: see the suite marked FAILED above (its log: $LOGS)"
exit $status
