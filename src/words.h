// Internal: reading text eight bytes at a time.
#ifndef TOKENGUARD_SRC_WORDS_H_
#define TOKENGUARD_SRC_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace tokenguard::detail {

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
  std::uint64_t w;
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&w, p + i, 8);
    if (!ok(w)) return false;
  }
  std::memcpy(&w, p + n - 8, 8);
  return ok(w);
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_WORDS_H_
