// IP address and CIDR prefix grammar; see include/tokenguard/cidr.h.
#include "tokenguard/cidr.h"

#include "cidr_internal.h"
#include "hex.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace tokenguard {
namespace {

constexpr std::uint64_t kV4MappedTag = std::uint64_t{0xffff} << 32;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }


// Error results are built out of line, keeping the hot paths small.
template <class T>
[[gnu::cold, gnu::noinline]] ParseResult<T> fail(std::size_t offset, const char* reason,
                                                 std::string_view token = {}) noexcept {
  return ParseError(offset, reason, token);
}

// An address scanned from the front of a text, and where it stopped.
struct Scan4 {
  std::uint32_t value;
  std::size_t end;
};
struct Scan6 {
  std::uint64_t hi;
  std::uint64_t lo;
  std::size_t end;
};

// The error for a bad dec-octet starting at s[start] (cold path).
[[gnu::cold, gnu::noinline]] ParseResult<Scan4> octet_error(std::string_view s,
                                                           std::size_t start) noexcept {
  std::size_t n = 0;
  while (start + n < s.size() && is_digit(s[start + n])) ++n;
  if (n == 0)
    return ParseError(start, "expected a decimal IPv4 field but found", s.substr(start, 1));
  if (n > 1 && s[start] == '0')
    return ParseError(start, "IPv4 field has a leading zero", s.substr(start, n));
  return ParseError(start, "IPv4 field is above 255", s.substr(start, n));
}

// Scans a dotted quad at s[i], stopping right after the fourth field. Each
// dec-octet is read with at most three digit steps, unrolled.
[[gnu::always_inline]] inline ParseResult<Scan4> scan_v4(std::string_view s,
                                                         std::size_t i) noexcept {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin + i;
  const auto digit = [&](const char* q) -> unsigned {
    return q != end ? static_cast<unsigned char>(*q - '0') : 10u;
  };
  std::uint32_t value = 0;
  for (int field = 0;;) {
    const char* const start = p;
    unsigned octet = digit(p);
    if (octet > 9) [[unlikely]]
      return octet_error(s, static_cast<std::size_t>(start - begin));
    ++p;
    if (const unsigned d1 = digit(p); d1 <= 9) {
      octet = octet * 10 + d1;
      ++p;
      if (const unsigned d2 = digit(p); d2 <= 9) {
        octet = octet * 10 + d2;
        ++p;
      }
      // A fourth digit, a leading zero or a value above 255 are errors.
      if (digit(p) <= 9 || *start == '0' || octet > 255) [[unlikely]]
        return octet_error(s, static_cast<std::size_t>(start - begin));
    }
    value = (value << 8) | octet;
    if (++field == 4) break;
    if (p == end || *p != '.') [[unlikely]]
      return fail<Scan4>(static_cast<std::size_t>(p - begin), "IPv4 address needs four fields");
    ++p;
  }
  return Scan4{value, static_cast<std::size_t>(p - begin)};
}

__extension__ using U128 = unsigned __int128;

// `n` groups were shifted into acc, with "::" standing at group index
// `ellipsis`: moves the groups before it to the top, leaving zeros between.
inline U128 expand_ellipsis(U128 acc, int n, int ellipsis) noexcept {
  const int tail_bits = 16 * (n - ellipsis);
  const U128 tail = tail_bits == 0 ? U128{0} : acc & ((U128{1} << tail_bits) - 1);
  const U128 head = tail_bits == 0 ? acc : acc >> tail_bits;
  return (ellipsis == 0 ? U128{0} : head << (16 * (8 - ellipsis))) | tail;
}

// Hex digit values by byte; -1 for a byte that is not a hex digit.
constexpr const auto& kHexValue = detail::kHexValues;

