#!/usr/bin/env bash
# The Payara Micro operator command, started faster: the same server, WAR, server-config/ files and environment as
# README's `java … -jar target/payara-micro.jar …` ("Running it as an operator"), with two start-up costs paid once
# instead of at every start (docs/performance.md, "Session 19"):
#   - Payara's runtime (~100 MB of jars) is unpacked once into TODO_PAYARA_ROOT with Payara's own --outputlauncher,
#     and started from its launch-micro.jar (its jars on the class path), not unpacked again into a new folder;
#   - the JDK's class-data sharing (scripts/cds.sh): `scripts/payara.sh --warmup` (Payara's --warmup: boots, deploys
#     the WAR, runs the application's start-up, stops; no request served) records the classes loaded into
#     TODO_PAYARA_ROOT/todo-api.jsa; every later start maps them from there. A new WAR, Payara jar, driver or JDK
#     makes the archive stale: starts go without it until the next --warmup.
# Each start begins from the root's initial configuration (the WAR is deployed by --deploy alone, never also from a
# copy the last start left in the root), so the pre-boot, post-boot and post-deploy files apply as with the java
# command. Run it from anywhere; it works in the repository root (the post-boot file names
# server-config/postgresql-resources.xml relative to it).
#   BETTER_AUTH_SECRET, TODO_DB_URL, TODO_DB_USER, TODO_DB_PASSWORD, TODO_DB_POOL_MIN/MAX, TODO_HTTP_THREADS, ...
# as for the java command, and, for this command only:
#   TODO_PORT          HTTP port (default 8080)
#   TODO_JAVA_OPTS     JVM options added after the default heap (-Xmx512m)
#   TODO_PAYARA_ROOT   Payara's instance root (default target/payara-root): one per running server, never shared by
#                      two at once; the access log is <root>/logs/access.log unless TODO_ACCESS_LOG says otherwise
#   TODO_CDS           on (default), off, or record (this start records the archive when it stops)
# TODO_LOG_FORMAT (plain, the default, or json) picks server-config/logging-<format>.properties. Extra arguments go
# to Payara Micro. SIGTERM stops the server as the java command does (--shutdowngrace 5000); a start that records the
# archive writes it after that (a few seconds; the process exits when it is written).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
MICRO=target/payara-micro.jar WAR=target/todo-api.war DRIVER=target/lib/postgresql.jar LOGJAR=target/lib/todo-log.jar
for f in "$MICRO" "$WAR" "$DRIVER" "$LOGJAR"; do
  [ -f "$f" ] || { echo "payara.sh: $f is missing: run mvn -B package first" >&2; exit 2; }
done
case "${TODO_LOG_FORMAT:-plain}" in
  plain|json) ;;
  *) echo "payara.sh: TODO_LOG_FORMAT must be plain or json, not '${TODO_LOG_FORMAT}'" >&2; exit 64 ;;
esac
ROOT=${TODO_PAYARA_ROOT:-$HERE/target/payara-root}
mkdir -p "$(dirname "$ROOT")"; ROOT=$(cd "$(dirname "$ROOT")" && pwd)/$(basename "$ROOT")
# shellcheck source=scripts/cds.sh
. "$HERE/scripts/cds.sh"
# What the root (Payara and the driver) and the class archive (also the WAR and the JDK) were made from: when it
# changes, they are made again.
ROOT_STAMP=$(stat -c '%n %s %Y' "$MICRO" "$DRIVER" | tr '\n' ' ')
STAMP="$ROOT_STAMP $(cds_jdk "$(command -v java)") $(stat -c '%n %s %Y' "$WAR" "$LOGJAR" | tr '\n' ' ')"
if [ ! -f "$ROOT/launch-micro.jar" ] || [ ! -d "$ROOT/config.initial" ] || [ "$(cat "$ROOT/made-from" 2>/dev/null)" != "$ROOT_STAMP" ]; then
  rm -rf "$ROOT"
  # Payara unpacks its runtime into the root, writes launch-micro.jar (the driver on its class path) and exits.
  # Its lines are no log record of the server (TODO_LOG_FORMAT=json): shown only when it fails.
  OUT=$(mktemp)
  java -jar "$MICRO" --rootdir "$ROOT" --addLibs "$DRIVER" --outputlauncher > "$OUT" 2>&1 \
    || { cat "$OUT" >&2; echo "payara.sh: could not prepare $ROOT" >&2; exit 1; }
  rm -f "$OUT"
  cp -a "$ROOT/config" "$ROOT/config.initial"
  printf '%s' "$ROOT_STAMP" > "$ROOT/made-from"
fi
rm -rf "$ROOT/config" "$ROOT/applications" "$ROOT/generated"
cp -a "$ROOT/config.initial" "$ROOT/config"
RECORD=no
for arg in "$@"; do case "$arg" in --warmup|--WarmUp|--warmUp) RECORD=yes ;; esac; done
cds_options "$ROOT/todo-api.jsa" "$STAMP" "$RECORD"
# shellcheck disable=SC2086 # TODO_JAVA_OPTS is a list of options
exec java -Xmx512m -XX:+ExitOnOutOfMemoryError -Duser.timezone=UTC -Xbootclasspath/a:"$LOGJAR" \
  -Djava.util.logging.manager=app.todo.platform.logging.server.ServerLogManager "${CDS[@]}" \
  ${TODO_JAVA_OPTS:-} -jar "$ROOT/launch-micro.jar" --deploy "$WAR" --contextroot / --port "${TODO_PORT:-8080}" \
  --nocluster --prebootcommandfile server-config/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/post-boot-commands.asadmin \
  --postdeploycommandfile server-config/post-deploy-commands.asadmin --shutdowngrace 5000 \
  --logproperties "server-config/logging-${TODO_LOG_FORMAT:-plain}.properties" "$@"
