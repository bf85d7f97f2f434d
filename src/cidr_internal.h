// Internal: the full scanner behind parse_prefix's fast tier, exposed so
// that tests and fuzz_cidr can compare the two.
#ifndef TOKENGUARD_SRC_CIDR_INTERNAL_H_
#define TOKENGUARD_SRC_CIDR_INTERNAL_H_

#include <cstdint>
#include <string_view>

#include "tokenguard/cidr.h"

namespace tokenguard::detail {

// Every prefix, with every rule and every message (no fast tier).
[[nodiscard]] ParseResult<Prefix> parse_prefix_reference(std::string_view text) noexcept;

// An IPv4 address's family tag in the low word (IPv4 is held as its
// IPv4-mapped IPv6 address, ::ffff:a.b.c.d).
inline constexpr std::uint64_t kV4MappedTag = std::uint64_t{0xffff} << 32;

// contains(outer, inner), inline for loops over prefixes: the same family,
// `outer` no longer than `inner`, and the first outer.bits of the two
// addresses alike (of the 128, IPv4 counting from bit 96; the family tag
// is not compared, as mask_address sets it on both).
[[nodiscard]] inline bool prefix_contains(const Prefix& outer, const Prefix& inner) noexcept {
  if (outer.address.is_v4 != inner.address.is_v4 || outer.bits > inner.bits) return false;
  const int total = (outer.address.is_v4 ? 96 : 0) + outer.bits;  // the leading bits that must agree
  const auto leading = [](int n) {  // the n high bits of a word set (n from 0 to 64)
    return n <= 0 ? std::uint64_t{0} : n >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64 - n);
  };
  std::uint64_t lo_mask = leading(total - 64);
  if (outer.address.is_v4) lo_mask &= ~kV4MappedTag;
  return ((outer.address.hi ^ inner.address.hi) & leading(total)) == 0 &&
         ((outer.address.lo ^ inner.address.lo) & lo_mask) == 0;
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_CIDR_INTERNAL_H_