// Scans RFC 4291 text at the start of s, stopping at the first byte that
// cannot continue it. Groups go straight into a 16-bit array.
[[gnu::always_inline]] inline ParseResult<Scan6> scan_v6(std::string_view s) noexcept {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin;
  const auto offset = [begin](const char* q) { return static_cast<std::size_t>(q - begin); };
  const auto hex = [](char c) { return kHexValue[static_cast<unsigned char>(c)]; };
  // Every group is shifted into one 128-bit accumulator; "::" is resolved
  // at the end by moving the groups after it down.
  U128 acc = 0;
  int n = 0;              // groups filled
  int ellipsis = -1;      // group index where "::" stands
  const char* ellipsis_at = begin;
  bool may_end = false;   // right after "::" the address may end
  if (end - p >= 2 && p[0] == ':' && p[1] == ':') {
    ellipsis = 0;
    p += 2;
    may_end = true;
  }
  while (n < 8) {
    const char* const start = p;
    unsigned group = 0;
    for (int h = 0; p != end && (h = hex(*p)) >= 0; ++p) {
      if (p - start == 4) [[unlikely]]
        return fail<Scan6>(offset(start), "IPv6 group has more than four hex digits",
                           {start, 5});
      group = group * 16 + static_cast<unsigned>(h);
    }
    if (p == start) {
      if (may_end) break;
      if (p != end && *p == '%') return fail<Scan6>(offset(p), "zones are not allowed");
      return fail<Scan6>(offset(p), "expected a hex digit but found",
                         {p, p != end ? std::size_t{1} : std::size_t{0}});
    }
    if (p != end && *p == '.') {
      // An embedded IPv4 address fills the last 32 bits.
      if (n > 6 || (ellipsis < 0 && n != 6)) [[unlikely]]
        return fail<Scan6>(offset(start), "embedded IPv4 address must be the last 32 bits");
      const auto v4 = scan_v4(s, offset(start));
      if (!v4.ok()) return v4.error();
      acc = (acc << 32) | v4.value().value;
      n += 2;
      p = begin + v4.value().end;
      break;
    }
    acc = (acc << 16) | group;
    ++n;
    if (p == end || *p != ':') break;
    if (n == 8) [[unlikely]]
      return fail<Scan6>(offset(p), "IPv6 address has more than eight groups");
    ++p;
    may_end = false;
    if (p != end && *p == ':') {
      if (ellipsis >= 0) [[unlikely]]
        return fail<Scan6>(offset(p - 1), "\"::\" appears more than once");
      ellipsis = n;
      ellipsis_at = p - 1;
      ++p;
      may_end = true;
    } else if (p == end || hex(*p) < 0) [[unlikely]] {
      return fail<Scan6>(offset(p - 1), "IPv6 address ends with a single \":\"");
    }
  }
  if (n < 8) {
    if (ellipsis < 0) [[unlikely]]
      return fail<Scan6>(offset(p), "IPv6 address has fewer than eight groups");
    // acc holds the head groups, then the tail groups; put the head at the top.
    acc = expand_ellipsis(acc, n, ellipsis);
  } else if (ellipsis >= 0) [[unlikely]] {
    return fail<Scan6>(offset(ellipsis_at), "\"::\" must stand for at least one group");
  }
  Scan6 out{static_cast<std::uint64_t>(acc >> 64), static_cast<std::uint64_t>(acc), offset(p)};
  return out;
}

IpAddress from_v4(std::uint32_t v4) noexcept {
  return IpAddress{0, kV4MappedTag | v4, true};
}

// Keeps the first `bits` of the 128-bit value (IPv4 counts from bit 96).
IpAddress mask_address(IpAddress a, int bits) noexcept {
  const int total = a.is_v4 ? 96 + bits : bits;
  if (total <= 0) {
    a.hi = 0;
    a.lo = 0;
  } else if (total < 64) {
    a.hi &= ~std::uint64_t{0} << (64 - total);
    a.lo = 0;
  } else if (total == 64) {
    a.lo = 0;
  } else if (total < 128) {
    a.lo &= ~std::uint64_t{0} << (128 - total);
  }
  if (a.is_v4) a.lo |= kV4MappedTag;  // the family tag survives any mask
  return a;
}

// An address scanned from the front of a text, and where it stopped.
struct ScanAddress {
  IpAddress address;
  std::size_t end;
};

