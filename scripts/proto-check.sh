#!/usr/bin/env bash
# CI drift check for the gRPC contract: buf lint + format, then regenerate into
# a temporary directory and fail if libs/contracts/src/generated differs
# (README.md excepted). Never writes into the working tree.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=libs/contracts/src/generated
buf() { node node_modules/@bufbuild/buf/bin/buf "$@"; }

buf lint
if ! buf format --diff --exit-code >/dev/null; then
  echo "proto-check: FAILED — proto/ is not buf-formatted:" >&2
  buf format --diff >&2
  echo "Fix with: node node_modules/@bufbuild/buf/bin/buf format -w" >&2
  exit 1
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
buf generate --template buf.gen.yaml -o "$TMP"
mkdir -p "$TMP/$OUT"

if ! diff -r -u -x README.md "$TMP/$OUT" "$OUT" >"$TMP/drift.diff" 2>&1; then
  echo "proto-check: FAILED — $OUT is out of date with proto/ (or was edited by hand)." >&2
  echo "Regenerate with: bash scripts/proto-generate.sh   (and commit the result)" >&2
  echo "Differences (expected → committed):" >&2
  head -n 200 "$TMP/drift.diff" >&2
  exit 1
fi
echo "proto-check: OK — $OUT matches proto/"
