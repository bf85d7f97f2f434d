#!/usr/bin/env bash
# The long fuzz runs behind the README's robustness table: each target of the
# `fuzz` preset (clang, libFuzzer, ASan + UBSan) for SECONDS, one at a time,
# then its grown corpus merged into fuzz/corpus/<name> (libFuzzer's -merge=1
# keeps only inputs that add coverage; inputs over 64 KiB are left out).
# Prints one table row per target: executions, exec/s, edges, new seeds.
#
#   cmake --preset fuzz && cmake --build --preset fuzz
#   bash fuzz/long_run.sh 600 [target...]      # 10 minutes each
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
build=build/fuzz/fuzz
targets=("$@")
((${#targets[@]})) || targets=(duration cidr datetime check_request check_response validate_schema openapi_load c_api roundtrip_json)
corpus_of() { [[ $1 == roundtrip_json ]] && echo check_request || echo "$1"; }

for t in "${targets[@]}"; do
  c=$(corpus_of "$t")
  scratch=$build/long-$t
  log=$build/long-$t.log
  mkdir -p "$scratch" "$build/artifacts-long-$t"
  "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="fuzz/$c.dict" -artifact_prefix="$build/artifacts-long-$t/" -print_final_stats=1 \
    "$scratch" "fuzz/corpus/$c" >"$log" 2>&1 || { echo "fuzz_$t: FAILED, see $log"; tail -30 "$log"; continue; }
  before=$(find "fuzz/corpus/$c" -type f | wc -l)
  "$build/fuzz_$t" -merge=1 -max_len=65536 "fuzz/corpus/$c" "$scratch" >"$build/long-$t.merge.log" 2>&1
  after=$(find "fuzz/corpus/$c" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  edges=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  echo "| \`fuzz_$t\` | ${seconds} s | $execs | $rate | $edges | +$((after - before)) | clean |"
done