// Scans an address at the start of s.
[[gnu::always_inline]] inline ParseResult<ScanAddress> scan_address(std::string_view s) noexcept {
  // Go picks the family by whichever of '.', ':' or '%' comes first. Every
  // valid IPv4 address starts with 1-3 digits and a '.', so that test picks
  // IPv4; anything else that starts like IPv6 text is scanned as IPv6 (a
  // malformed address still fails, only the message can differ from Go's).
  const auto at = [&](std::size_t k) { return k < s.size() ? s[k] : '\0'; };
  const bool looks_v4 =
      is_digit(at(0)) &&
      (at(1) == '.' || (is_digit(at(1)) && (at(2) == '.' || (is_digit(at(2)) && at(3) == '.'))));
  if (looks_v4) {
    const auto v4 = scan_v4(s, 0);
    if (!v4.ok()) return v4.error();
    return ScanAddress{from_v4(v4.value().value), v4.value().end};
  }
  if (at(0) == ':' || kHexValue[static_cast<unsigned char>(at(0))] >= 0) {
    const auto v6 = scan_v6(s);
    if (!v6.ok()) return v6.error();
    return ScanAddress{IpAddress{v6.value().hi, v6.value().lo, false}, v6.value().end};
  }
  if (s.empty() || s[0] == '/') return fail<ScanAddress>(0, "empty IP address");
  if (s[0] == '%') return fail<ScanAddress>(0, "zone without an IPv6 address");
  return fail<ScanAddress>(0, "not an IP address", s.substr(0, s.find('/')));
}

// The error for an address followed by `c` at `at`, where it should end.
template <class T>
ParseResult<T> address_end_error(std::string_view s, std::size_t at, bool is_v4) noexcept {
  if (s[at] == '%') return fail<T>(at, "zones are not allowed");
  return fail<T>(at, is_v4 ? "unexpected character in IPv4 address"
                           : "unexpected character in IPv6 address",
                 s.substr(at, 1));
}

// 0 to 255 in decimal (an IPv4 octet, a prefix length): the digits (three
// bytes, the unused ones zero) and how many there are, so each is written
// as one three-byte copy.
struct ByteDecimal {
  char digits[3];
  std::uint8_t size;
};
constexpr std::array<ByteDecimal, 256> kByteDecimal = [] {
  std::array<ByteDecimal, 256> t{};
  for (unsigned v = 0; v < 256; ++v) {
    ByteDecimal& o = t[v];
    if (v >= 100) o.digits[o.size++] = static_cast<char>('0' + v / 100);
    if (v >= 10) o.digits[o.size++] = static_cast<char>('0' + v / 10 % 10);
    o.digits[o.size++] = static_cast<char>('0' + v % 10);
  }
  return t;
}();

// Writes up to two bytes past the text it returns the end of: every
// caller's buffer (kMaxPrefixText) has room for the longest text and that.
char* put_v4(char* p, std::uint32_t v4) noexcept {
  for (int shift = 24; shift >= 0; shift -= 8) {
    const ByteDecimal& o = kByteDecimal[(v4 >> shift) & 0xff];
    std::memcpy(p, o.digits, sizeof o.digits);
    p += o.size;
    if (shift > 0) *p++ = '.';
  }
  return p;
}

char* put_address(char* p, const IpAddress& a) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  if (a.is_v4 || a.is_v4_mapped()) {
    if (!a.is_v4) {
      for (const char c : std::string_view("::ffff:")) *p++ = c;
    }
    return put_v4(p, static_cast<std::uint32_t>(a.lo));
  }
  std::array<unsigned, 8> g{};
  for (int k = 0; k < 4; ++k) {
    g[static_cast<std::size_t>(k)] = static_cast<unsigned>(a.hi >> (48 - 16 * k)) & 0xffff;
    g[static_cast<std::size_t>(k + 4)] = static_cast<unsigned>(a.lo >> (48 - 16 * k)) & 0xffff;
  }
  // RFC 5952 4.2: the first longest run of two or more zero groups.
  int best_start = -1;
  int best_len = 1;
  for (int k = 0; k < 8;) {
    if (g[static_cast<std::size_t>(k)] != 0) {
      ++k;
      continue;
    }
    int end = k;
    while (end < 8 && g[static_cast<std::size_t>(end)] == 0) ++end;
    if (end - k > best_len) {
      best_start = k;
      best_len = end - k;
    }
    k = end;
  }
  for (int k = 0; k < 8; ++k) {
    if (k == best_start) {
      *p++ = ':';
      *p++ = ':';
      k += best_len - 1;
      continue;
    }
    if (k > 0 && k != best_start + best_len) *p++ = ':';
    const unsigned v = g[static_cast<std::size_t>(k)];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned nibble = (v >> shift) & 0xf;
      if (nibble == 0 && !started && shift > 0) continue;
      started = true;
      *p++ = kHex[nibble];
    }
  }
  return p;
}

}  // namespace

