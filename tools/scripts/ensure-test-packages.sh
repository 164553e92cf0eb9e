#!/usr/bin/env bash
# Installs what the integration tests start for real (tmux, sshd, ssh-keygen, script, which
# attaches a tmux client as a person's terminal, and the PostgreSQL server that
# tools/scripts/test-postgres.sh runs), and only when one of them is missing, so a prepared
# machine pays nothing.
set -euo pipefail

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
[ -x /usr/sbin/sshd ] || missing+=(sshd)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(ssh-keygen)
command -v script >/dev/null 2>&1 || missing+=(script)
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || missing+=(postgresql)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "ensure-test-packages: missing ${missing[*]}; installing tmux, openssh-server, openssh-client, bsdutils, postgresql" >&2

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-packages: apt-get not found; install tmux, OpenSSH (sshd, ssh-keygen) and PostgreSQL by hand" >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "ensure-test-packages: not root and no sudo; install tmux, openssh-server and postgresql by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  tmux openssh-server openssh-client bsdutils postgresql
