#!/usr/bin/env bash
# Claude Code Remote installer, in two modes. Without SERVER_ID it installs the hub in the
# checkout it sits in; with SERVER_ID it installs remote-hook on a server running Claude Code.
# Running it again changes nothing that is already right, and never replaces a .env, a secret
# or Claude Code settings of yours. One line per action: created, kept, updated, installed.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage:
  bash install.sh [--skip-build]                  on the hub, in a checkout
  SERVER_ID=kr4 CENTRAL_HUB_ENDPOINT=http://HUB:3001/notify SHARED_SECRET=… \
    bash install.sh [--test-notification]         on a server running Claude Code

On the hub (SERVER_ID unset):
  - npm ci when node_modules is missing or older than package-lock.json, then the build
    (npx nx run-many -t build); their output goes to logs/install.log
  - .env from .env.example, with a generated SHARED_SECRET (64 hex characters), when there
    is no .env; an existing .env is kept as it is
  - config/servers.json (SERVERS_CONFIG) listing the local server, when there is none; an
    existing one is checked with the hub's rules and kept

On a server (SERVER_ID set):
  - @ccr/remote-hook: from the tarball in CCR_REMOTE_HOOK_PACKAGE when set (made on the hub
    by "npm pack dist/apps/remote-hook"), else from the npm registry; globally as root or
    when npm's global folder is writable, else under ~/.local
  - "remote-hook install": its config (~/.config/ccr/remote-hook.json) from SERVER_ID,
    CENTRAL_HUB_ENDPOINT and SHARED_SECRET, and its hooks merged into Claude Code's
    settings.json, keeping every hook of yours
  - "remote-hook doctor": the hub answers and accepts the secret

Options:
  --skip-build          hub: leave node_modules and dist/ as they are (already built)
  --test-notification   server: then send a "completed" notification (project
                        ccr-setup-check) and check that the hub stored it
  -h, --help            this text
EOF
}

say() { printf '%s\n' "$*"; }

die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}

skip_build=0
test_notification=0
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage && exit 0 ;;
    --skip-build) skip_build=1 ;;
    --test-notification) test_notification=1 ;;
    *) printf 'install.sh: unknown argument: %s (see --help)\n' "$arg" >&2 && exit 2 ;;
  esac
done

check_node() {
  command -v node >/dev/null 2>&1 || die "node is not on the PATH: install Node.js 20 or newer"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: 20 or newer is needed"
  command -v npm >/dev/null 2>&1 || die "npm is not on the PATH (it comes with Node.js)"
}

# Runs a long command with its output in LOG; on failure shows the end of it and stops.
run_logged() {
  local log="$1" what="$2"
  shift 2
  printf '\n$ %s\n' "$*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    printf 'install.sh: %s failed; last lines of %s:\n' "$what" "$log" >&2
    tail -n 25 "$log" | sed 's/^/    /' >&2
    exit 1
  fi
}

# --- hub --------------------------------------------------------------------------------

hub_install() {
  local root ops settings servers port secret tmp summary line
  root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
  cd "$root"
  if [ ! -f package.json ] || [ ! -f nx.json ]; then
    die "$root is not a checkout of the hub (no package.json and nx.json); on a server, set SERVER_ID (see --help)"
  fi
  check_node
  say "hub in $root"

  if [ "$skip_build" -eq 1 ]; then
    say "kept node_modules and dist/ as they are (--skip-build)"
  else
    mkdir -p logs
    if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
      say "kept node_modules (up to date with package-lock.json)"
    else
      say "installing dependencies (npm ci; compiling sqlite3 takes about a minute)…"
      run_logged logs/install.log "npm ci" npm ci --no-audit --no-fund
      say "installed node_modules (npm ci)"
    fi
    run_logged logs/install.log "the build" env NX_DAEMON=false npx nx run-many -t build --output-style=static
    say "built dist/ (npx nx run-many -t build; log logs/install.log)"
  fi
  ops="$root/dist/tools/scripts/main.js"
  [ -f "$ops" ] || die "${ops#"$root"/} is missing: run install.sh without --skip-build"

  if [ -f .env ]; then
    say "kept .env (yours, unchanged)"
  else
    [ -f .env.example ] || die ".env.example is missing from $root"
    secret="$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')"
    tmp=".env.$$.tmp"
    (
      umask 077
      if grep -q '^SHARED_SECRET=' .env.example; then
        sed "s/^SHARED_SECRET=.*/SHARED_SECRET=$secret/" .env.example >"$tmp"
      else
        { cat .env.example && printf 'SHARED_SECRET=%s\n' "$secret"; } >"$tmp"
      fi
    )
    # A hard link fails when .env appeared meanwhile: never over one.
    ln "$tmp" .env 2>/dev/null || {
      rm -f "$tmp"
      die ".env appeared while writing it; run install.sh again"
    }
    rm -f "$tmp"
    say "created .env from .env.example, with a generated SHARED_SECRET (mode 600)"
  fi

  # The apps read servers.json with .env (its central block may set their ports and secret),
  # so a missing one is made before the configuration is checked as a whole.
  servers="$(node "$ops" servers path)" || die "fix the configuration first (the setting named above)"
  if [ -f "$servers" ]; then
    summary="$(node "$ops" servers check)" || die "fix $servers first (the hub would not start with it)"
    say "kept $summary"
  else
    mkdir -p "$(dirname "$servers")"
    (
      umask 077
      cat >"$servers" <<'EOF'
{
  "servers": [
    {
      "id": "local",
      "type": "local",
      "name": "The hub's own machine"
    }
  ]
}
EOF
    )
    say "created $servers with the local server"
  fi
  settings="$(node "$ops" env)" || die "fix the configuration first (the setting named above)"
  port=''
  while IFS= read -r line; do
    case "$line" in NOTIFY_PORT=*) port="${line#*=}" ;; esac
  done <<<"$settings"

  cat <<EOF
