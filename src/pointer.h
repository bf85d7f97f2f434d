// Internal: the one way to extend a JSON Pointer by a member or an item.
#ifndef TOKENGUARD_SRC_POINTER_H_
#define TOKENGUARD_SRC_POINTER_H_

#include <cstddef>
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

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_POINTER_H_
