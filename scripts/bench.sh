#!/usr/bin/env bash
# The operator command under wrk, on a fresh PostgreSQL database, over loopback: docs/performance.md.
#
#   scripts/bench.sh [CHECKOUT]        (default: the repository this script is in; build it first: mvn -B package)
#
# Builds nothing. Starts the operator command of docs/deployment.md (JAVA_OPTS: the documented heap) with a fresh
# --rootDir and database, prints start to ready, seeds 20 tasks of bench-user, then for each path a warm-up and one
# measured wrk run: the list (GET /api/{u}/tasks?limit=20), GET /api/me, the 401 path (GET /api/me, no token),
# create (POST /api/{u}/tasks) and toggle (PATCH /api/{u}/tasks/{id}/complete over the 20 tasks). Per run: req/s,
# p50/p99 (ms), non-2xx answers, the server's CPU per request (utime+stime of the JVM from /proc/PID/stat, µs) and
# bytes per request written to the server log (stdout) and to the access log (TODO_ACCESS_LOG). Then RSS.
# Stops the server and drops the database on exit, also on Ctrl-C. Results: $OUT/results.tsv and $OUT/summary.txt.
#
# env: DURATION (20s, per measured run) WARMUP (30, seconds of warm-up per path) CONNS (16) THREADS (2)
#      PORT (18481) JAVA_OPTS (-Xmx512m -XX:+ExitOnOutOfMemoryError) OUT (results folder, default a new temp folder)
#      PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres; the role must be able to create databases)
# Needs: wrk (apt-get install -y wrk), curl, psql, java 17; exit 2 when one is missing or the build is absent.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
CHECKOUT=$(cd "${1:-$HERE}" && pwd)
DURATION=${DURATION:-20s}; WARMUP=${WARMUP:-30}; CONNS=${CONNS:-16}; THREADS=${THREADS:-2}; PORT=${PORT:-18481}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m -XX:+ExitOnOutOfMemoryError}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
USER_ID=bench-user

command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
for tool in curl psql java; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
for built in target/todo-api.war target/payara-micro.jar target/lib/postgresql.jar target/classes/app/todo/identity/cli/TokenMinter.class; do
  [ -f "$CHECKOUT/$built" ] || { echo "bench: $CHECKOUT/$built is missing: build first (mvn -B package)" >&2; exit 2; }
done

OUT=${OUT:-$(mktemp -d -t todo-bench.XXXXXX)}
mkdir -p "$OUT"
DB=todo_bench_$$
ROOT=$(mktemp -d -t todo-bench-root.XXXXXX)
SERVER_LOG=$OUT/server.log
ACCESS_LOG=$OUT/access.log
RES=$OUT/results.tsv
PID=""

cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$PID" 2>/dev/null || true
  fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

SECRET=bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
TOKEN=$(BETTER_AUTH_SECRET=$SECRET java -cp "$CHECKOUT/target/classes" app.todo.identity.cli.TokenMinter "$USER_ID" \
  --email bench@example.com --ttl 2h)
AUTH="Authorization: Bearer $TOKEN"
BASE=http://127.0.0.1:$PORT

echo "== operator command on port $PORT, JAVA_OPTS=$JAVA_OPTS, database $DB, results in $OUT"
cd "$CHECKOUT"
t0=$(date +%s%N)
# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
env -i PATH="$PATH" HOME="$HOME" BETTER_AUTH_SECRET="$SECRET" TODO_ACCESS_LOG="$ACCESS_LOG" \
  TODO_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" TODO_DB_USER="$PGUSER" TODO_DB_PASSWORD="${PGPASSWORD:-}" \
  java $JAVA_OPTS -jar target/payara-micro.jar --addLibs target/lib/postgresql.jar --deploy target/todo-api.war \
  --contextroot / --port "$PORT" --nocluster --rootDir "$ROOT" \
  --prebootcommandfile server-config/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/post-boot-commands.asadmin \
  --postdeploycommandfile server-config/post-deploy-commands.asadmin --shutdowngrace 5000 \
  $( [ -f server-config/logging-plain.properties ] && echo --logproperties server-config/logging-plain.properties ) \
  > "$SERVER_LOG" 2>&1 &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" = 200 ]; do
  kill -0 "$PID" 2>/dev/null || { echo "bench: the server exited; its log: $SERVER_LOG" >&2; exit 1; }
  [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 300 ] || { echo "bench: not ready within 300 s" >&2; exit 1; }
  sleep 0.2
done
t1=$(date +%s%N)
payara_ms=$(sed -n 's/.* ready in \([0-9,]*\) (ms).*/\1/p' "$SERVER_LOG" | tr -d , | head -1)
echo "start_to_ready_ms=$(( (t1 - t0) / 1000000 )) payara_ready_in_ms=${payara_ms:-?} rss_after_start_kb=$(awk '/VmRSS/{print $2}' "/proc/$PID/status")" \
  | tee "$OUT/startup.txt"

