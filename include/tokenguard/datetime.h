// tokenguard/datetime.h: RFC 3339 section 5.6 date-time, full-date and
// full-time, strictly, as JSON Schema's `date-time`, `date` and `time`
// formats mean them.
//
//   auto r = tokenguard::parse_date_time("2014-01-01T05:20:00.12345Z");
//   if (r.ok()) {
//     r.value().unix_seconds;   // 1388553600, the UTC instant
//     r.value().nanoseconds;    // 123450000
//   }
//   tokenguard::compare(a, b);  // orders two date-times by instant
//
// Grammar (RFC 3339 5.6, ABNF; "T" and "Z" in either case, RFC 3339 5.6 NOTE):
//
//   date-time      = full-date "T" full-time
//   full-date      = date-fullyear "-" date-month "-" date-mday
//   full-time      = partial-time time-offset
//   partial-time   = time-hour ":" time-minute ":" time-second [time-secfrac]
//   date-fullyear  = 4DIGIT
//   date-month     = 2DIGIT  ; 01-12
//   date-mday      = 2DIGIT  ; 01-28, 01-29, 01-30, 01-31 by month and year
//   time-hour      = 2DIGIT  ; 00-23
//   time-minute    = 2DIGIT  ; 00-59
//   time-second    = 2DIGIT  ; 00-58, 00-59, 00-60 (leap second rules)
//   time-secfrac   = "." 1*DIGIT
//   time-offset    = "Z" / time-numoffset
//   time-numoffset = ("+" / "-") time-hour ":" time-minute
//
// Rules beyond the ABNF: days are real calendar days of the proleptic
// Gregorian calendar (leap years included); second 60 is allowed only where
// the time, converted to UTC, is 23:59:60 (for a bare full-time, modulo one
// day). Fraction digits past the ninth are accepted and truncated.
//
// The instant of a leap second (23:59:60) is the same as the following
// 00:00:00, as POSIX time counts it; `second` keeps 60.
#ifndef TOKENGUARD_DATETIME_H_
#define TOKENGUARD_DATETIME_H_

#include <cstdint>
#include <string_view>

#include "tokenguard/parse_result.h"

namespace tokenguard {

struct Date {
  int year = 0;   // 0-9999
  int month = 0;  // 1-12
  int day = 0;    // 1-31
  // Days since 1970-01-01 (negative before).
  std::int64_t days_since_epoch = 0;
  friend constexpr bool operator==(const Date&, const Date&) = default;
};

struct Time {
  int hour = 0;
  int minute = 0;
  int second = 0;                // 0-60
  std::uint32_t nanosecond = 0;  // fraction, truncated to 9 digits
  int offset_seconds = 0;        // local time minus UTC, e.g. -28800 for -08:00
  // Seconds since midnight UTC, in [0, 86400]; 86400 only for 23:59:60Z.
  std::int64_t utc_seconds_of_day = 0;
  friend constexpr bool operator==(const Time&, const Time&) = default;
};

struct DateTime {
  Date date;
  Time time;
  // The UTC instant: seconds since 1970-01-01T00:00:00Z plus nanoseconds.
  std::int64_t unix_seconds = 0;
  std::uint32_t nanoseconds = 0;
  friend constexpr bool operator==(const DateTime&, const DateTime&) = default;
};

// Each never throws and never allocates.
[[nodiscard]] ParseResult<DateTime> parse_date_time(std::string_view text) noexcept;
[[nodiscard]] ParseResult<Date> parse_date(std::string_view text) noexcept;
[[nodiscard]] ParseResult<Time> parse_time(std::string_view text) noexcept;

// parse_date_time(text).ok(), without computing the instant (the schema
// engine's check; about a third cheaper on the accepting path).
[[nodiscard]] bool is_date_time(std::string_view text) noexcept;

// <0, 0, >0 as a's instant is before, equal to, or after b's.
[[nodiscard]] int compare(const DateTime& a, const DateTime& b) noexcept;

}  // namespace tokenguard

#endif  // TOKENGUARD_DATETIME_H_
