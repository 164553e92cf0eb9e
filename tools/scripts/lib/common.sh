# shellcheck shell=bash
# Sourced by the operations scripts (start-all, stop-all, status, list-servers,
# add-remote-server): the checkout's paths, messages, the ops helper, and the services with
# their pid files. Needs bash and Node; nothing here parses .env or JSON itself.

CCR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
CCR_SCRIPT="$(basename "$0" .sh)"
RUN_DIR="$CCR_ROOT/run"
LOG_DIR="$CCR_ROOT/logs"
OPS_MAIN="$CCR_ROOT/dist/tools/scripts/main.js"
# Seconds a service gets to stop on SIGTERM before it is killed.
STOP_TIMEOUT=15

die() {
  printf '%s: %s\n' "$CCR_SCRIPT" "$*" >&2
  exit 1
}

usage_error() {
  printf '%s: %s\n(see %s --help)\n' "$CCR_SCRIPT" "$*" "$CCR_SCRIPT.sh" >&2
  exit 2
}

# One line about one service: "hub-api   started (…)".
say() {
  printf '%-9s %s\n' "$1" "$2"
}

# The ops helper (tools/scripts/src), built with the apps: it reads .env, servers.json and the
# database with the hub's own code.
ops() {
  node "$OPS_MAIN" "$@"
}

require_built() {
  command -v node >/dev/null 2>&1 || die "node is not on the PATH (Node.js 20 or newer is needed)"
  [ -f "$OPS_MAIN" ] ||
    die "${OPS_MAIN#"$CCR_ROOT"/} is missing: build first (npm run build, or bash install.sh)"
}

# Reads the hub's settings (environment, then .env, then servers.json's central block) into
# HUB_* variables; HUB_WARNINGS holds what the apps will warn about at start. On a
# configuration error, ops has printed it; the caller decides whether that is fatal.
# shellcheck disable=SC2034 # the HUB_* variables are read by the scripts that source this file
load_hub_env() {
  local output line
  HUB_NOTIFY_HOST=0.0.0.0 HUB_NOTIFY_PORT=3001 HUB_BOT=off HUB_BOT_OFF='' HUB_BOT_ERROR=''
  HUB_WEBHOOK_HOST=0.0.0.0 HUB_WEBHOOK_PORT=3000 HUB_TUNNEL_COMMAND='' HUB_SERVERS_CONFIG=''
  HUB_WARNINGS=()
  output="$(ops env)" || return 1
  while IFS= read -r line; do
    case "$line" in
      NOTIFY_HOST=*) HUB_NOTIFY_HOST="${line#*=}" ;;
      NOTIFY_PORT=*) HUB_NOTIFY_PORT="${line#*=}" ;;
      BOT=*) HUB_BOT="${line#*=}" ;;
      BOT_OFF=*) HUB_BOT_OFF="${line#*=}" ;;
      BOT_ERROR=*) HUB_BOT_ERROR="${line#*=}" ;;
      WARNING=*) HUB_WARNINGS+=("${line#*=}") ;;
      WEBHOOK_HOST=*) HUB_WEBHOOK_HOST="${line#*=}" ;;
      WEBHOOK_PORT=*) HUB_WEBHOOK_PORT="${line#*=}" ;;
      TUNNEL_COMMAND=*) HUB_TUNNEL_COMMAND="${line#*=}" ;;
      SERVERS_CONFIG=*) HUB_SERVERS_CONFIG="${line#*=}" ;;
    esac
  done <<<"$output"
}

# Where this machine reaches a server listening on HOST (any address: loopback).
local_host() {
  case "$1" in
    0.0.0.0 | :: | '') printf '127.0.0.1' ;;
    *:*) printf '[%s]' "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}

# --- services: hub-api, hub-bot, tunnel -------------------------------------------------

# The file a service's command line names: how a pid is recognised as ours.
service_main() {
  case "$1" in
    hub-api) printf '%s' "$CCR_ROOT/dist/apps/hub-api/main.js" ;;
    hub-bot) printf '%s' "$CCR_ROOT/dist/apps/hub-bot/main.js" ;;
    tunnel) printf '%s' "$CCR_ROOT/tools/scripts/lib/tunnel.sh" ;;
  esac
}

