#!/usr/bin/env bash
# Makes sure /usr/bin/chromium exists (the browser the console tests drive through puppeteer-core),
# installing Debian's chromium package when running as root with apt-get. Quiet when present.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium" >&2
  if ! apt-cache show chromium >/dev/null 2>&1; then apt-get update -qq >&2; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
  if [ -x "$CHROMIUM" ]; then exit 0; fi
fi
cat >&2 <<'MSG'
ensure-chromium: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get).
Install it with:   sudo apt-get update && sudo apt-get install -y chromium
MSG
exit 1
