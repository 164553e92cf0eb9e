#!/usr/bin/env bash
# Starts the hub from this checkout: hub-api, hub-bot (when TELEGRAM_BOT_TOKEN is set) and the
# tunnel (when TUNNEL_COMMAND is set), each once, and waits until each is up.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

timeout=60

usage() {
  cat <<EOF
Usage: start-all.sh [--timeout SECONDS]

Starts the built hub from $CCR_ROOT, in the background, with node from
this folder so that .env is read:
  hub-api   always; log logs/aggregator.log; ready when GET /health on NOTIFY_PORT answers
  hub-bot   when TELEGRAM_BOT_TOKEN is set (and TELEGRAM_ENABLED is not false); log
            logs/webhook.log; ready when GET /health on WEBHOOK_PORT answers (it serves it
            in polling and webhook mode)
  tunnel    when TUNNEL_COMMAND is set in .env; log logs/tunnel.log

The configuration (.env, and config/servers.json with its central block, if any) is checked
first, with the apps' own rules: nothing starts while a setting is wrong, and what the apps
will warn about is shown on "warning" lines. A service that already runs is left alone; a
stale pid file (run/*.pid) is removed. A service that does not come up is stopped again and
its last log lines are shown.

Options:
  --timeout SECONDS   how long each service may take to answer /health (default $timeout)
  -h, --help          this text

Exit status: 0 when every service that should run runs, 1 otherwise.
EOF
}

while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage && exit 0 ;;
    --timeout)
      [ "$#" -ge 2 ] || usage_error "--timeout needs a number of seconds"
      case "$2" in '' | *[!0-9]*) usage_error "--timeout needs a number of seconds" ;; esac
      timeout="$2"
      shift 2
      ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done

cd "$CCR_ROOT"
require_built
load_hub_env || die "not started: fix the configuration first (the setting named above)"
mkdir -p "$LOG_DIR"
lock_run_dir
node_bin="$(command -v node)"

# Leaves a running service alone; removes a stale pid file. Returns 0 when it already runs.
already_running() {
  local name="$1" state=0
  service_state "$name" || state=$?
  case "$state" in
    0)
      local port
      port="$(cat "$(port_file "$name")" 2>/dev/null || true)"
      say "$name" "already running (pid $SERVICE_PID${port:+, port $port})"
      return 0
      ;;
    2 | 3)
      say "$name" "removed a stale pid file, $(shown "$(pid_file "$name")") ($(stale_reason "$state"))"
      forget_service "$name"
      ;;
  esac
  return 1
}

# Starts a service and records its pid. Sets STARTED_PID; prints why when it cannot start.
spawn_service() {
  local name="$1"
  shift
  STARTED_PID="$(ops spawn --log "$(service_log "$name")" -- "$@")" || {
    say "$name" "failed to start (see above)"
    return 1
  }
  printf '%s\n' "$STARTED_PID" >"$(pid_file "$name")"
}

# Stops what did not come up and shows what its log says.
start_failed() {
  local name="$1" reason="$2" offset="$3"
  say "$name" "failed to start: $reason; last lines of $(shown "$(service_log "$name")"):"
  log_tail_since "$(service_log "$name")" "$offset"
  if [ -n "$(process_args "$STARTED_PID")" ]; then
    kill -KILL -- "-$STARTED_PID" 2>/dev/null || kill -KILL "$STARTED_PID" 2>/dev/null || true
  fi
  forget_service "$name"
  return 1
}

# A Node app that answers GET /health on HOST:PORT once it is ready.
start_app() {
  local name="$1" host="$2" port="$3" log offset reason url
  already_running "$name" && return 0
  if ops port-open "$(local_host "$host")" "$port"; then
    say "$name" "not started: port $port is already in use by another program (is another copy running?)"
    return 1
  fi
  log="$(service_log "$name")"
  offset="$(file_size "$log")"
  spawn_service "$name" "$node_bin" "$(service_main "$name")" || return 1
  printf '%s\n' "$port" >"$(port_file "$name")"
  url="http://$(local_host "$host"):$port/health"
  if reason="$(ops wait-health --url "$url" --pid "$STARTED_PID" --timeout "$timeout")"; then
    say "$name" "started (pid $STARTED_PID, port $port, log $(shown "$log"))"
  else
    start_failed "$name" "$reason" "$offset"
  fi
}

start_tunnel() {
  local log offset
  already_running tunnel && return 0
  log="$(service_log tunnel)"
  offset="$(file_size "$log")"
  TUNNEL_COMMAND="$HUB_TUNNEL_COMMAND" spawn_service tunnel bash "$(service_main tunnel)" ||
    return 1
  # A tunnel has no health check: one that fails at once (a typo, no network) shows here.
  sleep 1
  if [ -z "$(process_args "$STARTED_PID")" ]; then
    start_failed tunnel "the command exited at once" "$offset"
    return 1
  fi
  say tunnel "started (pid $STARTED_PID, log $(shown "$log")): $HUB_TUNNEL_COMMAND"
}

for warning in ${HUB_WARNINGS[@]+"${HUB_WARNINGS[@]}"}; do say warning "$warning"; done

status=0
start_app hub-api "$HUB_NOTIFY_HOST" "$HUB_NOTIFY_PORT" || status=1

case "$HUB_BOT" in
  on)
    if [ -f "$(service_main hub-bot)" ]; then
      start_app hub-bot "$HUB_WEBHOOK_HOST" "$HUB_WEBHOOK_PORT" || status=1
    else
      say hub-bot "skipped: not built ($(shown "$(service_main hub-bot)") is missing; run npm run build)"
    fi
    ;;
  off) say hub-bot "skipped: $HUB_BOT_OFF in .env" ;;
  *)
    say hub-bot "not started: configuration error: $HUB_BOT_ERROR"
    status=1
    ;;
esac

if [ -n "$HUB_TUNNEL_COMMAND" ]; then
  start_tunnel || status=1
else
  say tunnel "not configured (TUNNEL_COMMAND is not set in .env)"
fi

exit "$status"
