// Internal: the one way to extend a JSON Pointer by a member or an item.
#ifndef TOKENGUARD_SRC_POINTER_H_
#define TOKENGUARD_SRC_POINTER_H_

#include <charconv>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "tokenguard/finding.h"

namespace tokenguard::detail {

// Appends the decimal digits of `n`.
inline void append_decimal(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

// `parent` followed by the member `key` (escaped as RFC 6901 says).
[[nodiscard]] inline std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string p(parent);
  append_pointer_token(p, key);
  return p;
}

// `parent` followed by the item `index`.
[[nodiscard]] inline std::string child_pointer(std::string_view parent, std::size_t index) {
  std::string p(parent);
  p += '/';
  append_decimal(p, index);
  return p;
}

// One step of the way from a document's root to a value: a member or an
// item. A finding's pointer is rendered from the steps only when the
// finding is kept.
struct PathStep {
  std::string_view key;   // a member (is_key), or
  std::size_t index = 0;  // an item
  bool is_key = false;
};

// Appends the steps as an RFC 6901 pointer, long keys cut as findings show
// them.
inline void append_pointer(std::string& out, std::span<const PathStep> steps) {
  for (const PathStep& s : steps) {
    if (s.is_key) {
      append_finding_pointer_token(out, s.key);
    } else {
      out += '/';
      append_decimal(out, s.index);
    }
  }
}

// The steps as an RFC 6901 pointer (room left for a few more tokens).
[[nodiscard]] inline std::string render_pointer(std::span<const PathStep> steps) {
  std::string out;
  out.reserve(64);
  append_pointer(out, steps);
  return out;
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_POINTER_H_
