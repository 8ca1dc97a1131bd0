#!/usr/bin/env bash
# Finds an etcd binary, or installs Debian's etcd-server when running as root with apt-get.
# Prints the path of the etcd binary on success; otherwise says how to get one and fails.
set -euo pipefail
if command -v etcd >/dev/null 2>&1; then command -v etcd; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-etcd: installing Debian's etcd-server" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client >&2
  command -v etcd && exit 0
fi
cat >&2 <<'MSG'
ensure-etcd: no etcd binary found and it cannot be installed here (needs root and apt-get).
Install it with:   sudo apt-get update && sudo apt-get install -y etcd-server
or put an etcd 3.4+ binary on PATH.
MSG
exit 1
