// Internal: the one way to extend a JSON Pointer by a member or an item.
#ifndef TOKENGUARD_SRC_POINTER_H_
#define TOKENGUARD_SRC_POINTER_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "tokenguard/finding.h"

namespace tokenguard::detail {

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
  p += std::to_string(index);
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

// The steps as an RFC 6901 pointer, long keys cut as findings show them.
[[nodiscard]] inline std::string render_pointer(std::span<const PathStep> steps) {
  std::string out;
  for (const PathStep& s : steps) {
    if (s.is_key) {
      append_finding_pointer_token(out, s.key);
    } else {
      out += '/';
      out += std::to_string(s.index);
    }
  }
  return out;
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_POINTER_H_
