#!/usr/bin/env bash
# tokenguard's one entry point for people and CI. On a fresh Debian 12
# machine it installs the Debian packages it needs (apt-get; as root, or
# through sudo), saying which first, then:
#
#   bash scripts/run.sh demo    build the tool, run it on the bundled examples
#   bash scripts/run.sh test    build everything, run every test (CI runs this)
#   bash scripts/run.sh bench   build optimized, run the benchmark suite
#   bash scripts/run.sh fuzz [SECONDS]
#                               clang + libFuzzer + ASan/UBSan, each target
#                               fuzzed for SECONDS (default 60)
#
# --no-install (anywhere among the arguments): install nothing; name the
# missing packages and stop, for machines where the user manages packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages by purpose. Build: what the library and tool compile
# against. Test: what the tests, fuzzers and benchmarks add (valijson is
# their reference validator), and test inputs read from their Debian
# packages, never copied.
BUILD_PACKAGES=(g++ cmake ninja-build pkg-config nlohmann-json3-dev libre2-dev libpcre2-dev libyaml-dev libsimdjson-dev)
TEST_PACKAGES=(libvalijson-dev libgtest-dev libbenchmark-dev libabsl-dev json-schema-test-suite golang-1.19-src python3-idna python3-jsonschema python3-yaml python3-rfc3987 python3-pytest python3-hypothesis python3-requests python3-setuptools python3-pip golang-go)
FUZZ_PACKAGES=(clang libclang-rt-14-dev libvalijson-dev)

log() { printf '\n==> %s\n' "$*" >&2; }

NO_INSTALL=0
args=()
for a in "$@"; do
  if [[ $a == --no-install ]]; then NO_INSTALL=1; else args+=("$a"); fi
done
set -- "${args[@]+"${args[@]}"}"

# Installs whichever of the named packages are missing.
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if ((NO_INSTALL)); then
    log "missing Debian packages: ${missing[*]}"
    echo "install them (apt-get install ${missing[*]}), or run without --no-install" >&2
    exit 1
  fi
  log "installing Debian packages (run with --no-install to manage them yourself): ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

have_clang() { command -v clang++ >/dev/null 2>&1; }

jobs() { nproc 2>/dev/null || echo 2; }

# Runs the tool on one example and shows the command and its verdict; exit 1
# (invalid) is the point of half the examples, exit 2 would be a failure.
show() {
  printf '\n$ tokenguard'
  printf ' %q' "$@"
  printf '\n'
  local rc=0
  build/release/tokenguard "$@" | sed 's/^/  /' || true
  build/release/tokenguard "$@" >/dev/null 2>&1 || rc=$?
  [[ $rc -lt 2 ]] || { echo "tokenguard failed with exit status $rc" >&2; return 1; }
}

demo() {
  ensure_packages "${BUILD_PACKAGES[@]}"
  log "building the tokenguard tool (preset: release)"
  cmake --preset release >/dev/null
  cmake --build --preset release --target tokenguard_cli -j "$(jobs)"
  local ex=schemas/examples/catalog
  log "Cloudflare Access service tokens"
  show check request cloudflare.access.service_tokens.update "$ex/cloudflare.access.service_tokens.update/request.valid.json"
  show check request cloudflare.access.service_tokens.update "$ex/cloudflare.access.service_tokens.update/request.invalid.TG_FORMAT.duration-1d.json"
  show check response cloudflare.access.service_tokens.update --status 200 "$ex/cloudflare.access.service_tokens.update/response.200.valid.json"
  show check response cloudflare.access.service_tokens.update --status 200 "$ex/cloudflare.access.service_tokens.update/response.200.invalid.TG_FORMAT.created-at-not-date-time.json"
  show check request --method GET --path "/zones/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/not-a-uuid" \
    --header "Authorization: Bearer example-token"
  log "Cloudflare user API tokens"
  show check request cloudflare.user.tokens.update "$ex/cloudflare.user.tokens.update/request.valid.json"
  show check request cloudflare.user.tokens.create "$ex/cloudflare.user.tokens.create/request.invalid.TG_FORMAT.cidr-slash-33.json"
  show check request cloudflare.user.tokens.create "$ex/cloudflare.user.tokens.create/request.invalid.TG_MAX_LENGTH.name-121.json"
  show check response --method GET --path /user/tokens/verify --status 200 "$ex/cloudflare.user.tokens.verify/response.200.invalid.TG_ENUM.status-unknown.json"
  log "Cloudflare account-owned API tokens"
  show check request cloudflare.account.tokens.create "$ex/cloudflare.account.tokens.create/request.valid.json"
  show check request cloudflare.account.tokens.update "$ex/cloudflare.account.tokens.update/request.invalid.TG_ENUM.status-revoked.json"
  show check response cloudflare.account.tokens.get --status 200 "$ex/cloudflare.account.tokens.get/response.200.valid.revoked-exposed.json"
  show check request --method PUT --path "/accounts/023e105f4ecef8ad9ca31a8372d0c353/tokens/ed17574386854bf78a67040be0a770b0/value" \
    --header "Authorization: Bearer example-token"
  log "SoftwareOne Platform API tokens"
  show check request softwareone.accounts.api_tokens.update "$ex/softwareone.accounts.api_tokens.update/request.valid.json"
  show check request softwareone.accounts.api_tokens.create "$ex/softwareone.accounts.api_tokens.create/request.strict.TG_ADDITIONAL_PROPERTY.unknown-field.json"
  show check request softwareone.accounts.api_tokens.create --strict "$ex/softwareone.accounts.api_tokens.create/request.strict.TG_ADDITIONAL_PROPERTY.unknown-field.json"
  show check response softwareone.accounts.api_tokens.get --status 200 "$ex/softwareone.accounts.api_tokens.get/response.200.valid.json"
  show check response softwareone.accounts.api_tokens.get --status 200 --json "$ex/softwareone.accounts.api_tokens.get/response.200.invalid.TG_ENUM.account-type.json"
  log "the value grammars"
  for kind in duration cidr date-time uuid identifier; do
    printf '\n$ tokenguard parse %s < schemas/examples/values/%s.txt\n' "$kind" "$kind"
    local out rc=0
    out=$(build/release/tokenguard parse "$kind" < "schemas/examples/values/$kind.txt") || rc=$?
    paste -d'\t' "schemas/examples/values/$kind.txt" <(printf '%s\n' "$out") | sed 's/^/  /'
    [[ $rc -lt 2 ]] || return 1
  done
}

