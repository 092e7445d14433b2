# Class-data sharing (AppCDS, a JDK feature since 13; the service needs 17) for scripts/payara.sh and
# scripts/wildfly.sh, sourced by both. cds_options ARCHIVE STAMP sets the array CDS to the JVM options:
#   - no archive yet (or one made from something else, STAMP differing from ARCHIVE.made-from): record one when the
#     JVM exits (-XX:ArchiveClassesAtExit: every class it loaded, the server's and the WAR's; written after the
#     server has stopped, a few seconds; the JDK's own lines about classes it cannot archive are not printed);
#   - an archive: map it (-XX:SharedArchiveFile), so the classes are not read, parsed and verified again at start.
# An archive whose writing was cut short (the process killed while it wrote) has no valid header: it is deleted and
# the next start records it again. An archive the JVM cannot use is ignored by the JVM with a warning: the server
# starts as without it. TODO_CDS=off: no option.
cds_options() {
  local archive=$1 stamp=$2
  CDS=()
  [ "${TODO_CDS:-on}" = on ] || return 0
  # The header (magic 0xf00baba8, a dynamic archive's) is the last thing the JVM writes.
  if [ -f "$archive" ] && { [ "$(od -An -tx4 -N4 "$archive" | tr -d ' ')" != f00baba8 ] \
      || [ "$(cat "$archive.made-from" 2>/dev/null)" != "$stamp" ]; }; then
    rm -f "$archive" "$archive.made-from"
  fi
  if [ -f "$archive" ]; then
    CDS=(-XX:SharedArchiveFile="$archive")
  else
    printf '%s' "$stamp" > "$archive.made-from"
    CDS=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}
