// Reads test tables out of Go's own sources (Debian's golang-1.19-src), so
// that tokenguard's tests replay Go's cases without copying them.
#ifndef TOKENGUARD_TESTS_GO_SOURCE_H_
#define TOKENGUARD_TESTS_GO_SOURCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tokenguard::testing {

// The Go source tree Debian installs; overridable for other layouts.
std::string go_source_root();

// The text of a file under the Go source tree, or nullopt.
std::optional<std::string> read_go_file(const std::string& relative_path);

// One `{"input", rest},` row of a Go table literal.
struct GoTableRow {
  std::string input;  // the Go string literal, unescaped
  std::string rest;   // the text after the first comma, trimmed, without "},"
  int line = 0;
};

// The rows of `var NAME = []struct{...}{ ... }` in `source`.
std::vector<GoTableRow> go_table_rows(const std::string& source, const std::string& name);

// Evaluates a Go constant expression over int64 with the time package's unit
// names (Nanosecond ... Hour): integers, + - * <<, unary minus, parentheses.
std::optional<std::int64_t> eval_go_duration_expr(const std::string& expr);

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_GO_SOURCE_H_
