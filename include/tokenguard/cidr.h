// tokenguard/cidr.h: IP addresses and CIDR prefixes, by the rules of Go's
// net/netip.ParsePrefix (the strictest of the common parsers, and what the
// Go-written Cloudflare API accepts in `request_ip.in` / `not_in`).
//
//   auto r = tokenguard::parse_prefix("123.123.123.100/24");
//   if (r.ok()) {
//     tokenguard::to_string(r.value());           // "123.123.123.100/24"
//     tokenguard::to_string(r.value().masked());  // "123.123.123.0/24"
//   }
//
// Grammar (ABNF, RFC 5234; hex digits in either case):
//
//   prefix      = ( ipv4 "/" bits4 ) / ( ipv6 "/" bits6 )
//   bits4       = decimal with value 0-32
//   bits6       = decimal with value 0-128
//   decimal     = "0" / %x31-39 *DIGIT      ; no sign, no leading zero
//   ipv4        = dec-octet "." dec-octet "." dec-octet "." dec-octet
//   dec-octet   = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT
//               / "25" %x30-35               ; 0-255, no leading zero
//   ipv6        = RFC 4291 section 2.2 text: eight h16 groups separated by
//                 ":", where one "::" stands for one or more zero groups and
//                 the last two groups may be written as an ipv4
//   h16         = 1*4HEXDIG
//
// Not accepted, as in Go: zones ("fe80::1%eth0"), brackets, octal or hex
// IPv4 fields, IPv4 with fewer than four fields, "::" standing for no group.
// An IPv4-mapped IPv6 address ("::ffff:1.2.3.4") is IPv6: its prefix length
// runs to 128. Host bits may be set; masked() clears them.
//
// Canonical text (to_string of masked()): IPv4 dotted quad; IPv6 per RFC 5952
// (lower case, no leading zeros, the first longest run of two or more zero
// groups written "::"), except that an IPv4-mapped address is written
// "::ffff:1.2.3.0", as Go does.
#ifndef TOKENGUARD_CIDR_H_
#define TOKENGUARD_CIDR_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenguard/parse_result.h"

namespace tokenguard {

// An IPv4 or IPv6 address as a 128-bit big-endian number (hi, lo). IPv4
// addresses are stored in their IPv4-mapped form (::ffff:a.b.c.d) with
// is_v4 set, so that IPv4 and IPv4-mapped IPv6 share bits but not family.
struct IpAddress {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  bool is_v4 = false;

  [[nodiscard]] constexpr int bit_length() const noexcept { return is_v4 ? 32 : 128; }
  [[nodiscard]] constexpr bool is_v4_mapped() const noexcept {
    return !is_v4 && hi == 0 && (lo >> 32) == 0xffff;
  }
  friend constexpr bool operator==(const IpAddress&, const IpAddress&) = default;
};

struct Prefix {
  IpAddress address;
  int bits = 0;

  // The prefix with every bit past `bits` cleared.
  [[nodiscard]] Prefix masked() const noexcept;
  friend constexpr bool operator==(const Prefix&, const Prefix&) = default;
};

// Parses an address alone (no zone, no prefix length). Never throws or allocates.
[[nodiscard]] ParseResult<IpAddress> parse_ip_address(std::string_view text) noexcept;
// Parses "address/bits". Never throws or allocates.
[[nodiscard]] ParseResult<Prefix> parse_prefix(std::string_view text) noexcept;

// Longest text the formatters write ("ffff:...:ffff/128" is 43 bytes).
inline constexpr std::size_t kMaxPrefixText = 48;

// Write into the buffer and return the text (pointing into it); no allocation.
[[nodiscard]] std::string_view format_ip_address(
    const IpAddress& address, std::span<char, kMaxPrefixText> buffer) noexcept;
[[nodiscard]] std::string_view format_prefix(
    const Prefix& prefix, std::span<char, kMaxPrefixText> buffer) noexcept;
[[nodiscard]] std::string to_string(const IpAddress& address);
[[nodiscard]] std::string to_string(const Prefix& prefix);

// True when every address of `inner` is in `outer` (same family only).
[[nodiscard]] bool contains(const Prefix& outer, const Prefix& inner) noexcept;
// True when the two prefixes share at least one address (same family only).
[[nodiscard]] bool overlaps(const Prefix& a, const Prefix& b) noexcept;

// A list of CIDR strings, as in `request_ip.in`: every entry is parsed, and
// each bad one is reported with its index.
struct PrefixListError {
  std::size_t index = 0;
  ParseError error;
};
struct PrefixList {
  std::vector<Prefix> prefixes;        // the good entries, in order
  std::vector<std::size_t> indexes;    // index in the input of each good entry
  std::vector<PrefixListError> errors; // the bad entries, in order
  [[nodiscard]] bool ok() const noexcept { return errors.empty(); }
};
[[nodiscard]] PrefixList parse_prefix_list(std::span<const std::string_view> items);

}  // namespace tokenguard

#endif  // TOKENGUARD_CIDR_H_
