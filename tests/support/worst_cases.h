// Generated worst cases for the work bound: bodies up to the 1 MiB size
// limit built to make each part of a check as costly as it can be (many
// keys, case-folding keys, deep nesting, escapes, long keys, CIDR lists that
// repeat and cover each other, long durations, many policies, long values
// against patterns, many findings, large lists), for every operation they
// apply to. bench/worst_case_bench.cc times them; tests/worst_case_test.cc
// checks that each finishes with a verdict.
#ifndef TOKENGUARD_TESTS_WORST_CASES_H_
#define TOKENGUARD_TESTS_WORST_CASES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "tokenguard/catalog.h"

namespace tokenguard::testing {

struct WorstCase {
  std::string name;  // what it stresses
  const Operation* operation = nullptr;
  bool request = true;
  int status = 200;  // responses
  std::string body;
};

// Every case for every operation of the catalog, each body at most
// max_bytes long.
[[nodiscard]] std::vector<WorstCase> worst_cases(const Catalog& catalog, std::size_t max_bytes = std::size_t{1} << 20);

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_WORST_CASES_H_