for i in $(seq 1 20); do
  curl -sf -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Task $i\",\"description\":\"benchmark task number $i\"}" "$BASE/api/$USER_ID/tasks"
done
IDS=$(curl -sf -H "$AUTH" "$BASE/api/$USER_ID/tasks?limit=20" | grep -o '"id":"[^"]*"' | cut -d'"' -f4)
[ "$(echo "$IDS" | wc -l)" -eq 20 ] || { echo "bench: seeding failed" >&2; exit 1; }
echo "seeded 20 tasks of $USER_ID"

cat > "$OUT/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"created under load","description":"bench"}'
LUA
{ echo "local ids = {"; for id in $IDS; do echo "  \"$id\","; done; echo "}"
  echo "local n = 0"
  echo "request = function()"
  echo "  n = n + 1"
  echo "  return wrk.format(\"PATCH\", \"/api/$USER_ID/tasks/\" .. ids[(n % #ids) + 1] .. \"/complete\")"
  echo "end"; } > "$OUT/toggle.lua"

cpu_ticks() { awk '{print $14+$15}' "/proc/$PID/stat"; }
size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }
to_ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v }'; }
load() { # seconds-or-duration url auth(yes/no) [lua] [--latency]
  local args=(-t"$THREADS" -c"$CONNS" -d"$1")
  [ "$3" = yes ] && args+=(-H "$AUTH")
  [ -n "${4:-}" ] && args+=(-s "$4")
  [ -n "${5:-}" ] && args+=("$5")
  wrk "${args[@]}" "$2"
}
printf 'path\treq_s\tp50_ms\tp99_ms\tnon2xx\tcpu_us_per_req\tserver_log_bytes_per_req\taccess_log_bytes_per_req\n' > "$RES"
measure() { # name url auth [lua]
  local name=$1 url=$2 auth=$3 lua=${4:-} log=$OUT/wrk-$1.txt
  load "${WARMUP}s" "$url" "$auth" "$lua" > /dev/null
  sleep 1   # the access log's writer catches up before the counts start
  local c0 s0 a0 c1 s1 a1 n hz
  c0=$(cpu_ticks); s0=$(size "$SERVER_LOG"); a0=$(size "$ACCESS_LOG")
  load "$DURATION" "$url" "$auth" "$lua" --latency > "$log"
  c1=$(cpu_ticks); sleep 1; s1=$(size "$SERVER_LOG"); a1=$(size "$ACCESS_LOG")
  n=$(awk '/requests in/{print $1}' "$log"); hz=$(getconf CLK_TCK)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$log")" \
    "$(to_ms "$(awk '$1=="50%"{print $2}' "$log")")" "$(to_ms "$(awk '$1=="99%"{print $2}' "$log")")" \
    "$(awk '/Non-2xx/{print $NF}' "$log" | grep . || echo 0)" \
    "$(awk -v a="$c0" -v b="$c1" -v n="$n" -v hz="$hz" 'BEGIN{printf "%.0f", (b-a)/hz*1e6/n}')" \
    "$(awk -v a="$s0" -v b="$s1" -v n="$n" 'BEGIN{printf "%.1f", (b-a)/n}')" \
    "$(awk -v a="$a0" -v b="$a1" -v n="$n" 'BEGIN{printf "%.1f", (b-a)/n}')" | tee -a "$RES"
}

echo "== ${WARMUP}s warm-up, then ${DURATION} measured, per path (wrk -t$THREADS -c$CONNS)"
printf 'path\treq_s\tp50_ms\tp99_ms\tnon2xx\tcpu_us/req\tstdout_B/req\taccess_B/req\n'
measure list "$BASE/api/$USER_ID/tasks?limit=20" yes
measure me "$BASE/api/me" yes
measure unauth "$BASE/api/me" no
measure create "$BASE/api/$USER_ID/tasks" yes "$OUT/create.lua"
measure toggle "$BASE/api/$USER_ID/tasks" yes "$OUT/toggle.lua"
rss_end=$(awk '/VmRSS/{print $2}' "/proc/$PID/status")
live=""
if command -v jcmd >/dev/null; then   # heap still in use after a full collection: what the heap setting must hold
  jcmd "$PID" GC.run >/dev/null 2>&1 || true
  live=$(jcmd "$PID" GC.heap_info 2>/dev/null | sed -n 's/.* total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
fi
echo "rss_end_kb=$rss_end heap_used_after_full_gc_kb=${live:-?}" | tee -a "$OUT/startup.txt"
column -t -s $'\t' "$RES" > "$OUT/summary.txt"
cat "$OUT/startup.txt" >> "$OUT/summary.txt"
echo "results in $OUT (summary.txt, results.tsv, wrk-*.txt, server.log, access.log)"
