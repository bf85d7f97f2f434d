#!/usr/bin/env bash
# Instructions per operation, counted by callgrind (repeatable on a noisy
# machine), for the two validation payloads. usage: bench/instructions.sh BUILD_DIR
set -euo pipefail
bin="$1/bench/instructions"
count() {  # mode operation status file -> instructions in main
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect=main "$bin" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for c in "cloudflare.access.service_tokens.update 200 tests/data/service-token-update-response.seed.json" \
         "cloudflare.user.tokens.update 0 schemas/examples/catalog/cloudflare.user.tokens.update/request.valid.json"; do
  set -- $c
  base=$(count 3 "$@"); parse=$(count 0 "$@"); hardened=$(count 1 "$@"); both=$(count 2 "$@"); only=$(count 4 "$@")
  whole=$(count 5 "$@"); simd=$(count 6 "$@"); full=$(count 7 "$@"); into=$(count 8 "$@")
  per() { echo $(( ($1 - base) / 2000 )); }
  p=$(per "$parse"); h=$(per "$hardened"); b=$(per "$both"); v=$(per "$only"); w=$(per "$whole"); s=$(per "$simd")
  f=$(per "$full"); i=$(per "$into")
  echo "$1: json::parse $p, parse_json $h, parse_json+is_valid $b (+$(( (b - p) * 100 / p ))% on json::parse), is_valid alone $v, whole check from bytes $w instructions ($f without the verdict-only plan, $i into a reused result); simdjson parse alone $s (whole check / simdjson $(( w * 100 / s ))%)"
done