fuzz_run() {
  local seconds=${1:-60}
  ensure_packages "${BUILD_PACKAGES[@]}" "${FUZZ_PACKAGES[@]}"
  cmake --preset fuzz -DTOKENGUARD_FUZZ_SECONDS="$seconds" >/dev/null
  cmake --build --preset fuzz -j "$(jobs)"
  ctest --preset fuzz
}

run_tests() {
  ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  if have_clang; then
    ensure_packages "${FUZZ_PACKAGES[@]}"
    log "fuzz targets under libFuzzer + ASan + UBSan, 30 s each (preset: fuzz)"
    cmake --preset fuzz -DTOKENGUARD_FUZZ_SECONDS=30 >/dev/null
    cmake --build --preset fuzz -j "$(jobs)"
    ctest --preset fuzz
  else
    log "clang++ not found: skipping the libFuzzer runs (the corpus replays still run below)"
  fi
  log "the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (preset: asan)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$(jobs)"
  ctest --preset asan
  log "the multi-threaded tests under ThreadSanitizer (preset: tsan)"
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$(jobs)"
  ctest --preset tsan
  # The ci preset is dev with line tables only (-g1), not full debug info:
  # the same code and tests, a clean build in about 85 % of dev's time.
  log "building and running the test suite (preset: ci)"
  cmake --preset ci >/dev/null
  cmake --build --preset ci -j "$(jobs)"
  ctest --preset ci
}

bench() {
  ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" python3
  cmake --preset bench >/dev/null
  cmake --build --preset bench -j "$(jobs)"
  build/bench/bench/grammar_bench --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true \
    --benchmark_min_time=0.2 --benchmark_report_aggregates_only=true \
    --benchmark_out=build/bench/grammar_bench.json --benchmark_out_format=json "${@:2}"
  log "schema validation (validate_bench)"
  build/bench/bench/validate_bench --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true --benchmark_filter="${BENCH_FILTER:-.}" \
    --benchmark_out=build/bench/validate_bench.json --benchmark_out_format=json
  local ajv=()
  if command -v node >/dev/null && command -v npm >/dev/null; then
    log "Ajv 8 + ajv-formats on the same schemas and payloads (npm registry)"
    mkdir -p build/bench/ajv
    cp bench/ajv/package.json build/bench/ajv/
    (cd build/bench/ajv && npm install --no-audit --no-fund --silent)
    NODE_PATH=build/bench/ajv/node_modules node bench/ajv/bench.js . build/bench/ajv.json
    # The two sides run in different processes, so the goal's ratio is taken
    # in rounds that alternate them, a few seconds apart: a drift of the
    # machine between the validate_bench run above and node's would
    # otherwise land in the ratio.
    log "the check against Ajv, in 5 alternating rounds"
    rm -rf build/bench/ajv-rounds && mkdir -p build/bench/ajv-rounds
    for round in 1 2 3 4 5; do
      build/bench/bench/validate_bench --benchmark_filter='BM_CheckRatio/' --benchmark_min_time=0.3 \
        --benchmark_out="build/bench/ajv-rounds/$round.check.json" --benchmark_out_format=json >/dev/null
      NODE_PATH=build/bench/ajv/node_modules node bench/ajv/bench.js . "build/bench/ajv-rounds/$round.ajv.json" --quick
    done
    ajv=(--ajv-rounds build/bench/ajv-rounds)
  else
    log "node/npm not found: skipping the Ajv baseline"
  fi
  log "ratios against the baselines (medians of the same run)"
  python3 bench/ratios.py build/bench/grammar_bench.json build/bench/validate_bench.json "${ajv[@]}"
  if command -v valgrind >/dev/null; then
    log "instructions per operation (callgrind; repeatable where timings drift)"
    bash bench/instructions.sh build/bench
  fi
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  bench) bench "$@" ;;
  fuzz) fuzz_run "${2:-60}" ;;
  *)
    echo "usage: bash scripts/run.sh demo|test|bench|fuzz [SECONDS] [--no-install]" >&2
    exit 2
    ;;
esac
