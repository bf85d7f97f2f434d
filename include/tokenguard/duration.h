// tokenguard/duration.h: Go duration strings, exactly as Go's
// time.ParseDuration reads them and Duration.String() writes them.
//
// The Cloudflare API is written in Go and documents its `duration` fields as
// "300ms or 2h45m; valid units are ns, us (or µs), ms, s, m, h". This grammar
// accepts exactly what Go accepts, so a value tokenguard passes is a value the
// API parses, and the other way round.
//
//   auto r = tokenguard::parse_duration("2h45m");
//   if (r.ok()) r.value().nanoseconds;            // 9900000000000
//   tokenguard::format_duration(r.value());       // "2h45m0s"
//
// Grammar (ABNF, RFC 5234; case-sensitive):
//
//   duration  = [ sign ] ( "0" / 1*( number unit ) )
//   sign      = "+" / "-"
//   number    = 1*DIGIT [ "." *DIGIT ] / "." 1*DIGIT
//   unit      = "ns" / "us" / %xC2.B5 "s" / %xCE.BC "s" / "ms" / "s" / "m" / "h"
//                                ; µs is U+00B5 (micro sign) or U+03BC (mu)
//
// Rules beyond the ABNF, all Go's:
// - Units may repeat and come in any order ("1h1h" is two hours).
// - The value is int64 nanoseconds; anything outside [-2^63, 2^63-1] is an
//   error. Each `number unit` term is computed as Go does: the integer part
//   times the unit exactly, plus the fraction as float64(f) * (unit / 10^k),
//   truncated; fraction digits beyond what fits in 63 bits are ignored.
// - A unit is the longest run of bytes that are neither digits nor '.', so
//   "1h " has the unknown unit "h " and whitespace anywhere is an error.
//
// One deliberate difference from Go: Go adds terms in uint64 and can wrap to
// zero when two terms of 2^63 ns meet ("9223372036854775808ns" twice after a
// "-"); tokenguard reports that as out of range instead.
#ifndef TOKENGUARD_DURATION_H_
#define TOKENGUARD_DURATION_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tokenguard/parse_result.h"

namespace tokenguard {

struct Duration {
  std::int64_t nanoseconds = 0;
  friend constexpr bool operator==(Duration, Duration) = default;
};

// Parses a Go duration. Never throws, never allocates.
[[nodiscard]] ParseResult<Duration> parse_duration(std::string_view text) noexcept;

// The longest text format_duration writes ("-2562047h47m16.854775808s").
inline constexpr std::size_t kMaxDurationText = 32;

// Writes `d` as Go's Duration.String() does ("2h45m0s", "1.5µs", "0s") into
// the end-aligned buffer and returns the text, which points into `buffer`.
// Never allocates.
[[nodiscard]] std::string_view format_duration(
    Duration d, std::span<char, kMaxDurationText> buffer) noexcept;

// The same, as a std::string.
[[nodiscard]] std::string format_duration(Duration d);

}  // namespace tokenguard

#endif  // TOKENGUARD_DURATION_H_
