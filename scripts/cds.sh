# Class-data sharing (AppCDS, a JDK feature since 13; the service needs 17) for scripts/payara.sh and
# scripts/wildfly.sh, sourced by both. cds_options ARCHIVE STAMP RECORD sets the array CDS to the JVM options:
#   - an archive made from the same STAMP (the JDK, the server, the WAR; ARCHIVE.made-from): map it
#     (-XX:SharedArchiveFile), so that the classes it holds are not read, parsed and verified again;
#   - none, and RECORD is yes: record one when this JVM exits (-XX:ArchiveClassesAtExit: every class it loaded, the
#     server's and the WAR's; written after the server has stopped, which takes a few seconds more; the JDK's lines
#     about classes it cannot archive are not printed);
#   - none, and RECORD is no: no option (a start that records must be stopped by someone who waits for the archive,
#     so recording is asked for: payara.sh --warmup, or TODO_CDS=record).
# An archive whose writing was cut short (the process killed while it wrote) has no valid header, and one made from
# another STAMP is stale: either is deleted. An archive the JVM cannot use is ignored by the JVM with a warning: the
# server starts as without it. TODO_CDS: on (the default; as above), record (RECORD is yes), off (no option).
cds_options() {
  local archive=$1 stamp=$2 record=$3
  CDS=()
  case "${TODO_CDS:-on}" in
    on) ;;
    record) record=yes ;;
    off) return 0 ;;
    *) echo "TODO_CDS must be on, record or off, not '${TODO_CDS}'" >&2; exit 64 ;;
  esac
  # The header (magic 0xf00baba8, a dynamic archive's) is the last thing the JVM writes.
  if [ -f "$archive" ] && { [ "$(od -An -tx4 -N4 "$archive" | tr -d ' ')" != f00baba8 ] \
      || [ "$(cat "$archive.made-from" 2>/dev/null)" != "$stamp" ]; }; then
    rm -f "$archive" "$archive.made-from"
  fi
  if [ -f "$archive" ]; then
    CDS=(-XX:SharedArchiveFile="$archive")
  elif [ "$record" = yes ]; then
    printf '%s' "$stamp" > "$archive.made-from"
    CDS=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

# cds_jdk [JAVA]: the JDK that will run, for a STAMP (JAVA, else JAVA_HOME's java when set, as standalone.sh runs,
# else the java on PATH): its modules file changes with every JDK build (cheaper than starting a JVM for -version).
cds_jdk() {
  local java=${1:-}
  [ -n "$java" ] || java=${JAVA_HOME:+$JAVA_HOME/bin/java}
  [ -n "$java" ] && [ -x "$java" ] || java=$(command -v java)
  java=$(readlink -f "$java")
  stat -c '%n %s %Y' "$java" "$(dirname "$(dirname "$java")")/lib/modules" | tr '\n' ' '
}
