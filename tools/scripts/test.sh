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

# The executor's integration tests start a real tmux and a real sshd; the data layer's specs
# and the hub's end-to-end suites run on SQLite and on PostgreSQL.
bash tools/scripts/ensure-test-packages.sh || exit 1

# One PostgreSQL server for the whole run, on loopback; each suite makes a database of its own
# in it. Stopped however the run ends.
postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/ccr-postgres-XXXXXX")
rmdir "$postgres_dir"
trap 'bash tools/scripts/test-postgres.sh stop "$postgres_dir"' EXIT
CCR_TEST_POSTGRES_URL=$(bash tools/scripts/test-postgres.sh start "$postgres_dir") || exit 1
export CCR_TEST_POSTGRES_URL

results=tmp/test-results
rm -rf "$results" && mkdir -p "$results"

status=0
npx nx run-many -t typecheck lint test --output-style=static --skip-nx-cache || status=1
npx nx run-many -t e2e --output-style=static --skip-nx-cache --parallel=1 || status=1
# The hub's end-to-end suites once more on PostgreSQL (their `postgres` configuration, reports
# *-e2e-postgres.json), on the apps the first pass built.
npx nx run-many -t e2e -c postgres -p hub-api hub-bot --output-style=static --skip-nx-cache \
  --parallel=1 --excludeTaskDependencies || status=1

node tools/scripts/test-summary.mjs "$results" || status=1
exit $status
