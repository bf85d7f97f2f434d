// UUID and hex identifier grammar; see include/tokenguard/uuid.h.
#include "tokenguard/uuid.h"

#include "hex.h"

#include <array>

namespace tokenguard {
namespace {

// A hex digit's value, -1 for any other byte: one table load, no branches.

constexpr char kHex[] = "0123456789abcdef";

// Reads hex digit pairs into bytes, checking a '-' wherever the layout has one.
// `layout` has one char per input byte: 'x' a hex digit, '-' a dash.
bool read_hex(std::string_view text, std::string_view layout,
              std::array<std::uint8_t, 16>& out, ParseError& error,
              const char* too_short, const char* too_long) noexcept {
  if (text.size() < layout.size()) {
    error = ParseError(text.size(), too_short);
    return false;
  }
  if (text.size() > layout.size()) {
    error = ParseError(layout.size(), too_long);
    return false;
  }
  std::size_t byte = 0;
  int pending = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (layout[i] == '-') {
      if (text[i] != '-') {
        error = ParseError(i, "expected \"-\" but found", text.substr(i, 1));
        return false;
      }
      continue;
    }
    const int h = detail::hex_value(text[i]);
    if (h < 0) {
      error = ParseError(i, "expected a hex digit but found", text.substr(i, 1));
      return false;
    }
    if (pending < 0) {
      pending = h;
    } else {
      out[byte++] = static_cast<std::uint8_t>(pending << 4 | h);
      pending = -1;
    }
  }
  return true;
}

constexpr std::string_view kUuidLayout = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
constexpr std::string_view kHexIdLayout = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

std::string_view write_hex(const std::array<std::uint8_t, 16>& bytes,
                           std::string_view layout, char* out) noexcept {
  std::size_t byte = 0;
  bool high = true;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    if (layout[i] == '-') {
      out[i] = '-';
      continue;
    }
    out[i] = kHex[high ? bytes[byte] >> 4 : bytes[byte] & 0xf];
    if (!high) ++byte;
    high = !high;
  }
  return {out, layout.size()};
}

}  // namespace

// The fast path for the common case: 36 bytes, dashes at 8, 13, 18 and 23,
// hex digits elsewhere, read two at a time at fixed positions. Anything else
// goes to read_hex, which finds the error.
bool uuid_fast(std::string_view text, Uuid& id) noexcept {
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return false;
  static constexpr std::array<std::uint8_t, 16> kPos = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
  int bad = 0;
  for (std::size_t k = 0; k < 16; ++k) {
    const int hi = detail::hex_value(text[kPos[k]]);
    const int lo = detail::hex_value(text[kPos[k] + 1u]);
    bad |= hi | lo;  // negative when either is not a hex digit
    id.bytes[k] = static_cast<std::uint8_t>((static_cast<unsigned>(hi) << 4) | (static_cast<unsigned>(lo) & 0xfu));
  }
  return bad >= 0;
}

ParseResult<Uuid> parse_uuid(std::string_view text) noexcept {
  Uuid id;
  if (uuid_fast(text, id)) return id;
  ParseError error;
  if (!read_hex(text, kUuidLayout, id.bytes, error,
                "too short for a UUID (8-4-4-4-12 hex digits)",
                "too long for a UUID (8-4-4-4-12 hex digits)"))
    return error;
  return id;
}

bool is_uuid(std::string_view text) noexcept {
  // uuid_fast accepts exactly the 8-4-4-4-12 layout, so its verdict is
  // parse_uuid's; the bytes it writes are dropped.
  Uuid ignored;
  return uuid_fast(text, ignored);
}

bool is_hex_id(std::string_view text) noexcept {
  if (text.size() != 32) return false;
  int bad = 0;
  for (std::size_t i = 0; i < 32; ++i) bad |= detail::hex_value(text[i]);
  return bad >= 0;
}

ParseResult<HexId> parse_hex_id(std::string_view text) noexcept {
  HexId id;
  ParseError error;
  if (!read_hex(text, kHexIdLayout, id.bytes, error,
                "too short for an identifier (32 hex digits)",
                "too long for an identifier (32 hex digits)"))
    return error;
  return id;
}

std::string_view format_uuid(const Uuid& id, std::span<char, kUuidText> buffer) noexcept {
  return write_hex(id.bytes, kUuidLayout, buffer.data());
}

std::string_view format_hex_id(const HexId& id,
                               std::span<char, kHexIdText> buffer) noexcept {
  return write_hex(id.bytes, kHexIdLayout, buffer.data());
}

std::string to_string(const Uuid& id) {
  std::array<char, kUuidText> buffer{};
  return std::string(format_uuid(id, buffer));
}

std::string to_string(const HexId& id) {
  std::array<char, kHexIdText> buffer{};
  return std::string(format_hex_id(id, buffer));
}

}  // namespace tokenguard
