// Internal: the one way to extend a JSON Pointer by a member or an item.
#ifndef TOKENGUARD_SRC_POINTER_H_
#define TOKENGUARD_SRC_POINTER_H_

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tokenguard/finding.h"
#include "words.h"

namespace tokenguard::detail {

// Appends the decimal digits of `n`.
inline void append_decimal(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

// `parent` followed by the member `key` (escaped as RFC 6901 says).
[[nodiscard]] inline std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string p(parent);
  append_pointer_token(p, key);
  return p;
}

// `parent` followed by the item `index`.
[[nodiscard]] inline std::string child_pointer(std::string_view parent, std::size_t index) {
  std::string p(parent);
  p += '/';
  append_decimal(p, index);
  return p;
}

// One step of the way from a document's root to a value: a member or an
// item. A finding's pointer is rendered from the steps only when the
// finding is kept.
struct PathStep {
  std::string_view key;   // a member (is_key), or
  std::size_t index = 0;  // an item
  bool is_key = false;
};

// Whether `s` holds a '~' or a '/' (which a pointer token escapes): eight
// bytes at a time, a zero byte of (word ^ that byte repeated) found by the
// classic test, (x - 0x01..) & ~x & 0x80.. (exact about whether one is
// there).
[[nodiscard]] inline bool has_pointer_escape(std::string_view s) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  const auto has = [](std::uint64_t w) {
    const std::uint64_t t = w ^ (kOnes * '~'), l = w ^ (kOnes * '/');
    return (((t - kOnes) & ~t) | ((l - kOnes) & ~l)) & kHighs;
  };
  const std::size_t n = s.size();
  const char* p = s.data();
  if (n < 8) {
    // One word of the key's bytes, some twice: the two (overlapping) ends
    // of four, or the first, middle and last byte (all of them below 4).
    if (n >= 4) return has(load4(p) | std::uint64_t{load4(p + n - 4)} << 32) != 0;
    if (n == 0) return false;
    const auto b = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    return has((b(0) * kOnes & ~std::uint64_t{0xffff00}) | b(n / 2) << 8 | b(n - 1) << 16) != 0;
  }
  return !every_word(s, [&](std::uint64_t w) { return has(w) == 0; });
}

// The steps, then `more`, as an RFC 6901 pointer (long keys cut as
// findings show them) into `out`: built on the stack, then written into
// `out`'s storage (a recycled finding's). Out of line: only a finding that
// is kept calls it.
void render_pointer_into(std::string& out, std::span<const PathStep> steps, std::span<const PathStep> more = {});

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_POINTER_H_
