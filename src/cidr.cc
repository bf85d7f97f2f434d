// IP address and CIDR prefix grammar; see include/tokenguard/cidr.h.
#include "tokenguard/cidr.h"

#include <algorithm>
#include <array>

namespace tokenguard {
namespace {

constexpr std::uint64_t kV4MappedTag = std::uint64_t{0xffff} << 32;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Value of a hex digit, or -1.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Consumes one dec-octet of an IPv4 address at s[i].
bool consume_octet(std::string_view s, std::size_t& i, std::uint32_t& value,
                   ParseError& error) noexcept {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::size_t n = i - start;
  if (n == 0) {
    error = ParseError(start, "expected a decimal IPv4 field but found", s.substr(start, 1));
    return false;
  }
  if (n > 1 && s[start] == '0') {
    error = ParseError(start, "IPv4 field has a leading zero", s.substr(start, n));
    return false;
  }
  std::uint32_t v = 0;
  for (std::size_t k = start; k < i && v <= 255; ++k)
    v = v * 10 + static_cast<std::uint32_t>(s[k] - '0');
  if (n > 3 || v > 255) {
    error = ParseError(start, "IPv4 field is above 255", s.substr(start, n));
    return false;
  }
  value = v;
  return true;
}

// Parses a whole dotted quad into its 32-bit value.
bool parse_v4(std::string_view s, std::uint32_t& out, ParseError& error) noexcept {
  std::uint32_t value = 0;
  std::size_t i = 0;
  for (int field = 0; field < 4; ++field) {
    if (field > 0) {
      if (i >= s.size() || s[i] != '.') {
        error = ParseError(i, "IPv4 address needs four fields");
        return false;
      }
      ++i;
    }
    std::uint32_t octet = 0;
    if (!consume_octet(s, i, octet, error)) return false;
    value = (value << 8) | octet;
  }
  if (i != s.size()) {
    error = s[i] == '%' ? ParseError(i, "zones are not allowed")
                        : ParseError(i, "unexpected character in IPv4 address",
                                     s.substr(i, 1));
    return false;
  }
  out = value;
  return true;
}

// Parses RFC 4291 text into 16 bytes.
bool parse_v6(std::string_view s, std::array<std::uint8_t, 16>& ip,
              ParseError& error) noexcept {
  ip = {};
  constexpr std::size_t kNone = 99;
  std::size_t ellipsis = kNone;  // byte index where "::" stands
  std::size_t ellipsis_at = 0;   // its offset in the text
  std::size_t i = 0;
  std::size_t n = 0;  // bytes filled
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    i = 2;
    if (i == s.size()) return true;
  }
  while (n < 16) {
    const std::size_t start = i;
    unsigned group = 0;
    while (i < s.size()) {
      const int h = hex_value(s[i]);
      if (h < 0) break;
      if (i - start == 4) {
        error = ParseError(start, "IPv6 group has more than four hex digits",
                           s.substr(start, 5));
        return false;
      }
      group = group * 16 + static_cast<unsigned>(h);
      ++i;
    }
    if (i == start) {
      error = i < s.size() && s[i] == '%'
                  ? ParseError(i, "zones are not allowed")
                  : ParseError(i, "expected a hex digit but found", s.substr(i, 1));
      return false;
    }
    if (i < s.size() && s[i] == '.') {
      // An embedded IPv4 address fills the last 32 bits.
      if (n > 12 || (ellipsis == kNone && n != 12)) {
        error = ParseError(start, "embedded IPv4 address must be the last 32 bits");
        return false;
      }
      std::uint32_t v4 = 0;
      if (!parse_v4(s.substr(start), v4, error)) {
        error = error.shifted(start);
        return false;
      }
      ip[n] = static_cast<std::uint8_t>(v4 >> 24);
      ip[n + 1] = static_cast<std::uint8_t>(v4 >> 16);
      ip[n + 2] = static_cast<std::uint8_t>(v4 >> 8);
      ip[n + 3] = static_cast<std::uint8_t>(v4);
      n += 4;
      i = s.size();
      break;
    }
    ip[n] = static_cast<std::uint8_t>(group >> 8);
    ip[n + 1] = static_cast<std::uint8_t>(group);
    n += 2;
    if (i == s.size()) break;
    if (s[i] != ':') {
      error = s[i] == '%' ? ParseError(i, "zones are not allowed")
                          : ParseError(i, "unexpected character in IPv6 address",
                                       s.substr(i, 1));
      return false;
    }
    ++i;
    if (i == s.size()) {
      error = ParseError(i - 1, "IPv6 address ends with a single \":\"");
      return false;
    }
    if (s[i] == ':') {
      if (ellipsis != kNone) {
        error = ParseError(i - 1, "\"::\" appears more than once");
        return false;
      }
      ellipsis = n;
      ellipsis_at = i - 1;
      ++i;
      if (i == s.size()) break;
    }
  }
  if (i != s.size()) {
    error = ParseError(i, "IPv6 address has more than eight groups");
    return false;
  }
  if (n < 16) {
    if (ellipsis == kNone) {
      error = ParseError(s.size(), "IPv6 address has fewer than eight groups");
      return false;
    }
    const auto at = ip.begin() + static_cast<std::ptrdiff_t>(ellipsis);
    const auto filled = ip.begin() + static_cast<std::ptrdiff_t>(n);
    const auto tail = filled - at;
    std::copy_backward(at, filled, ip.end());
    std::fill(at, ip.end() - tail, std::uint8_t{0});
  } else if (ellipsis != kNone) {
    error = ParseError(ellipsis_at, "\"::\" must stand for at least one group");
    return false;
  }
  return true;
}

IpAddress from_bytes(const std::array<std::uint8_t, 16>& ip) noexcept {
  IpAddress a;
  for (int k = 0; k < 8; ++k) a.hi = (a.hi << 8) | ip[static_cast<std::size_t>(k)];
  for (int k = 8; k < 16; ++k) a.lo = (a.lo << 8) | ip[static_cast<std::size_t>(k)];
  return a;
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

ParseResult<IpAddress> parse_address_part(std::string_view s) noexcept {
  if (s.empty()) return ParseError(0, "empty IP address");
  ParseError error;
  for (const char c : s) {
    if (c == '.') {
      std::uint32_t v4 = 0;
      if (!parse_v4(s, v4, error)) return error;
      return from_v4(v4);
    }
    if (c == ':') {
      std::array<std::uint8_t, 16> ip{};
      if (!parse_v6(s, ip, error)) return error;
      return from_bytes(ip);
    }
    if (c == '%') return ParseError(0, "zone without an IPv6 address");
  }
  return ParseError(0, "not an IP address", s);
}

char* put_v4(char* p, std::uint32_t v4) noexcept {
  for (int shift = 24; shift >= 0; shift -= 8) {
    const unsigned octet = (v4 >> shift) & 0xff;
    if (octet >= 100) *p++ = static_cast<char>('0' + octet / 100);
    if (octet >= 10) *p++ = static_cast<char>('0' + octet / 10 % 10);
    *p++ = static_cast<char>('0' + octet % 10);
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
  return parse_address_part(text);
}

ParseResult<Prefix> parse_prefix(std::string_view text) noexcept {
  const std::size_t slash = text.rfind('/');
  if (slash == std::string_view::npos)
    return ParseError(text.size(), "missing \"/\" and prefix length");
  const ParseResult<IpAddress> address = parse_address_part(text.substr(0, slash));
  if (!address.ok()) return address.error();

  const std::string_view digits = text.substr(slash + 1);
  const std::size_t at = slash + 1;
  if (digits.empty()) return ParseError(at, "missing prefix length");
  int bits = 0;
  for (const char c : digits) {
    if (!is_digit(c)) return ParseError(at, "prefix length is not a decimal number", digits);
    if (bits <= 128) bits = bits * 10 + (c - '0');
  }
  if (digits.size() > 1 && digits[0] == '0')
    return ParseError(at, "prefix length has a leading zero", digits);
  if (bits > address.value().bit_length())
    return ParseError(at, address.value().is_v4 ? "prefix length is above 32 for IPv4"
                                                : "prefix length is above 128 for IPv6",
                      digits);
  return Prefix{address.value(), bits};
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
  const int bits = prefix.bits;
  if (bits >= 100) *p++ = static_cast<char>('0' + bits / 100);
  if (bits >= 10) *p++ = static_cast<char>('0' + bits / 10 % 10);
  *p++ = static_cast<char>('0' + bits % 10);
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
