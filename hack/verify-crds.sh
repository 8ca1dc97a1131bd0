#!/usr/bin/env bash
# Regenerates the CRDs from api/ into a temporary directory and fails when crds/ differs from them
# (sample-controller's verify-codegen pattern). Fix a failure with: npx tsx hack/gen-crds.ts
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d -t orgplane-crds.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
if ! node_modules/.bin/tsx hack/gen-crds.ts "$tmp" >/dev/null; then
  echo "verify-crds: generating CRDs from api/ failed" >&2
  exit 1
fi
if ! diff -ru crds "$tmp" >&2; then
  echo "verify-crds: crds/ is out of date with api/ (diff above); regenerate with: npx tsx hack/gen-crds.ts" >&2
  exit 1
fi
echo "verify-crds: crds/ matches api/"
