#!/usr/bin/env bash
# Whether the hub's services run (pid, port, /health), then the live sessions, read from the
# database so that it answers while hub-api is down too.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<EOF
Usage: status.sh

For hub-api, hub-bot and the tunnel of $CCR_ROOT: running (pid, port,
what GET /health answers) or stopped, and why; then the live sessions, read from the
database (DATABASE_URL, else DATABASE_PATH, default data/sessions.db), which works while
hub-api is down.

Options:
  -h, --help   this text

Exit status: 0 when every service that should run runs, 3 when one does not, 1 on an error.
EOF
}

case "${1:-}" in
  -h | --help) usage && exit 0 ;;
  '') ;;
  *) usage_error "unknown argument: $1" ;;
esac
[ "$#" -le 1 ] || usage_error "unexpected arguments: $*"

cd "$CCR_ROOT"
require_built
config_ok=1
load_hub_env || config_ok=0

missing=0

# One line for one service. WANTED is 1 when it should run with this configuration; NOTE
# says why it is not running or not wanted.
report() {
  local name="$1" host="$2" wanted="$3" note="$4" state=0 port answer health
  service_state "$name" || state=$?
  case "$state" in
    0)
      port="$(cat "$(port_file "$name")" 2>/dev/null || true)"
      if [ -z "$port" ]; then
        say "$name" "running  pid $SERVICE_PID"
        return 0
      fi
      answer="$(ops http-status "http://$(local_host "$host"):$port/health")"
      case "$answer" in
        200) health='health ok' ;;
        [0-9]*) health="health answered $answer" ;;
        *) health="no answer on port $port ($answer)" ;;
      esac
      say "$name" "running  pid $SERVICE_PID  port $port  $health"
      ;;
    1)
      if [ "$wanted" -eq 1 ]; then
        say "$name" "stopped${note:+ ($note)}"
        missing=1
      else
        say "$name" "$note"
      fi
      ;;
    *)
      say "$name" "stopped; stale pid file $(shown "$(pid_file "$name")") ($(stale_reason "$state")): start-all or stop-all removes it"
      [ "$wanted" -eq 0 ] || missing=1
      ;;
  esac
}

report hub-api "$HUB_NOTIFY_HOST" 1 ''
if [ "$config_ok" -eq 0 ]; then
  report hub-bot "$HUB_WEBHOOK_HOST" 0 'unknown: the configuration has an error (above)'
elif [ "$HUB_BOT" = off ]; then
  report hub-bot "$HUB_WEBHOOK_HOST" 0 "off ($HUB_BOT_OFF)"
elif [ "$HUB_BOT" != on ]; then
  report hub-bot "$HUB_WEBHOOK_HOST" 1 "configuration error: $HUB_BOT_ERROR"
elif [ ! -f "$(service_main hub-bot)" ]; then
  report hub-bot "$HUB_WEBHOOK_HOST" 1 "not built: $(shown "$(service_main hub-bot)") is missing"
else
  report hub-bot "$HUB_WEBHOOK_HOST" 1 ''
fi
if [ -n "$HUB_TUNNEL_COMMAND" ]; then
  report tunnel '' 1 ''
else
  report tunnel '' 0 'not configured (TUNNEL_COMMAND is not set)'
fi

echo
ops sessions || exit 1
if [ "$missing" -ne 0 ] || [ "$config_ok" -eq 0 ]; then exit 3; fi
