#!/usr/bin/env bash
# The WildFly operator command: runs target/wildfly (built by `mvn -B package`: WildFly 39 with server-config/wildfly
# applied and target/todo-api.war deployed) in the foreground, on PostgreSQL, configured from the same environment as
# the Payara Micro command (README, "Running it as an operator"):
#   BETTER_AUTH_SECRET, TODO_DB_URL, TODO_DB_USER, TODO_DB_PASSWORD, TODO_DB_POOL_MIN/MAX, TODO_HTTP_THREADS, ...
# and, for this command only:
#   TODO_PORT             HTTP port (default 8080): /api, /health/live, /health/ready, /metrics, /openapi
#   TODO_MANAGEMENT_PORT  WildFly's management interface on 127.0.0.1 (default 9990); /health on TODO_PORT proxies it
#   TODO_JAVA_OPTS        JVM options added after the default heap (-Xmx512m)
#   TODO_WILDFLY_HOME     the server folder (default target/wildfly beside this script)
#   TODO_CDS              class-data sharing (scripts/cds.sh): on (default: map <server folder>/todo-api.jsa when there
#                         is one made from this WAR and JDK), record (this start records it when the server stops:
#                         start, wait until ready, stop, once after each build) or off
# TODO_LOG_FORMAT (plain, the default, or json) chooses the server log's format as on Payara
# (server-config/wildfly/logging.cli; docs/deployment.md#logs): anything else exits 64 before the server starts.
# Extra arguments go to standalone.sh (for example -b 10.0.0.5 to listen on one address only). SIGTERM (Ctrl-C, docker
# stop, kill) suspends the server: new requests 503, readiness DOWN, requests in flight get up to 5 s, then it stops.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
WILDFLY_HOME=${TODO_WILDFLY_HOME:-$HERE/target/wildfly}
[ -x "$WILDFLY_HOME/bin/standalone.sh" ] || { echo "wildfly.sh: $WILDFLY_HOME has no WildFly: run mvn -B package first" >&2; exit 2; }
[ -n "${TODO_DB_URL:-}" ] || echo "wildfly.sh: TODO_DB_URL is not set: the datasource java:/jdbc/todo cannot start" >&2
# WildFly cannot hold an empty password (server-config/wildfly/postgresql.cli): an empty one means none.
[ -n "${TODO_DB_PASSWORD:-}" ] || unset TODO_DB_PASSWORD
case "${TODO_LOG_FORMAT:-plain}" in
  plain) LOG_OPTS="-Dtodo.log.plain=true -Dtodo.log.json=false" ;;
  json) LOG_OPTS="-Dtodo.log.plain=false -Dtodo.log.json=true" ;;
  *) echo "wildfly.sh: TODO_LOG_FORMAT must be plain or json, not '${TODO_LOG_FORMAT}'" >&2; exit 64 ;;
esac
# shellcheck source=scripts/cds.sh
. "$HERE/scripts/cds.sh"
cds_options "$WILDFLY_HOME/todo-api.jsa" "$(cds_jdk) $(stat -c '%n %s %Y' \
  "$WILDFLY_HOME"/standalone/deployments/*.war "$WILDFLY_HOME/jboss-modules.jar" | tr '\n' ' ')" no
# Times in UTC in both formats, as the Payara command (-Duser.timezone=UTC).
export JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError -Duser.timezone=UTC $LOG_OPTS ${CDS[*]} ${TODO_JAVA_OPTS:-}"
# standalone.sh forwards SIGTERM to the server's JVM only when it runs it in the background.
export LAUNCH_JBOSS_IN_BACKGROUND=1
# standalone.sh, standalone.conf and the server's signal handler print lines that are no log record
# (TODO_LOG_FORMAT=json promises one JSON object per line on both streams): the "JBoss Bootstrap Environment" banner
# (from a line of "=" before any other line to the next one, and the empty line after it), "JAVA_OPTS already set in
# environment; …" and, on stop, "*** JBossAS process (PID) received TERM signal ***". Those are dropped from both
# streams; every other line (the server log on standard error, the access log on standard output when
# TODO_ACCESS_LOG=-) is passed on at once. standalone.sh stays this process (signals reach it as before).
NOT_RECORDS='
    banner { if (/^=+$/) { banner = 0; blank = 1 }; next }
    !printed && /^=+$/ { banner = 1; next }
    blank && /^$/ { blank = 0; next }
    /^JAVA_OPTS already set in environment; overriding default settings with values: / { next }
    /^\*\*\* JBossAS process \([0-9]+\) received [A-Z]+ signal \*\*\*$/ { next }
    { blank = 0; printed = 1; print; fflush() }'
exec "$WILDFLY_HOME/bin/standalone.sh" -Djboss.http.port="${TODO_PORT:-8080}" \
  -Djboss.management.http.port="${TODO_MANAGEMENT_PORT:-9990}" "$@" \
  > >(awk "$NOT_RECORDS") 2> >(awk "$NOT_RECORDS" >&2)
