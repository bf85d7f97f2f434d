// A plain, slow, independent statement of Go's time.ParseDuration rules,
// used as the oracle that parse_duration is compared against in
// fuzz_duration and in tests/duration_oracle_test.cc. It follows Go's
// algorithm step by step and shares no code with src/duration.cc. One
// deliberate difference from Go, as in tokenguard: a sum that passes 2^63
// is an error instead of wrapping around.
#ifndef TOKENGUARD_FUZZ_GO_DURATION_ORACLE_H_
#define TOKENGUARD_FUZZ_GO_DURATION_ORACLE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tokenguard::oracle {

inline std::optional<std::int64_t> go_parse_duration(std::string_view s) {
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 63;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  std::uint64_t d = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || digit(s[0]))) return std::nullopt;
    // leadingInt
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; i < s.size() && digit(s[i]); ++i) {
      if (v > kLimit / 10) return std::nullopt;
      v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (v > kLimit) return std::nullopt;
    }
    const bool pre = i > 0;
    s.remove_prefix(i);
    // leadingFraction
    std::uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      std::size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && digit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        const std::uint64_t y = f * 10 + static_cast<std::uint64_t>(s[j] - '0');
        if (y > kLimit) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return std::nullopt;
    std::size_t k = 0;
    while (k < s.size() && s[k] != '.' && !digit(s[k])) ++k;
    if (k == 0) return std::nullopt;
    const std::string_view u = s.substr(0, k);
    s.remove_prefix(k);
    std::uint64_t unit = 0;
    if (u == "ns") unit = 1;
    else if (u == "us" || u == "\xC2\xB5s" || u == "\xCE\xBCs") unit = 1000;
    else if (u == "ms") unit = 1000000;
    else if (u == "s") unit = 1000000000;
    else if (u == "m") unit = 60000000000;
    else if (u == "h") unit = 3600000000000;
    else return std::nullopt;
    if (v > kLimit / unit) return std::nullopt;
    v *= unit;
    if (f > 0) {
      v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kLimit) return std::nullopt;
    }
    if (v > kLimit - d) return std::nullopt;  // Go: d += v; wraps in uint64
    d += v;
  }
  if (neg) return static_cast<std::int64_t>(0 - d);
  if (d > kLimit - 1) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

}  // namespace tokenguard::oracle

#endif  // TOKENGUARD_FUZZ_GO_DURATION_ORACLE_H_
