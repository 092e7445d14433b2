#!/usr/bin/env bash
# End-to-end test of examples/frontend in a real browser (Debian's chromium driven by playwright-core): the
# example app (Better Auth on its own PostgreSQL database) and the service (the README's operator command on
# PostgreSQL, verifying Better Auth's tokens through its JWKS), on free ports, then e2e/flow.mjs.
#
#   examples/frontend/e2e/run.sh        (from anywhere; .ci/run runs it after `mvn -B verify`)
#
# Takes about 2 minutes on a quiet machine (npm ci from npm's cache, Payara's start, 30 s of browser flow).
# Uses TODO_DB_URL/TODO_DB_USER/TODO_DB_PASSWORD for the service when set (CI's database), else a database of its
# own. Creates and drops Better Auth's database. Installs chromium with apt when missing. Builds the WAR only when
# target/ has none. Failure screenshots, the browser console and both servers' logs: target/e2e/.
set -euo pipefail
started=$(date +%s)
app_dir=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$app_dir/../.." && pwd)
out="$root/target/e2e"
rm -rf "$out"
mkdir -p "$out"

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
export PGCONNECT_TIMEOUT=5
phase() { echo "e2e: $1 (at $(( $(date +%s) - started )) s)"; }
psql_admin() { psql -h "$PGHOST" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

pids=()
dbs=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for db in "${dbs[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
  rm -rf "$out/payara-root"
  echo "e2e: $( ((status == 0)) && echo passed || echo "FAILED (see $out)" ) in $(( $(date +%s) - started )) s"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. the browser: Debian's chromium (no browser download)
if ! command -v chromium >/dev/null; then
  echo "e2e: installing chromium (apt)"
  timeout 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# 2. the service's build, only when missing
if [[ ! -f "$root/target/todo-api.war" || ! -f "$root/target/payara-micro.jar" || ! -f "$root/target/lib/postgresql.jar" ]]; then
  echo "e2e: building the WAR"
  (cd "$root" && timeout 900 mvn -B -q package -DskipTests)
fi

# 3. databases
suffix="$(date +%s)_$$"
auth_db="todo_e2e_auth_$suffix"
psql_admin -c "CREATE DATABASE $auth_db"
dbs+=("$auth_db")
if [[ -z "${TODO_DB_URL:-}" ]]; then
  service_db="todo_e2e_service_$suffix"
  psql_admin -c "CREATE DATABASE $service_db"
  dbs+=("$service_db")
  export TODO_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$service_db" TODO_DB_USER=postgres TODO_DB_PASSWORD=
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
app_port=$(free_port)
service_port=$(free_port)
app_url="http://127.0.0.1:$app_port"
service_url="http://127.0.0.1:$service_port"

wait_for() { # url seconds what
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
    if (( $(date +%s) >= deadline )); then echo "e2e: $3 did not answer $1 within $2 s"; return 1; fi
    sleep 0.5
  done
}

phase "starting the service"
# 4. the service: the README's operator command, with the JWKS of the example's Better Auth (it starts before the
# auth server answers and picks the keys up within TODO_JWKS_REFRESH_MIN_INTERVAL once it does)
cd "$root"
BETTER_AUTH_SECRET="$(head -c 48 /dev/urandom | base64)" \
  TODO_JWKS_URL="$app_url/api/auth/jwks" TODO_JWT_ISSUER="$app_url" TODO_JWT_AUDIENCE=todo-api \
  TODO_CORS_ORIGINS="$app_url" TODO_ACCESS_LOG="$out/access.log" \
  java -Xmx512m -XX:+ExitOnOutOfMemoryError -jar target/payara-micro.jar --addLibs target/lib/postgresql.jar \
  --deploy target/todo-api.war --contextroot / --port "$service_port" --nocluster --rootDir "$out/payara-root" \
  --prebootcommandfile server-config/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/post-boot-commands.asadmin \
  --postdeploycommandfile server-config/post-deploy-commands.asadmin --shutdowngrace 5000 \
  >"$out/service.log" 2>&1 &
pids+=($!)

phase "npm ci, build"
# 5. the example: pinned dependencies, its types checked, the page compiled, while the service starts
cd "$app_dir"
timeout 300 npm ci --prefer-offline --no-audit --no-fund --loglevel=error
# src/api.d.ts is what the committed openapi.json generates, and the page compiles (tsc --strict) against it
timeout 120 node scripts/check-types.mjs
timeout 120 npm run --silent build

phase "starting the example app"
# 6. the example app: Better Auth issues tokens with iss = its base URL and aud = todo-api
DATABASE_URL="postgres://postgres@$PGHOST:$PGPORT/$auth_db" PORT=$app_port HOST=127.0.0.1 BASE_URL="$app_url" \
  TODO_API_URL="$service_url" JWT_AUDIENCE=todo-api BETTER_AUTH_SECRET="e2e-$(head -c 24 /dev/urandom | base64)" \
  node server.mjs >"$out/app.log" 2>&1 &
pids+=($!)
wait_for "$app_url/api/auth/jwks" 30 "the example app"
# the JWKS holds a key once a token was signed: make one, so the service finds a key (readiness UP)
curl -fsS -o /dev/null --max-time 5 -H "Origin: $app_url" -H 'Content-Type: application/json' \
  -c "$out/warmup.cookies" "$app_url/api/auth/sign-up/email" \
  -d "{\"email\":\"warmup-$suffix@example.com\",\"password\":\"warmup-password-1\",\"name\":\"warmup\"}"
curl -fsS -o /dev/null --max-time 5 -b "$out/warmup.cookies" "$app_url/api/auth/token"
rm -f "$out/warmup.cookies"

wait_for "$service_url/health/ready" 180 "the service"
phase "service ready"
# 7. the page compiles (tsc --strict) against types generated from the document the service serves
cd "$app_dir"
timeout 120 node scripts/check-types.mjs --served "$service_url/openapi?format=json"

phase "browser flow"
# 8. the browser flow
APP_URL="$app_url" API_URL="$service_url" OUT_DIR="$out" timeout 150 node e2e/flow.mjs
