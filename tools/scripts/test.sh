#!/usr/bin/env bash
# Every check the project has: type checks, lint, unit tests, then end-to-end tests against
# the built apps. Ends with one plain line "N passed, N failed" (totals over all projects).
set -uo pipefail
cd "$(dirname "$0")/../.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false TZ=UTC
export CI="${CI:-true}"

if [ ! -d node_modules ]; then
  echo "test: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi

# The executor's integration tests start a real tmux and a real sshd.
bash tools/scripts/ensure-test-packages.sh || exit 1

results=tmp/test-results
rm -rf "$results" && mkdir -p "$results"

status=0
npx nx run-many -t typecheck lint test --output-style=static --skip-nx-cache || status=1
npx nx run-many -t e2e --output-style=static --skip-nx-cache --parallel=1 || status=1

node tools/scripts/test-summary.mjs "$results" || status=1
exit $status