service_log() {
  case "$1" in
    hub-api) printf '%s' "$LOG_DIR/aggregator.log" ;;
    hub-bot) printf '%s' "$LOG_DIR/webhook.log" ;;
    tunnel) printf '%s' "$LOG_DIR/tunnel.log" ;;
  esac
}

pid_file() { printf '%s' "$RUN_DIR/$1.pid"; }
port_file() { printf '%s' "$RUN_DIR/$1.port"; }

# A path as the user knows it: relative to the checkout when inside it.
shown() { printf '%s' "${1#"$CCR_ROOT"/}"; }

# The command line of a running process, empty when there is none.
process_args() {
  local args=''
  if [ -d /proc/self ]; then
    if [ -r "/proc/$1/cmdline" ]; then args="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true)"; fi
  else
    args="$(ps -ww -o args= -p "$1" 2>/dev/null || true)"
  fi
  printf '%s' "${args% }"
}

# Looks at a service's pid file. Sets SERVICE_PID (and SERVICE_OTHER, another program's
# command line) and returns 0 when it runs and is ours, 1 without a pid file, 2 when the pid
# file is stale (the process is gone), 3 when the pid now belongs to another program.
service_state() {
  local file pid args
  file="$(pid_file "$1")"
  SERVICE_PID='' SERVICE_OTHER=''
  [ -f "$file" ] || return 1
  pid="$(head -n 1 "$file" 2>/dev/null || true)"
  SERVICE_PID="$pid"
  case "$pid" in '' | *[!0-9]*) return 2 ;; esac
  args="$(process_args "$pid")"
  [ -n "$args" ] || return 2
  case "$args" in *"$(service_main "$1")"*) return 0 ;; esac
  SERVICE_OTHER="$args"
  return 3
}

# Why a pid file is stale, after service_state returned 2 or 3.
stale_reason() {
  if [ "$1" -eq 3 ]; then
    printf 'pid %s is another program now: %.60s' "$SERVICE_PID" "$SERVICE_OTHER"
  elif [ -n "$SERVICE_PID" ]; then
    printf 'pid %s is not running' "$SERVICE_PID"
  else
    printf 'it holds no pid'
  fi
}

forget_service() {
  rm -f "$(pid_file "$1")" "$(port_file "$1")"
}

# Whether a process still runs: not gone, and not a zombie. An exiting process has an empty
# command line before it is a zombie, so process_args cannot tell this.
process_alive() {
  local stat
  if [ -d /proc/self ]; then
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    [ -n "$stat" ] || return 1
    stat="${stat##*) }"
    [ "${stat%% *}" != Z ]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

# Waits up to $2 steps of 0.2 s for a process to end; returns 0 once it has.
wait_gone() {
  local pid="$1" steps="$2" waited=0
  while process_alive "$pid"; do
    [ "$waited" -lt "$steps" ] || return 1
    sleep 0.2
    waited=$((waited + 1))
  done
}

# Sends SIGTERM to a service's process group (it leads one: ops spawn starts it so), waits up
# to STOP_TIMEOUT seconds, then SIGKILL, and returns once the process is gone. Prints what it
# did.
stop_pid() {
  local name="$1" pid="$2"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  if wait_gone "$pid" $((STOP_TIMEOUT * 5)); then
    say "$name" "stopped (pid $pid)"
  else
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 25 || true
    say "$name" "killed (pid $pid did not stop within $STOP_TIMEOUT s of SIGTERM)"
  fi
}

# Prints a log's lines written since byte OFFSET: the last 12, indented, each cut to 300
# characters (a JSON log line with a stack trace would fill the screen).
log_tail_since() {
  local log="$1" offset="$2"
  [ -f "$log" ] || return 0
  tail -c +"$((offset + 1))" "$log" | tail -n 12 | cut -c 1-300 | sed 's/^/    /'
}

file_size() {
  if [ -f "$1" ]; then wc -c <"$1" | tr -d ' '; else printf '0'; fi
}

# Holds run/.lock for the rest of the script (flock, where the system has it), so that two
# start-all or stop-all at once do not start or stop the same service twice.
lock_run_dir() {
  mkdir -p "$RUN_DIR"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$RUN_DIR/.lock"
  flock -w 30 9 || die "another start-all or stop-all is still running (run/.lock)"
}
