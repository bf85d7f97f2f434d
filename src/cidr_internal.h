// Internal: the full scanner behind parse_prefix's fast tier, exposed so
// that tests and fuzz_cidr can compare the two.
#ifndef TOKENGUARD_SRC_CIDR_INTERNAL_H_
#define TOKENGUARD_SRC_CIDR_INTERNAL_H_

#include <string_view>

#include "tokenguard/cidr.h"

namespace tokenguard::detail {

// Every prefix, with every rule and every message (no fast tier).
[[nodiscard]] ParseResult<Prefix> parse_prefix_reference(std::string_view text) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_CIDR_INTERNAL_H_
