// Internal: the one hex-digit decoder.
#ifndef TOKENGUARD_SRC_HEX_H_
#define TOKENGUARD_SRC_HEX_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "words.h"

namespace tokenguard::detail {

// The value of each byte as a hex digit, or -1.
inline constexpr std::array<std::int8_t, 256> kHexValues = [] {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = 0; c < 10; ++c) t[static_cast<std::size_t>('0' + c)] = static_cast<std::int8_t>(c);
  for (int c = 0; c < 6; ++c) {
    t[static_cast<std::size_t>('a' + c)] = static_cast<std::int8_t>(10 + c);
    t[static_cast<std::size_t>('A' + c)] = static_cast<std::int8_t>(10 + c);
  }
  return t;
}();

// The value of a hex digit (0-9, a-f, A-F), or -1.
[[nodiscard]] constexpr int hex_value(char c) noexcept { return kHexValues[static_cast<unsigned char>(c)]; }

// Whether all eight bytes of `w` are hex digits. For bytes below 0x80,
// x + (0x80 - lo) has its high bit set exactly when x >= lo, and
// x + (0x7f - hi) exactly when x > hi, with no carry between bytes; a
// letter is tested with bit 0x20 forced on (A-F becomes a-f, and nothing
// else lands in a-f).
[[nodiscard]] constexpr bool hex_word(std::uint64_t w) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  if ((w & kHigh) != 0) return false;
  const auto in = [](std::uint64_t x, std::uint64_t lo, std::uint64_t hi) {
    return (x + kOnes * (0x80 - lo)) & ~(x + kOnes * (0x7f - hi)) & kHigh;
  };
  return (in(w, '0', '9') | in(w | kOnes * 0x20, 'a', 'f')) == kHigh;
}

// Whether every byte of `s` is a hex digit: eight at a time.
[[nodiscard]] inline bool all_hex_digits(std::string_view s) noexcept {
  if (s.size() < 8) {
    for (const char c : s)
      if (hex_value(c) < 0) return false;
    return true;
  }
  return every_word(s, [](std::uint64_t w) { return hex_word(w); });
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_HEX_H_
