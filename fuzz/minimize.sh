#!/usr/bin/env bash
# Shrinks a grown corpus before it is committed: every named file (seed_*,
# regression-*, the catalog documents) stays; of the hash-named inputs the
# long runs added, only those up to MAX_BYTES that add coverage beyond the
# named files survive (libFuzzer -set_cover_merge=1, a smallest covering set, with the `fuzz` preset's target).
#
#   bash fuzz/minimize.sh [MAX_BYTES] [corpus...]     # default 8192, all
set -euo pipefail
cd "$(dirname "$0")/.."
max=${1:-8192}
shift || true
build=build/fuzz/fuzz
corpora=("$@")
((${#corpora[@]})) || corpora=(duration cidr datetime check_request check_response validate_schema openapi_load c_api)
for c in "${corpora[@]}"; do
  dir=fuzz/corpus/$c
  work=$(mktemp -d)
  mkdir "$work/keep" "$work/grown"
  find "$dir" -type f -regextype posix-extended ! -regex '.*/[0-9a-f]{40}' -exec cp {} "$work/keep/" \;
  find "$dir" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -size -$((max + 1))c -exec cp {} "$work/grown/" \;
  before=$(find "$dir" -type f | wc -l)
  before_kb=$(du -s --apparent-size -k "$dir" | cut -f1)
  "$build/fuzz_$c" -set_cover_merge=1 -max_len=$((max > 65536 ? max : 65536)) "$work/keep" "$work/grown" >"$build/minimize-$c.log" 2>&1
  find "$dir" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -delete
  find "$work/keep" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -exec cp {} "$dir/" \;
  after=$(find "$dir" -type f | wc -l)
  after_kb=$(du -s --apparent-size -k "$dir" | cut -f1)
  echo "$c: $before files ${before_kb} KiB -> $after files ${after_kb} KiB"
  rm -rf "$work"
done
