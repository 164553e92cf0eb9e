#!/usr/bin/env bash
# Runs TUNNEL_COMMAND (from .env) for start-all. The command runs as a child rather than in
# place of this script, so that this script's path stays in the process's command line, by
# which stop-all and status know the process as the hub's tunnel.
set -uo pipefail
: "${TUNNEL_COMMAND:?TUNNEL_COMMAND is not set}"
echo "tunnel: running: $TUNNEL_COMMAND"
bash -c "$TUNNEL_COMMAND"
status=$?
echo "tunnel: the command exited with status $status"
exit "$status"
