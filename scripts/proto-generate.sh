#!/usr/bin/env bash
# Contract-first gRPC: lint proto/ with buf, then regenerate the TypeScript in
# libs/contracts/src/generated with ts-proto (options in buf.gen.yaml).
#
# Deterministic: pinned buf and ts-proto versions, output fully replaced (stale
# files of removed protos disappear), README.md kept. Needs no npm install
# script: buf runs through its JS launcher, which execs the platform binary
# from the @bufbuild/buf-<os>-<arch> optional dependency.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=libs/contracts/src/generated
buf() { node node_modules/@bufbuild/buf/bin/buf "$@"; }

buf lint
buf format --diff --exit-code >/dev/null || {
  echo "proto-generate: proto/ is not buf-formatted; run: node node_modules/@bufbuild/buf/bin/buf format -w" >&2
  buf format --diff >&2
  exit 1
}

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
buf generate --template buf.gen.yaml -o "$TMP"

# Replace everything but README.md, only once generation has succeeded.
mkdir -p "$OUT"
find "$OUT" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
cp -R "$TMP/$OUT/." "$OUT/"
echo "proto-generate: $(find "$OUT" -name '*.ts' | wc -l | tr -d ' ') files in $OUT"
