// Fuzzes parse_date_time, parse_date and parse_time. Properties: an accepted
// date-time's fields are in range and consistent with its instant (the date
// and time it encodes, converted back from the instant, agree), and its
// instant lies between year 0000 and 9999 give or take a day of offset;
// the fast path and the checked reference parser give the same result.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "datetime_internal.h"
#include "tokenguard/datetime.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = tokenguard::parse_date_time(text);
  // The fast path and the checked reference agree on every input.
  const auto reference = tokenguard::detail::parse_date_time_reference(text);
  TG_FUZZ_CHECK(r.ok() == reference.ok());
  TG_FUZZ_CHECK(tokenguard::is_date_time(text) == r.ok());
  if (r.ok()) TG_FUZZ_CHECK(r.value() == reference.value());
  if (r.ok()) {
    const tokenguard::DateTime& v = r.value();
    TG_FUZZ_CHECK(v.date.year >= 0 && v.date.year <= 9999);
    TG_FUZZ_CHECK(v.date.month >= 1 && v.date.month <= 12);
    TG_FUZZ_CHECK(v.date.day >= 1 && v.date.day <= 31);
    TG_FUZZ_CHECK(v.time.hour <= 23 && v.time.minute <= 59 && v.time.second <= 60);
    TG_FUZZ_CHECK(v.nanoseconds < 1000000000u);
    TG_FUZZ_CHECK(v.time.offset_seconds > -86400 && v.time.offset_seconds < 86400);
    const std::int64_t local = v.date.days_since_epoch * 86400 + v.time.hour * 3600 +
                               v.time.minute * 60 + v.time.second;
    TG_FUZZ_CHECK(v.unix_seconds == local - v.time.offset_seconds);
    TG_FUZZ_CHECK(v.unix_seconds >= tokenguard::detail::days_from_civil(0, 1, 1) * 86400 - 86400);
    TG_FUZZ_CHECK(v.unix_seconds <= tokenguard::detail::days_from_civil(10000, 1, 1) * 86400 + 86400);
    if (v.time.second == 60) TG_FUZZ_CHECK(((v.unix_seconds % 86400) + 86400) % 86400 == 0);
    TG_FUZZ_CHECK(tokenguard::compare(v, v) == 0);
    TG_FUZZ_CHECK(tokenguard::detail::days_from_civil(v.date.year, v.date.month, v.date.day) ==
                  v.date.days_since_epoch);
  } else {
    TG_FUZZ_CHECK(r.error().offset() <= size);
  }
  const auto d = tokenguard::parse_date(text);
  if (d.ok()) TG_FUZZ_CHECK(d.value().month >= 1 && d.value().month <= 12);
  const auto t = tokenguard::parse_time(text);
  if (t.ok()) {
    TG_FUZZ_CHECK(t.value().utc_seconds_of_day >= 0 && t.value().utc_seconds_of_day <= 86400);
    if (t.value().utc_seconds_of_day == 86400) TG_FUZZ_CHECK(t.value().second == 60);
  }
  return 0;
}
