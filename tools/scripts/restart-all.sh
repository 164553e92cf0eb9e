#!/usr/bin/env bash
# Restarts the hub from this checkout: stop-all, then start-all, as after a change to .env or
# servers.json, or a new build. Nothing is stopped while the configuration is wrong.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<EOF
Usage: restart-all.sh [--timeout SECONDS]

Runs stop-all, then start-all, for $CCR_ROOT: what start-all started is
stopped (SIGTERM, SIGKILL after $STOP_TIMEOUT s) and started again from the built apps, which
read .env and config/servers.json anew.

The configuration and the build are checked first, with the apps' own rules: while a setting
is wrong or an app is not built, nothing is stopped and the running services keep running.

Options:
  --timeout SECONDS   passed to start-all: how long each service may take to answer /health
  -h, --help          this text

Exit status: start-all's (0 when every service that should run runs, 1 otherwise); 1 when
nothing was restarted.
EOF
}

start_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage && exit 0 ;;
    --timeout)
      [ "$#" -ge 2 ] || usage_error "--timeout needs a number of seconds"
      case "$2" in '' | *[!0-9]*) usage_error "--timeout needs a number of seconds" ;; esac
      start_args+=(--timeout "$2")
      shift 2
      ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done

cd "$CCR_ROOT"
require_built
load_hub_env ||
  die "not restarted: fix the configuration first (the setting named above); what runs keeps running"
wanted=(hub-api)
[ "$HUB_BOT" != on ] || wanted+=(hub-bot)
for name in "${wanted[@]}"; do
  [ -f "$(service_main "$name")" ] ||
    die "not restarted: $(shown "$(service_main "$name")") is missing: build first (npm run build); what runs keeps running"
done

bash "$here/stop-all.sh" || die "not restarted: stop-all failed (above)"
exec bash "$here/start-all.sh" ${start_args[@]+"${start_args[@]}"}
