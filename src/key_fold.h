// Internal: object keys as Go's encoding/json matches them.
//
// encoding/json decodes an object key into a struct field whose name equals
// it exactly or, failing that, under bytes.EqualFold: Unicode simple case
// folding, rune by rune ("duration", "DURATION" and "Duration" are one field;
// so are "expires_on" and "expireſ_on" with U+017F, and "k" and the Kelvin
// sign U+212A). When two keys of one object reach the same field, the last
// one wins. ASP.NET's System.Text.Json with its web defaults also matches
// property names without regard to case. tokenguard reads keys the same way
// so that two keys the upstream merges cannot carry two different values
// past the check.
#ifndef TOKENGUARD_SRC_KEY_FOLD_H_
#define TOKENGUARD_SRC_KEY_FOLD_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tokenguard::detail {

// The smallest rune of r's simple case-fold orbit (Go's unicode.SimpleFold);
// two runes fold together exactly when this is the same for both.
[[nodiscard]] char32_t fold_rune(char32_t r) noexcept;

// Go's bytes.EqualFold: equal rune by rune under simple case folding. A byte
// that does not start a valid UTF-8 sequence reads as U+FFFD, as in Go.
[[nodiscard]] bool equal_fold(std::string_view a, std::string_view b) noexcept;

// What Go's case folding needs to know of a text's bytes: whether it holds
// an ASCII upper-case letter, and whether it holds any byte past ASCII
// (such text takes the general fold: "\u212a", the Kelvin sign, folds onto
// 'k'). Texts of 4 bytes or more are read as words, the last overlapping
// the one before (a byte read twice changes nothing); for ASCII words, a
// byte in 'A'..'Z' sets its high bit in (w + (0x80 - 'A')) & ~(w + (0x80 -
// 'Z' - 1)).
enum AsciiCase : unsigned { kHasUpper = 1, kNonAscii = 2 };
[[nodiscard]] inline unsigned ascii_case_of_word(std::uint64_t w) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  if ((w & kOnes * 0x80) != 0) return kNonAscii;
  return ((w + kOnes * (0x80 - 'A')) & ~(w + kOnes * (0x80 - 'Z' - 1)) & kOnes * 0x80) != 0 ? unsigned{kHasUpper}
                                                                                            : 0u;
}
[[nodiscard]] inline unsigned ascii_case(std::string_view s) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 8) {
    unsigned flags = 0;
    std::uint64_t w;
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      flags |= ascii_case_of_word(w);
    }
    std::memcpy(&w, p + n - 8, 8);
    return flags | ascii_case_of_word(w);
  }
  if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return ascii_case_of_word(std::uint64_t{a} | std::uint64_t{b} << 32);
  }
  unsigned flags = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80) return kNonAscii;
    if (static_cast<unsigned char>(c - 'A') < 26) flags = kHasUpper;
  }
  return flags;
}

// Whether every byte is below 0x80 (ASCII folds only A-Z onto a-z).
[[nodiscard]] inline bool is_ascii(std::string_view s) noexcept { return (ascii_case(s) & kNonAscii) == 0; }

// For ASCII text: equal for any two texts equal_fold calls equal (the same
// length, the same first and last byte but for case). Cheap, and it tells
// most different names apart.
[[nodiscard]] inline std::uint64_t ascii_fold_signature(std::string_view k) noexcept {
  if (k.empty()) return 0;
  const auto lower = [](char c) { return static_cast<std::uint64_t>(static_cast<unsigned char>(c) | 0x20); };
  return (static_cast<std::uint64_t>(k.size()) << 16) | (lower(k.front()) << 8) | lower(k.back());
}

// One of 64 bits for an ASCII text's signature: a filter of names, whose
// missing bit rules a text out.
[[nodiscard]] inline std::uint64_t ascii_fold_filter_bit(std::string_view k) noexcept {
  return std::uint64_t{1} << ((ascii_fold_signature(k) * 0x9e3779b97f4a7c15ULL) >> 58);
}

// A hash of the folded text: equal for any two texts equal_fold calls equal.
[[nodiscard]] std::uint64_t fold_hash(std::string_view s);

// The folded text itself (each rune replaced by fold_rune's, in UTF-8):
// equal for two texts exactly when equal_fold calls them equal.
[[nodiscard]] std::string fold_key(std::string_view s);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_KEY_FOLD_H_
