#!/usr/bin/env bash
# Adds a remote server to the hub: checks the new entry with the hub's rules, logs in over SSH
# (no prompts), records the host key, installs remote-hook there with install.sh's server
# mode, has it send a test notification, then adds the server to config/servers.json.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

ssh_port=22
ssh_connect_timeout=10
key=''
known_hosts=''
name=''
hub_port=''

usage() {
  cat <<EOF
Usage: add-remote-server.sh [options] USER@HOST SERVER-ID HUB-ADDRESS

  USER@HOST     where the server is reached over SSH, as the user Claude Code runs as
  SERVER-ID     its id in messages and commands, such as kr4 (letters, digits, - and _)
  HUB-ADDRESS   this machine's address as the server reaches it; the server's hook posts
                to http://HUB-ADDRESS:NOTIFY_PORT/notify

Steps, each stopping with a message when it fails:
  1. the entry is checked against config/servers.json with the hub's own rules
  2. hub-api must answer here (npm run start-all), for the test notification
  3. SSH: the host key is fetched (ssh-keyscan) unless known_hosts has it, then a login with
     the key, without prompts (BatchMode, $ssh_connect_timeout s connect timeout)
  4. the host key is recorded in the known_hosts file the entry points to
  5. over the same SSH: remote-hook from this checkout (npm pack dist/apps/remote-hook) is
     installed by install.sh's server mode, which writes its config and hooks, runs
     remote-hook doctor and sends a test notification ("completed", project
     ccr-setup-check)
  6. the server is added to config/servers.json; restart the hub to load it

Running it again for the same server changes nothing that is already right.

Options:
  --port N             SSH port (default 22)
  --key PATH           private key to log in with, which hub-bot will use too
                       (default: the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa)
  --known-hosts PATH   known_hosts file for the entry (default config/known_hosts)
  --name TEXT          a display name for lists
  --hub-port N         hub-api's port as the server reaches it (default NOTIFY_PORT)
  -h, --help           this text
EOF
}

need_value() {
  [ "$1" -ge 2 ] || usage_error "$2 needs a value"
}

positional=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h | --help) usage && exit 0 ;;
    --port) need_value "$#" "$1" && ssh_port="$2" && shift 2 ;;
    --key) need_value "$#" "$1" && key="$2" && shift 2 ;;
    --known-hosts) need_value "$#" "$1" && known_hosts="$2" && shift 2 ;;
    --name) need_value "$#" "$1" && name="$2" && shift 2 ;;
    --hub-port) need_value "$#" "$1" && hub_port="$2" && shift 2 ;;
    --) shift && positional+=("$@") && break ;;
    -*) usage_error "unknown option: $1" ;;
    *) positional+=("$1") && shift ;;
  esac
done
[ "${#positional[@]}" -eq 3 ] || usage_error "expected USER@HOST SERVER-ID HUB-ADDRESS"
target="${positional[0]}"
server_id="${positional[1]}"
hub_address="${positional[2]}"

case "$target" in
  *@*) user="${target%%@*}" host="${target#*@}" ;;
  *) usage_error "the first argument must be USER@HOST, such as dev@10.0.0.5" ;;
esac
# Values that reach ssh and the remote shell: nothing that could read as an option or as
# shell syntax.
is_word() {
  case "$1" in '' | -* | *[!A-Za-z0-9._:-]*) return 1 ;; esac
}
is_port() {
  case "$1" in '' | *[!0-9]*) return 1 ;; esac
  [ "$1" -ge 1 ] && [ "$1" -le 65535 ]
}
case "$user" in '' | -* | *[!A-Za-z0-9._-]*) usage_error "not a user name: '$user'" ;; esac
is_word "$host" || usage_error "not a host name or address: '$host'"
host="$(printf '%s' "$host" | tr '[:upper:]' '[:lower:]')"
is_word "$hub_address" || usage_error "not a host name or address: '$hub_address'"
is_port "$ssh_port" || usage_error "--port must be a port number (1-65535)"
[ -z "$hub_port" ] || is_port "$hub_port" || usage_error "--hub-port must be a port number (1-65535)"

cd "$CCR_ROOT"
require_built
load_hub_env || die "fix the configuration first (the setting named above)"
command -v ssh >/dev/null 2>&1 || die "ssh is not installed (Debian: apt-get install openssh-client)"
remote_hook_dist="$CCR_ROOT/dist/apps/remote-hook"
[ -f "$remote_hook_dist/main.js" ] || die "$(shown "$remote_hook_dist")/main.js is missing: run npm run build"

# Absolute paths: the entry must mean the same to hub-bot, whatever its working folder.
absolute() {
  local dir
  dir="$(cd "$(dirname "$1")" 2>/dev/null && pwd -P)" || return 1
  printf '%s/%s' "$dir" "$(basename "$1")"
}
if [ -z "$key" ]; then
  for candidate in "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ecdsa" "$HOME/.ssh/id_rsa"; do
    if [ -f "$candidate" ]; then key="$candidate" && break; fi
  done
  [ -n "$key" ] || die "no SSH key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa): pass --key PATH, or make one with ssh-keygen -t ed25519"
fi
if [ ! -f "$key" ] || [ ! -r "$key" ]; then die "--key $key: no such readable file"; fi
key="$(absolute "$key")"
[ -n "$known_hosts" ] || known_hosts="$CCR_ROOT/config/known_hosts"
mkdir -p "$(dirname "$known_hosts")"
known_hosts="$(absolute "$known_hosts")"
hub_port="${hub_port:-$HUB_NOTIFY_PORT}"
case "$hub_address" in
  *:*) endpoint="http://[$hub_address]:$hub_port/notify" ;;
  *) endpoint="http://$hub_address:$hub_port/notify" ;;
