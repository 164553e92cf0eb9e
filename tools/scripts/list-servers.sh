#!/usr/bin/env bash
# The hub's ports, then the servers it knows, from config/servers.json (SERVERS_CONFIG).
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
  cat <<EOF
Usage: list-servers.sh

The hub's ports (hub-api, and hub-bot when TELEGRAM_BOT_TOKEN is set), then each server in
config/servers.json (SERVERS_CONFIG in .env): id, type, host, SSH user and port, name.
The file is checked with the hub's own rules, in either shape (flat, or the original
scripts' with a central block); a mistake is named by its field, and what the apps would
warn about at start is printed on stderr as "warning: …" lines.

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
require_built
ops servers list