Prefix Prefix::masked() const noexcept {
  return Prefix{mask_address(address, bits), bits};
}

ParseResult<IpAddress> parse_ip_address(std::string_view text) noexcept {
  const auto scan = scan_address(text);
  if (!scan.ok()) return scan.error();
  const std::size_t end = scan.value().end;
  if (end != text.size())
    return address_end_error<IpAddress>(text, end, scan.value().address.is_v4);
  return scan.value().address;
}

namespace {

// The fast tier of parse_prefix: the common texts (a dotted quad, or IPv6
// groups with at most one "::" and no embedded IPv4), then "/" and a prefix
// length, read in one pass straight into a Prefix. Any other text, valid
// or not, makes it return false, and the full scan below decides, with its
// messages; fuzz_cidr and cidr_test hold the two to the same results.
constexpr unsigned digit_of(char c) noexcept { return static_cast<unsigned char>(c) - unsigned{'0'}; }

// The "/" of a text that ends in "/" and 1-3 digits without a leading
// zero, with the length in `bits`; nullptr otherwise. end - begin >= 4.
// Every scan below stops at that "/" (it is neither a digit, a hex digit,
// '.' nor ':'), so none needs an end test.
[[gnu::always_inline]] inline const char* fast_slash(const char* end, unsigned& bits) noexcept {
  const unsigned d0 = digit_of(end[-1]);
  if (d0 > 9) return nullptr;
  if (end[-2] == '/') {
    bits = d0;
    return end - 2;
  }
  const unsigned d1 = digit_of(end[-2]);
  if (d1 - 1 > 8) return nullptr;  // not 1-9
  if (end[-3] == '/') {
    bits = d1 * 10 + d0;
    return end - 3;
  }
  const unsigned d2 = digit_of(end[-3]);
  if (d2 > 9 || d2 == 0 || end[-4] != '/') return nullptr;
  bits = d2 * 100 + d1 * 10 + d0;
  return end - 4;
}

[[gnu::always_inline]] inline bool fast_v4_address(const char* p, const char* slash, std::uint32_t& out) noexcept {
  std::uint32_t value = 0;
  for (int field = 0; field < 4; ++field) {
    unsigned octet = digit_of(*p);
    if (octet > 9) return false;
    if (const unsigned d1 = digit_of(*++p); d1 <= 9) {
      if (octet == 0) return false;  // leading zero
      octet = octet * 10 + d1;
      if (const unsigned d2 = digit_of(*++p); d2 <= 9) {
        octet = octet * 10 + d2;
        ++p;
        if (octet > 255) return false;
      }
    }
    value = value << 8 | octet;
    if (field < 3 && *p++ != '.') return false;
  }
  out = value;
  return p == slash;
}

[[gnu::always_inline]] inline bool fast_v6_address(const char* p, const char* slash, std::uint64_t& hi,
                                                   std::uint64_t& lo) noexcept {
  U128 acc = 0;
  int n = 0;
  int ellipsis = -1;
  if (*p == ':') {
    if (p[1] != ':') return false;
    ellipsis = 0;
    p += 2;
  }
  while (p != slash) {
    const char* const start = p;
    unsigned group = 0;
    for (int h = 0; (h = kHexValue[static_cast<unsigned char>(*p)]) >= 0; ++p) {
      if (p - start == 4) return false;
      group = group * 16 + static_cast<unsigned>(h);
    }
    if (p == start) return false;
    acc = acc << 16 | group;
    ++n;
    if (p == slash) break;
    if (*p != ':' || n == 8) return false;
    if (*++p == ':') {
      if (ellipsis >= 0) return false;
      ellipsis = n;
      ++p;
    } else if (p == slash) {
      return false;  // a single ':' before the '/'
    }
  }
  if (n < 8) {
    if (ellipsis < 0) return false;
    acc = expand_ellipsis(acc, n, ellipsis);
  } else if (ellipsis >= 0) {
    return false;
  }
  hi = static_cast<std::uint64_t>(acc >> 64);
  lo = static_cast<std::uint64_t>(acc);
  return true;
}

}  // namespace

