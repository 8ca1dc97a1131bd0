#!/usr/bin/env bash
# Finds lua5.4 (the Argo CD health scripts' tests run under it), or installs Debian's lua5.4 when
# running as root with apt-get (apt-get update only when the package is not known yet).
# Prints the path of the lua5.4 binary on success; otherwise says how to get one and fails.
set -euo pipefail
if command -v lua5.4 >/dev/null 2>&1; then command -v lua5.4; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-lua: installing Debian's lua5.4" >&2
  apt-cache show lua5.4 >/dev/null 2>&1 || apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lua5.4 >&2
  command -v lua5.4 && exit 0
fi
cat >&2 <<'MSG'
ensure-lua: no lua5.4 binary found and it cannot be installed here (needs root and apt-get).
Install it with:   sudo apt-get update && sudo apt-get install -y lua5.4
MSG
exit 1
