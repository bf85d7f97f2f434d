// Internal: the one hex-digit decoder.
#ifndef TOKENGUARD_SRC_HEX_H_
#define TOKENGUARD_SRC_HEX_H_

#include <array>
#include <cstdint>

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

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_HEX_H_