[[gnu::noinline]] ParseResult<Prefix> detail::parse_prefix_reference(std::string_view text) noexcept {
  const auto scan = scan_address(text);
  if (!scan.ok()) return scan.error();
  const IpAddress& address = scan.value().address;
  const std::size_t slash = scan.value().end;
  if (slash == text.size()) return fail<Prefix>(slash, "missing \"/\" and prefix length");
  if (text[slash] != '/') return address_end_error<Prefix>(text, slash, address.is_v4);

  const std::size_t at = slash + 1;
  const std::string_view digits = text.substr(at);
  int bits = 0;
  for (const char c : digits) {
    if (!is_digit(c)) [[unlikely]]
      return fail<Prefix>(at, "prefix length is not a decimal number", digits);
    if (bits <= 128) bits = bits * 10 + (c - '0');
  }
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0') ||
      bits > address.bit_length()) [[unlikely]] {
    if (digits.empty()) return fail<Prefix>(at, "missing prefix length");
    if (digits[0] == '0') return fail<Prefix>(at, "prefix length has a leading zero", digits);
    return fail<Prefix>(at, address.is_v4 ? "prefix length is above 32 for IPv4"
                                          : "prefix length is above 128 for IPv6",
                        digits);
  }
  return Prefix{address, bits};
}

ParseResult<Prefix> parse_prefix(std::string_view text) noexcept {
  const char* const p = text.data();
  const char* const end = p + text.size();
  unsigned bits = 0;
  if (const char* slash = text.size() >= 4 ? fast_slash(end, bits) : nullptr; slash != nullptr && slash != p) {
    // The family as scan_address picks it: 1-3 digits and a '.' is IPv4.
    // Reads stop at the '/', so p[1..3] exist whenever p[0] is a digit
    // before it.
    if (digit_of(p[0]) <= 9 && (p[1] == '.' || p[2] == '.' || p[3] == '.')) {
      std::uint32_t v4 = 0;
      if (bits <= 32 && fast_v4_address(p, slash, v4)) return Prefix{from_v4(v4), static_cast<int>(bits)};
    } else {
      std::uint64_t hi = 0, lo = 0;
      if (bits <= 128 && fast_v6_address(p, slash, hi, lo))
        return Prefix{IpAddress{hi, lo, false}, static_cast<int>(bits)};
    }
  }
  return detail::parse_prefix_reference(text);
}

std::string_view format_ip_address(const IpAddress& address,
                                   std::span<char, kMaxPrefixText> buffer) noexcept {
  char* end = put_address(buffer.data(), address);
  return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

std::string_view format_prefix(const Prefix& prefix,
                               std::span<char, kMaxPrefixText> buffer) noexcept {
  char* p = put_address(buffer.data(), prefix.address);
  *p++ = '/';
  const ByteDecimal& bits = kByteDecimal[static_cast<unsigned>(prefix.bits) & 0xff];  // (0 to 128)
  std::memcpy(p, bits.digits, sizeof bits.digits);
  p += bits.size;
  return {buffer.data(), static_cast<std::size_t>(p - buffer.data())};
}

std::string to_string(const IpAddress& address) {
  std::array<char, kMaxPrefixText> buffer{};
  return std::string(format_ip_address(address, buffer));
}

std::string to_string(const Prefix& prefix) {
  std::array<char, kMaxPrefixText> buffer{};
  return std::string(format_prefix(prefix, buffer));
}

bool contains(const Prefix& outer, const Prefix& inner) noexcept {
  if (outer.address.is_v4 != inner.address.is_v4 || outer.bits > inner.bits) return false;
  return mask_address(outer.address, outer.bits) == mask_address(inner.address, outer.bits);
}

bool overlaps(const Prefix& a, const Prefix& b) noexcept {
  if (a.address.is_v4 != b.address.is_v4) return false;
  const int bits = std::min(a.bits, b.bits);
  return mask_address(a.address, bits) == mask_address(b.address, bits);
}

PrefixList parse_prefix_list(std::span<const std::string_view> items) {
  PrefixList list;
  list.prefixes.reserve(items.size());
  list.indexes.reserve(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    const ParseResult<Prefix> r = parse_prefix(items[k]);
    if (r.ok()) {
      list.prefixes.push_back(r.value());
      list.indexes.push_back(k);
    } else {
      list.errors.push_back(PrefixListError{k, r.error()});
    }
  }
  return list;
}

}  // namespace tokenguard
