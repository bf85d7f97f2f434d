# Every dependency comes from a Debian package (see README, "Dependencies").
find_package(nlohmann_json 3 REQUIRED CONFIG)
# valijson is the tests', fuzzers' and benchmarks' reference validator; the
# library never uses it, so a build without those configures without it.
if(TOKENGUARD_BUILD_TESTS OR TOKENGUARD_BUILD_FUZZERS OR TOKENGUARD_BUILD_BENCHMARKS)
  find_package(valijson REQUIRED CONFIG)
endif()
find_package(PkgConfig REQUIRED)
# Debian's libre2-dev ships no CMake package, only re2.pc.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# PCRE2 only for the patterns RE2 refuses (lookaround, backreferences).
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
# libyaml, for OpenAPI documents written in YAML.
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
# simdjson, the parser of bodies checked from bytes (json_tape.h).
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
find_package(Threads REQUIRED)
if(TOKENGUARD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(TOKENGUARD_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
  # absl is a benchmark baseline only; the library never links it.
  find_package(absl CONFIG QUIET)
endif()
