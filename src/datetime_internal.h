// Internal: the checked reference parser behind parse_date_time's fast path,
// exposed so that tests and fuzz_datetime can compare the two.
#ifndef TOKENGUARD_SRC_DATETIME_INTERNAL_H_
#define TOKENGUARD_SRC_DATETIME_INTERNAL_H_

#include <cstdint>
#include <string_view>

#include "tokenguard/datetime.h"

namespace tokenguard::detail {

[[nodiscard]] ParseResult<DateTime> parse_date_time_reference(std::string_view text) noexcept;

// The order of two date-times' instants, as compare() gives it, or
// kNotDateTimes when either text is not a date-time. Two texts of one UTC
// shape (the same length, each ending in 'Z' and with the same 'T', no
// leap second) are ordered by their bytes once each is known to be a
// date-time: their digits stand in the same places. Any other pair is
// parsed.
inline constexpr int kNotDateTimes = 2;
[[nodiscard]] int order_date_times(std::string_view a, std::string_view b) noexcept;

// Days since 1970-01-01 of a proleptic Gregorian date (no range checks).
[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_DATETIME_INTERNAL_H_
