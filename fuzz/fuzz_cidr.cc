// Fuzzes parse_prefix and parse_ip_address. Properties: an accepted prefix's
// canonical (masked) form parses back to itself, is contained in the
// original, and masking is idempotent; the bit length is in range; the
// fast tier and the full scanner give the same result.
#include <array>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "cidr_internal.h"
#include "tokenguard/cidr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = tokenguard::parse_prefix(text);
  const auto reference = tokenguard::detail::parse_prefix_reference(text);
  TG_FUZZ_CHECK(r.ok() == reference.ok());
  if (r.ok()) TG_FUZZ_CHECK(r.value() == reference.value());
  if (!r.ok()) TG_FUZZ_CHECK(r.error().message() == reference.error().message());
  if (!r.ok()) {
    TG_FUZZ_CHECK(r.error().offset() <= size);
  } else {
    const tokenguard::Prefix p = r.value();
    TG_FUZZ_CHECK(p.bits >= 0 && p.bits <= p.address.bit_length());
    const tokenguard::Prefix m = p.masked();
    TG_FUZZ_CHECK(m.masked() == m);
    TG_FUZZ_CHECK(tokenguard::contains(m, p) && tokenguard::contains(p, m));
    TG_FUZZ_CHECK(tokenguard::overlaps(m, p));
    std::array<char, tokenguard::kMaxPrefixText> buffer{};
    const std::string_view canonical = tokenguard::format_prefix(m, buffer);
    const auto back = tokenguard::parse_prefix(canonical);
    TG_FUZZ_CHECK(back.ok());
    TG_FUZZ_CHECK(back.value() == m);
    std::array<char, tokenguard::kMaxPrefixText> again{};
    TG_FUZZ_CHECK(tokenguard::format_prefix(back.value(), again) == canonical);
  }
  const auto a = tokenguard::parse_ip_address(text);
  if (a.ok()) {
    std::array<char, tokenguard::kMaxPrefixText> buffer{};
    const auto back = tokenguard::parse_ip_address(tokenguard::format_ip_address(a.value(), buffer));
    TG_FUZZ_CHECK(back.ok() && back.value() == a.value());
  }
  return 0;
}
