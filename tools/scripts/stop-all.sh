#!/usr/bin/env bash
# Stops what start-all started from this checkout, and only that: a pid is stopped only when
# its command line is this checkout's service.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<EOF
Usage: stop-all.sh

Stops the tunnel, hub-bot and hub-api that start-all started from
$CCR_ROOT (pid files in run/): SIGTERM to each, SIGKILL after $STOP_TIMEOUT s.
A pid file whose process is gone, or whose pid now belongs to another program, is
removed without stopping anything.

Options:
  -h, --help   this text
EOF
}

case "${1:-}" in
  -h | --help) usage && exit 0 ;;
  '') ;;
  *) usage_error "unknown argument: $1" ;;
esac
[ "$#" -le 1 ] || usage_error "unexpected arguments: $*"

cd "$CCR_ROOT"
lock_run_dir

for name in tunnel hub-bot hub-api; do
  state=0
  service_state "$name" || state=$?
  case "$state" in
    0)
      stop_pid "$name" "$SERVICE_PID"
      forget_service "$name"
      ;;
    1) say "$name" "not running" ;;
    *)
      say "$name" "not running; removed a stale pid file, $(shown "$(pid_file "$name")") ($(stale_reason "$state"))"
      forget_service "$name"
      ;;
  esac
done
