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
#include <string>
#include <string_view>

namespace tokenguard::detail {

// The smallest rune of r's simple case-fold orbit (Go's unicode.SimpleFold);
// two runes fold together exactly when this is the same for both.
[[nodiscard]] char32_t fold_rune(char32_t r) noexcept;

// Go's bytes.EqualFold: equal rune by rune under simple case folding. A byte
// that does not start a valid UTF-8 sequence reads as U+FFFD, as in Go.
[[nodiscard]] bool equal_fold(std::string_view a, std::string_view b) noexcept;

// Whether every byte is below 0x80 (ASCII folds only A-Z onto a-z).
[[nodiscard]] bool is_ascii(std::string_view s) noexcept;

// A hash of the folded text: equal for any two texts equal_fold calls equal.
[[nodiscard]] std::uint64_t fold_hash(std::string_view s);

// The folded text itself (each rune replaced by fold_rune's, in UTF-8):
// equal for two texts exactly when equal_fold calls them equal.
[[nodiscard]] std::string fold_key(std::string_view s);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_KEY_FOLD_H_
