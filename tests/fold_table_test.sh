#!/usr/bin/env bash
# The committed case-fold table (src/fold_table.inc) is what Go's unicode
# package gives: regenerates it with scripts/gen_fold_table.go and compares.
# Skipped (exit 77) where Go is not installed.
set -euo pipefail
src=${1:?usage: fold_table_test.sh SOURCE_DIR}
command -v go >/dev/null 2>&1 || { echo "SKIP: go not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/cache" GOFLAGS=-mod=mod GO111MODULE=off
go run "$src/scripts/gen_fold_table.go" > "$tmp/fold_table.inc"
# The first line names the Go release that wrote it; the table is what counts.
if ! diff <(tail -n +2 "$src/src/fold_table.inc") <(tail -n +2 "$tmp/fold_table.inc") > "$tmp/diff"; then
  echo "src/fold_table.inc differs from what $(go version) generates:"
  head -20 "$tmp/diff"
  exit 1
fi
echo "src/fold_table.inc matches $(go version)"
