// Internal: reading text eight bytes at a time.
#ifndef TOKENGUARD_SRC_WORDS_H_
#define TOKENGUARD_SRC_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace tokenguard::detail {

// The eight (four) bytes at `p`, in memory order.
[[nodiscard]] inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
[[nodiscard]] inline std::uint32_t load4(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Calls `ok` on each eight-byte word of `s`, which has at least eight
// bytes: the words at 0, 8, 16..., then the eight bytes that end the text
// (overlapping the word before, so no byte past the text is read). Stops
// at the first word `ok` refuses; true when it refused none. A word holds
// its bytes in memory order: tests that look at each byte alike need no
// care for the host's byte order.
//
//   const bool plain = every_word(s, [](std::uint64_t w) { return (w & kHigh) == 0; });
template <class WordOk>
[[nodiscard]] inline bool every_word(std::string_view s, WordOk&& ok) {
  const char* p = s.data();
  const std::size_t n = s.size();
  for (std::size_t i = 0; i + 8 < n; i += 8)
    if (!ok(load8(p + i))) return false;
  return ok(load8(p + n - 8));
}

// Equal bytes, compared in whole words (the last word overlapping the one
// before): keys are short, and a call to memcmp costs more than comparing
// them.
[[nodiscard]] inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  // 0 to 3 bytes: the first, middle and last are all of them
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

// Whether `s` is `name`, compared as same_bytes does.
[[nodiscard]] inline bool same_text(std::string_view s, std::string_view name) noexcept {
  return s.size() == name.size() && same_bytes(s.data(), name.data(), s.size());
}
// Whether `s` begins with `prefix`, compared as same_bytes does.
[[nodiscard]] inline bool begins_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && same_bytes(s.data(), prefix.data(), prefix.size());
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_WORDS_H_