next: for Telegram, set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID in .env
next: npm run start-all, then npm run status
next: on each server: SERVER_ID=<id> CENTRAL_HUB_ENDPOINT=http://<this machine>:$port/notify SHARED_SECRET=<SHARED_SECRET of .env> bash install.sh
      or from here, over SSH: npm run add-remote-server -- <user>@<host> <id> <this machine's address>
EOF
}

# --- server -----------------------------------------------------------------------------

# "VERSION CHECKSUM" of the remote-hook installed in a folder, empty when there is none.
installed_build() {
  local dir="$1"
  [ -f "$dir/package.json" ] && [ -f "$dir/main.js" ] || return 0
  printf '%s %s' "$(node -p 'require(process.argv[1]).version' "$dir/package.json")" \
    "$(cksum <"$dir/main.js" | cut -d ' ' -f 1)"
}

server_install() {
  local package global prefix dir cli before after log dir_check flush_output
  local -a prefix_args=()
  check_node
  package="@ccr/remote-hook"
  if [ -n "${CCR_REMOTE_HOOK_PACKAGE:-}" ]; then
    [ -f "$CCR_REMOTE_HOOK_PACKAGE" ] ||
      die "CCR_REMOTE_HOOK_PACKAGE: $CCR_REMOTE_HOOK_PACKAGE is not a file (make one on the hub with: npm pack dist/apps/remote-hook)"
    package="$(cd "$(dirname "$CCR_REMOTE_HOOK_PACKAGE")" && pwd -P)/$(basename "$CCR_REMOTE_HOOK_PACKAGE")"
  fi

  global="$(npm prefix -g)"
  if [ "$(id -u)" -eq 0 ] || [ -w "$global" ]; then
    prefix="$global"
  else
    prefix="$HOME/.local"
    prefix_args=(--prefix "$prefix")
  fi
  dir="$prefix/lib/node_modules/@ccr/remote-hook"
  cli="$dir/main.js"
  say "server $SERVER_ID: remote-hook under $prefix"

  before="$(installed_build "$dir")"
  if [ -n "$before" ] && [ "$package" != "@ccr/remote-hook" ] &&
    [ "${before#* }" = "$(tar -xzOf "$package" package/main.js | cksum | cut -d ' ' -f 1)" ]; then
    say "kept @ccr/remote-hook ${before%% *} (the same build is installed)"
  else
    log="$(mktemp)"
    local -a npm_args=(install -g ${prefix_args[@]+"${prefix_args[@]}"} --no-audit --no-fund --no-update-notifier)
    # The package has no dependencies, so a tarball installs without the registry.
    [ "$package" = "@ccr/remote-hook" ] || npm_args+=(--offline)
    if ! npm "${npm_args[@]}" "$package" >"$log" 2>&1; then
      printf 'install.sh: npm install %s failed:\n' "$package" >&2
      tail -n 25 "$log" | sed 's/^/    /' >&2
      rm -f "$log"
      exit 1
    fi
    rm -f "$log"
    after="$(installed_build "$dir")"
    [ -n "$after" ] || die "npm installed @ccr/remote-hook, but not in $dir"
    if [ -z "$before" ]; then
      say "installed @ccr/remote-hook ${after%% *}"
    elif [ "$before" = "$after" ]; then
      say "kept @ccr/remote-hook ${after%% *} (already the newest)"
    else
      say "updated @ccr/remote-hook ${before%% *} → ${after%% *}"
    fi
  fi

  # Its own lines say what it did with the config file and with Claude Code's settings; its
  # closing hint to run doctor is left out, as doctor runs next.
  node "$cli" install | sed '/^next: /d' || die "remote-hook install failed (above)"
  say "checking with remote-hook doctor:"
  if ! node "$cli" doctor | sed 's/^/    /'; then
    die "remote-hook is installed, but doctor found a problem (✗ above); events wait in the spool until it is fixed"
  fi

  if [ "$test_notification" -eq 1 ]; then
    dir_check="$(mktemp -d)/ccr-setup-check"
    mkdir "$dir_check"
    (cd "$dir_check" && node "$cli" completed </dev/null)
    flush_output="$(node "$cli" flush 2>&1)" || {
      rm -rf "$(dirname "$dir_check")"
      die "the test notification did not reach the hub: $flush_output"
    }
    rm -rf "$(dirname "$dir_check")"
    say "sent a test notification (completed, project ccr-setup-check); the hub stored it"
  fi

  case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) say "note: $prefix/bin is not on your PATH; add it to run remote-hook by name (the hooks do not need it)" ;;
  esac
}

if [ -n "${SERVER_ID:-}" ]; then
  server_install
else
  hub_install
fi
