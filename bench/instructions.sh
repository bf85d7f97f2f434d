#!/usr/bin/env bash
# Instructions per operation, counted by callgrind (repeatable on a noisy
# machine), for the two validation payloads; then the instruction-cache
# misses per check in callgrind's cache model. usage: bench/instructions.sh BUILD_DIR
set -euo pipefail
bin="$1/bench/instructions"
# Each payload as: operation, status (0: a request), file.
payloads=("cloudflare.access.service_tokens.update 200 tests/data/service-token-update-response.seed.json"
          "cloudflare.user.tokens.update 0 schemas/examples/catalog/cloudflare.user.tokens.update/request.valid.json")
count() {  # mode operation status file -> instructions in main
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect=main "$bin" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# The simdjson kernel counted here and the one timed natively: their
# instruction counts differ (AVX-512 does a block's work in fewer).
set -- ${payloads[0]}
echo "simdjson kernel: $(valgrind -q "$bin" 9 "$@") under callgrind (the counts below), $("$bin" 9 "$@") run natively here"
for c in "${payloads[@]}"; do
  set -- $c
  base=$(count 3 "$@"); parse=$(count 0 "$@"); hardened=$(count 1 "$@"); both=$(count 2 "$@"); only=$(count 4 "$@")
  whole=$(count 5 "$@"); simd=$(count 6 "$@"); full=$(count 7 "$@"); into=$(count 8 "$@")
  per() { echo $(( ($1 - base) / 2000 )); }
  p=$(per "$parse"); h=$(per "$hardened"); b=$(per "$both"); v=$(per "$only"); w=$(per "$whole"); s=$(per "$simd")
  f=$(per "$full"); i=$(per "$into")
  echo "$1: json::parse $p, parse_json $h, parse_json+is_valid $b (+$(( (b - p) * 100 / p ))% on json::parse), is_valid alone $v, whole check from bytes $w instructions ($f without the verdict-only plan, $i into a reused result); simdjson parse alone $s (whole check / simdjson $(( w * 100 / s ))%)"
done

# Instruction-cache misses per check, in callgrind's model of an L1i of
# 32 KB, 8-way, 64-byte lines (an x86 core's), then of one twice that: a
# loop whose hot code outgrows the L1i fetches much of it again on every
# check, which the instruction counts above do not show but the timings do.
misses() {  # I1_BYTES mode operation status file -> I1 misses in the whole run
  valgrind --tool=callgrind --cache-sim=yes --I1="$1",8,64 --D1=32768,8,64 --LL=8388608,16,64 \
    --callgrind-out-file=/dev/null "$bin" "${@:2}" 2>&1 | sed -n 's/.*I1  misses: *\([0-9,]*\).*/\1/p' | tr -d ,
}
for c in "${payloads[@]}"; do
  set -- $c
  line="$1: I1 misses per check"
  for size in 32768 65536; do
    base=$(misses "$size" 3 "$@")
    line+=", $((size / 1024)) KB: whole check $(( ($(misses "$size" 5 "$@") - base) / 2000 )), simdjson parse alone $(( ($(misses "$size" 6 "$@") - base) / 2000 ))"
  done
  echo "$line"
done
