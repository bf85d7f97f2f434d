// One exchange checked through all three ways in: the C++ API, the C API
// and the tokenguard command (`check request|response ... --json -`), each
// reduced to its verdict and finding codes, so a test can assert that all
// three agree. Used by the gate tests.
#ifndef TOKENGUARD_TESTS_THREE_WAYS_H_
#define TOKENGUARD_TESTS_THREE_WAYS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tokenguard::testing {

struct Exchange {
  std::string operation;  // empty: route by method and path
  std::string method;
  std::string path;  // with its query; empty: not checked
  std::optional<std::vector<std::pair<std::string, std::string>>> headers;  // nullopt: not given
  std::string body;
  std::optional<int> status;  // set: check the response, not the request
};

struct Verdict {
  std::string way;  // "C++", "C" or "CLI"
  bool valid = false;
  std::vector<std::string> errors;    // codes of error findings, in order
  std::vector<std::string> warnings;  // codes of warning findings
  std::string output;                 // everything printed (CLI), or the messages
  [[nodiscard]] bool has(const std::string& code) const;
};

[[nodiscard]] Verdict check_cpp(const Exchange& x);
[[nodiscard]] Verdict check_c(const Exchange& x);
[[nodiscard]] Verdict check_cli(const Exchange& x);

// All three; GoogleTest expectations that they agree on the verdict and the
// error codes are made here.
[[nodiscard]] std::vector<Verdict> check_three_ways(const Exchange& x);

// Expects all three invalid with `code` among the errors (or, with
// as_warning, valid with `code` among the warnings), and `secret` (when
// given) nowhere in what they say.
void expect_error_everywhere(const Exchange& x, const std::string& code, const std::string& secret = "");
void expect_warning_everywhere(const Exchange& x, const std::string& code, const std::string& secret = "");
void expect_valid_everywhere(const Exchange& x);

// A shell word for `s` (single-quoted).
[[nodiscard]] std::string shell_quote(const std::string& s);

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_THREE_WAYS_H_
