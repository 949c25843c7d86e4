#!/usr/bin/env bash
# Load benchmark: the app under gunicorn, driven by wrk, on the demo city scaled to UNITS units and
# MONTHS months (default 1,000 units, 24 months).
#
#   bench/load.sh                                                  # a temporary SQLite file
#   bench/load.sh 200 6                                            # a city of 200 units, 6 months
#   DATABASE_URL=postgresql://127.0.0.1:5432/test bench/load.sh    # a new database on that server
#   DURATION=30s CONNECTIONS=16 UNITS=1000 MONTHS=24 WORKERS=2 THREADS=4 bench/load.sh
#
# 1. Installs what is missing: the project with its `bench` extra into .venv, wrk from apt.
# 2. Builds the scaled city once in a new database (bench/scaled_city.py: 1,000 units, 24 months
#    of dossiers and complaints through `flask --app webapp import`, accounts, three issued
#    letters with their tasks), then serves it with gunicorn in production mode.
# 3. Logs in as the office, a leader, the admin and the unit with the most tasks (session
#    cookies, as a browser holds them) and takes an API token, then drives each target with wrk,
#    CONNECTIONS connections for DURATION: a trivial route (/healthz, one SELECT 1) as the
#    baseline of the same run, the office's dashboard of the last month, the office's task
#    board, the unit's task list, the stats API and each role's to-do page (/). Each target is first checked to answer 200, and warmed up for
#    WARMUP (so every worker has rendered the page once, as after the first view that follows
#    an import); the warm-up is not counted.
# 4. Prints the load average before the runs, one table (requests/s, p50, p99 and max latency
#    from wrk's latency histogram (--latency), CPU milliseconds per request of the gunicorn
#    processes, response size), each target's p99 against 250 ms, and the issue's checks:
#    every target's p99 under 250 ms, and the dashboard's requests/s at least a tenth of the
#    trivial route's. Exits 1 when a check is missed.
#
# wrk runs on the same machine and takes CPU from the server; compare the targets with the
# trivial route of the same run, not with another machine's figures.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-3s}"
CONNECTIONS="${CONNECTIONS:-16}"
# The city's size: the arguments, else UNITS and MONTHS, else 1,000 units and 24 months.
UNITS="${1:-${UNITS:-1000}}"
MONTHS="${2:-${MONTHS:-24}}"
[[ "$UNITS" =~ ^[1-9][0-9]*$ && "$MONTHS" =~ ^[1-9][0-9]*$ ]] \
  || { echo "usage: bench/load.sh [UNITS [MONTHS]] (whole numbers)" >&2; exit 2; }
# One worker process per core: a Python process runs one thread at a time. Four threads in
# each, so that a request waiting on the database or on a slow client does not idle the core,
# and gthread keeps connections alive, as browsers (and wrk) do.
WORKERS="${WORKERS:-$(nproc)}"
THREADS="${THREADS:-4}"

if [[ ! -x .venv/bin/python ]]; then
  echo "==> Creating .venv"
  python3 -m venv .venv
fi
if [[ ! -x .venv/bin/gunicorn ]] || ! .venv/bin/python -c "import webapp" >/dev/null 2>&1; then
  echo "==> Installing the project with its bench extra"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[bench]"
fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "==> Installing wrk"
  sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y -q wrk >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q wrk >/dev/null; }
fi

PYTHON=.venv/bin/python
helper() { "$PYTHON" bench/load_helper.py "$@"; }

work="$(mktemp -d -t dondoc-load-XXXXXX)"
# The server the new database is made on (none: SQLite); DATABASE_URL names the new one below.
server_url="${DATABASE_URL:-}"
database_url="$(helper database-create "$work")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  DATABASE_URL="$server_url" helper database-drop "$database_url" || true
  rm -rf "$work"
}
trap cleanup EXIT

export APP_ENV=production
SECRET_KEY="$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export SECRET_KEY
export DATABASE_URL="$database_url"
# Nothing these pages do is queued; without Redis a job would run in the web process.
unset REDIS_URL
password="tai-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(9))')"

echo "==> Building the city: $UNITS units, $MONTHS months (${database_url%%:*})"
.venv/bin/flask --app webapp db upgrade >"$work/upgrade.log" 2>&1
city="$("$PYTHON" bench/scaled_city.py --folder "$work/csv" --units "$UNITS" --months "$MONTHS" \
  --password "$password")"
echo "$city"
field() { "$PYTHON" -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$city" "$1"; }
period="$(field period)"
unit_user="$(field unit)"
token="$(.venv/bin/flask --app webapp users token vanphong)"

port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
.venv/bin/gunicorn --workers "$WORKERS" --threads "$THREADS" --worker-class gthread \
  --bind "127.0.0.1:$port" --log-level warning webapp.wsgi:app >"$work/gunicorn.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  helper check "$base" /healthz >/dev/null 2>&1 && break
  sleep 0.2
done
helper check "$base" /healthz >/dev/null || { cat "$work/gunicorn.log"; exit 1; }

office_cookie="$(helper login "$base" vanphong "$password")"
unit_cookie="$(helper login "$base" "$unit_user" "$password")"
leader_cookie="$(helper login "$base" chutich "$password")"
admin_cookie="$(helper login "$base" admin "$password")"

drive() {
  local label="$1" path="$2" header="$3" before after output
  helper check "$base" "$path" "$header" >/dev/null
  LOAD_HEADER="$header" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout 30s -s bench/load.lua \
    "$base$path" >/dev/null
  before="$(helper cpu "$server_pid")"
  output="$(LOAD_HEADER="$header" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency \
    -s bench/load.lua "$base$path")"
  after="$(helper cpu "$server_pid")"
  printf '%s\t%s\t%s\t%s\n' "$label" "$path" \
    "$("$PYTHON" -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$before" "$after")" \
    "$(grep '^LOAD-RESULT ' <<<"$output")" >>"$work/results"
  echo "    $label done"
}

echo "==> wrk: $CONNECTIONS connections, $DURATION per target; gunicorn $WORKERS workers x $THREADS threads"
echo "    load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
drive "trivial" "/healthz" ""
drive "dashboard (office)" "/stats?period=$period" "$office_cookie"
drive "task board (office)" "/tracking" "$office_cookie"
drive "task list ($unit_user)" "/tasks" "$unit_cookie"
drive "stats API (office)" "/api/v1/stats?period=$period" "Authorization: Bearer $token"
drive "to-do (office)" "/" "$office_cookie"
drive "to-do (leader)" "/" "$leader_cookie"
drive "to-do ($unit_user)" "/" "$unit_cookie"
drive "to-do (admin)" "/" "$admin_cookie"
echo "    load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
helper report "$work/results"