esac

entry_args=(--id "$server_id" --host "$host" --port "$ssh_port" --user "$user" --key "$key"
  --known-hosts "$known_hosts")
[ -z "$name" ] || entry_args+=(--name "$name")

echo "adding $server_id: $user@$host port $ssh_port, notifications to $endpoint"

# 1. The hub's rules, before anything is touched.
ops servers add --dry-run "${entry_args[@]}" || die "$server_id not added"

# 2. The test notification needs a running hub.
health="$(ops http-status "http://$(local_host "$HUB_NOTIFY_HOST"):$HUB_NOTIFY_PORT/health")"
[ "$health" = 200 ] ||
  die "hub-api does not answer on port $HUB_NOTIFY_PORT ($health): start it first (npm run start-all); the test notification goes to it"
secret="$(ops secret)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 3. SSH, as hub-bot will connect: this key, this known_hosts file, no ~/.ssh/config.
if [ "$ssh_port" -eq 22 ]; then known_name="$host"; else known_name="[$host]:$ssh_port"; fi
if [ -f "$known_hosts" ] && ssh-keygen -F "$known_name" -f "$known_hosts" >/dev/null 2>&1; then
  check_file="$known_hosts"
  new_host_key=0
else
  check_file="$work/scanned_known_hosts"
  ssh-keyscan -T "$ssh_connect_timeout" -p "$ssh_port" "$host" >"$check_file" 2>"$work/keyscan.log" || true
  [ -s "$check_file" ] ||
    die "cannot reach SSH on $host port $ssh_port (ssh-keyscan got no host key: $(tail -n 1 "$work/keyscan.log" 2>/dev/null))"
  new_host_key=1
fi
# Sets ssh_opts: host keys checked against FILE only.
ssh_options() {
  ssh_opts=(-F /dev/null -p "$ssh_port" -i "$key" -o BatchMode=yes
    -o "ConnectTimeout=$ssh_connect_timeout" -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes
    -o "UserKnownHostsFile=$1" -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR)
}
ssh_options "$check_file"
if ! login="$(ssh "${ssh_opts[@]}" "$user@$host" 'echo ccr-login-ok' </dev/null 2>&1)" ||
  [ "${login##*$'\n'}" != ccr-login-ok ]; then
  printf '%s\n' "$login" | tail -n 3 | sed 's/^/    /' >&2
  die "cannot log in as $user@$host port $ssh_port with $key (above); put ${key}.pub in ~$user/.ssh/authorized_keys there (ssh-copy-id -i ${key}.pub -p $ssh_port $user@$host)"
fi
echo "logged in over SSH as $user@$host with $key"

# 4. The host key the login was checked against, recorded for hub-bot.
if [ "$new_host_key" -eq 1 ]; then
  (umask 077 && cat "$check_file" >>"$known_hosts")
  while IFS= read -r fingerprint; do
    echo "recorded the host key in $(shown "$known_hosts"): $fingerprint"
  done < <(ssh-keygen -l -f "$check_file")
  echo "  (first contact: compare with ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the server)"
else
  echo "kept the host key of $known_name in $(shown "$known_hosts")"
fi
ssh_options "$known_hosts"

# 5. install.sh's server mode with this checkout's remote-hook, sent through the SSH
# connection's input as one script, so that it needs no scp or sftp there and the secret
# never appears in a command line.
cp "$CCR_ROOT/install.sh" "$work/install.sh"
tarball="$(cd "$work" && npm pack "$remote_hook_dist" --silent 2>/dev/null | tail -n 1)"
if [ -z "$tarball" ] || [ ! -f "$work/$tarball" ]; then die "npm pack $(shown "$remote_hook_dist") failed"; fi

# One POSIX single-quoted word.
sq() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

{
  cat <<'REMOTE'
set -e
umask 077
d=$(mktemp -d "${TMPDIR:-/tmp}/ccr-install.XXXXXX")
trap 'rm -rf "$d"' EXIT
base64 -d >"$d/payload.tar" <<'CCR_PAYLOAD'
REMOTE
  tar -C "$work" -cf - install.sh "$tarball" | base64
  cat <<'REMOTE'
CCR_PAYLOAD
tar -xf "$d/payload.tar" -C "$d"
REMOTE
  # shellcheck disable=SC2016 # $d is the remote script's own variable
  printf 'SERVER_ID=%s CENTRAL_HUB_ENDPOINT=%s SHARED_SECRET=%s CCR_REMOTE_HOOK_PACKAGE="$d"/%s bash "$d/install.sh" --test-notification\n' \
    "$(sq "$server_id")" "$(sq "$endpoint")" "$(sq "$secret")" "$(sq "$tarball")"
} >"$work/remote.sh"

echo "on $server_id ($user@$host):"
if ! ssh "${ssh_opts[@]}" "$user@$host" 'sh -s' \
  <"$work/remote.sh" 2>&1 | sed 's/^/    /'; then
  die "installing on $server_id failed (above); it is not in $HUB_SERVERS_CONFIG yet: run this again once fixed"
fi

# 6. The hub's list.
ops servers add "${entry_args[@]}" | tee "$work/added"
if grep -q '^added ' "$work/added"; then
  echo "next: restart the hub so that it knows $server_id: npm run restart-all"
fi
