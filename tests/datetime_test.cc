// Single-case tests of the RFC 3339 grammar. The JSON-Schema-Test-Suite's
// optional format cases are replayed from the Debian package in
// datetime_suite_test.cc.
#include "tokenguard/datetime.h"
#include "datetime_internal.h"

#include "exact_copy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tokenguard {
namespace {

// Every helper parses an exact-size copy (tests/support/exact_copy.h).

DateTime dt(std::string_view text) {
  const auto r = parse_date_time(testing::ExactCopy(text).view());
  EXPECT_TRUE(r.ok()) << "\"" << text << "\": " << r.error().message();
  return r.value();
}

std::string error_of(std::string_view text) {
  const auto r = parse_date_time(testing::ExactCopy(text).view());
  EXPECT_FALSE(r.ok()) << "\"" << text << "\" parsed";
  return r.ok() ? std::string() : r.error().message();
}

bool date_ok(std::string_view t) { return parse_date(testing::ExactCopy(t).view()).ok(); }
bool time_ok(std::string_view t) { return parse_time(testing::ExactCopy(t).view()).ok(); }

TEST(DateTime, GivesUtcInstantWithFraction) {
  const DateTime v = dt("2014-01-01T05:20:00.12345Z");
  EXPECT_EQ(v.unix_seconds, 1388553600);
  EXPECT_EQ(v.nanoseconds, 123450000u);
  EXPECT_EQ(v.time.offset_seconds, 0);
}
TEST(DateTime, AppliesPositiveOffset) {
  EXPECT_EQ(dt("1937-01-01T12:00:27.87+00:20").unix_seconds, -1041337173);
}
TEST(DateTime, AppliesNegativeOffset) {
  const DateTime v = dt("1990-12-31T15:59:50.123-08:00");
  EXPECT_EQ(v.unix_seconds, 662687990);
  EXPECT_EQ(v.time.offset_seconds, -28800);
}
TEST(DateTime, GivesEpochZero) { EXPECT_EQ(dt("1970-01-01T00:00:00Z").unix_seconds, 0); }
TEST(DateTime, AcceptsLowerCaseTAndZ) { EXPECT_EQ(dt("1970-01-01t00:00:00z").unix_seconds, 0); }
TEST(DateTime, AcceptsNegativeZeroOffset) { EXPECT_EQ(dt("1970-01-01T00:00:00-00:00").unix_seconds, 0); }
TEST(DateTime, AcceptsYearZero) { EXPECT_EQ(dt("0000-01-01T00:00:00Z").date.year, 0); }
TEST(DateTime, AcceptsYear9999) { EXPECT_EQ(dt("9999-12-31T23:59:59Z").unix_seconds, 253402300799); }
TEST(DateTime, AcceptsLongFraction) { EXPECT_EQ(dt("2020-01-01T00:00:00.1234567891234Z").nanoseconds, 123456789u); }
TEST(DateTime, AcceptsLeapDayInLeapYear) { dt("2020-02-29T00:00:00Z"); }
TEST(DateTime, AcceptsLeapDayIn2000) { dt("2000-02-29T00:00:00Z"); }
TEST(DateTime, AcceptsMaximalOffsets) {
  dt("2020-01-01T00:00:00+23:59");
  dt("2020-01-01T00:00:00-23:59");
}
TEST(DateTime, AcceptsLeapSecondAtUtcMidnight) {
  const DateTime v = dt("1998-12-31T23:59:60Z");
  EXPECT_EQ(v.time.second, 60);
  EXPECT_EQ(v.unix_seconds, dt("1999-01-01T00:00:00Z").unix_seconds);
}
TEST(DateTime, AcceptsLeapSecondWithOffset) { dt("1998-12-31T15:59:60.123-08:00"); }
TEST(DateTime, ComparesInstantsAcrossOffsets) {
  EXPECT_EQ(compare(dt("2020-01-01T01:00:00+01:00"), dt("2020-01-01T00:00:00Z")), 0);
  EXPECT_LT(compare(dt("2020-01-01T00:00:00Z"), dt("2020-01-01T00:00:00.5Z")), 0);
  EXPECT_GT(compare(dt("2021-01-01T00:00:00Z"), dt("2020-12-31T23:59:59.999Z")), 0);
}

TEST(DateTime, RejectsLeapSecondBeforeMidnightUtc) {
  EXPECT_EQ(error_of("1998-12-31T22:59:60Z"),
            "leap second 60 is only valid at 23:59:60 UTC at offset 17");
}
TEST(DateTime, RejectsLeapSecondAtWrongMinute) { error_of("1998-12-31T23:58:60Z"); }
TEST(DateTime, RejectsLeapSecondWhoseOffsetMissesMidnight) { error_of("1998-12-31T23:59:60+01:00"); }
TEST(DateTime, RejectsSecond61) { error_of("1998-12-31T23:59:61Z"); }
TEST(DateTime, RejectsFebruary30) { EXPECT_EQ(error_of("2020-02-30T00:00:00Z"), "no such day in that month \"30\" at offset 8"); }
TEST(DateTime, RejectsFebruary29InCommonYear) { error_of("2021-02-29T00:00:00Z"); }
TEST(DateTime, RejectsFebruary29In1900) { error_of("1900-02-29T00:00:00Z"); }
TEST(DateTime, RejectsApril31) { error_of("2020-04-31T00:00:00Z"); }
TEST(DateTime, RejectsDayZero) { error_of("2020-01-00T00:00:00Z"); }
TEST(DateTime, RejectsMonth13) { EXPECT_EQ(error_of("2020-13-01T00:00:00Z"), "month is not 01-12 \"13\" at offset 5"); }
TEST(DateTime, RejectsMonthZero) { error_of("2020-00-01T00:00:00Z"); }
TEST(DateTime, RejectsHour24) { error_of("2020-01-01T24:00:00Z"); }
TEST(DateTime, RejectsMinute60) { error_of("2020-01-01T00:60:00Z"); }
TEST(DateTime, RejectsOffsetHour24) { error_of("1990-12-31T15:59:59-24:00"); }
TEST(DateTime, RejectsOffsetMinute60) { error_of("1990-12-31T15:59:59+00:60"); }
TEST(DateTime, RejectsMissingOffset) {
  EXPECT_EQ(error_of("2020-01-01T00:00:00"),
            "expected \"Z\" or a \"+hh:mm\"/\"-hh:mm\" offset but found the end of the text at offset 19");
}
TEST(DateTime, RejectsOffsetWithoutColon) { error_of("2020-01-01T00:00:00+0100"); }
TEST(DateTime, RejectsShortOffset) { error_of("2020-01-01T00:00:00+01"); }
TEST(DateTime, RejectsSpaceSeparator) { error_of("2020-01-01 00:00:00Z"); }
TEST(DateTime, RejectsEmptyFraction) { error_of("2020-01-01T00:00:00.Z"); }
TEST(DateTime, RejectsCommaFraction) { error_of("2020-01-01T00:00:00,5Z"); }
TEST(DateTime, RejectsTwoDigitYear) { error_of("20-01-01T00:00:00Z"); }
TEST(DateTime, RejectsFiveDigitYear) { error_of("12020-01-01T00:00:00Z"); }
TEST(DateTime, RejectsOneDigitDay) { error_of("2020-01-1T00:00:00Z"); }
TEST(DateTime, RejectsOmittedSeconds) { error_of("2020-01-01T00:00Z"); }
TEST(DateTime, RejectsTrailingSpace) { error_of("2020-01-01T00:00:00Z "); }
TEST(DateTime, RejectsTrailingText) { error_of("2020-01-01T00:00:00Zjunk"); }
TEST(DateTime, RejectsOrdinalDate) { error_of("2013-350T01:01:01"); }
TEST(DateTime, RejectsEmpty) { error_of(""); }
TEST(DateTime, RejectsNonAsciiDigit) { error_of("2020-01-01T00:00:0\xd9\xa1Z"); }
TEST(DateTime, RejectsInvalidUtf8) { error_of("2020-01-01T00:00:00\xff"); }
TEST(DateTime, RejectsEmbeddedNul) { error_of(std::string_view("2020-01-01T00:00:00\0Z", 21)); }
TEST(DateTime, HandlesHundredThousandFractionDigits) {
  EXPECT_EQ(dt("2020-01-01T00:00:00." + std::string(100000, '9') + "Z").nanoseconds, 999999999u);
}

TEST(Date, AcceptsFullDate) {
  const auto r = parse_date("1963-06-19");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().days_since_epoch, -2388);
}
TEST(Date, AcceptsLeapDay) { EXPECT_TRUE(date_ok("2024-02-29")); }
TEST(Date, RejectsLeapDayInCommonYear) { EXPECT_FALSE(date_ok("2023-02-29")); }
TEST(Date, RejectsSlashes) { EXPECT_FALSE(date_ok("06/19/1963")); }
TEST(Date, RejectsDateTime) { EXPECT_FALSE(date_ok("1963-06-19T00:00:00Z")); }
TEST(Date, RejectsUnpaddedMonth) { EXPECT_FALSE(date_ok("1963-6-19")); }

TEST(Time, AcceptsFullTime) {
  const auto r = parse_time("08:30:06.283185Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().utc_seconds_of_day, 8 * 3600 + 30 * 60 + 6);
  EXPECT_EQ(r.value().nanosecond, 283185000u);
}
TEST(Time, WrapsOffsetAroundMidnight) {
  const auto r = parse_time("01:00:00+02:00");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().utc_seconds_of_day, 23 * 3600);
}
TEST(Time, AcceptsLeapSecondAtUtcMidnight) { EXPECT_TRUE(time_ok("23:59:60Z")); }
TEST(Time, AcceptsLeapSecondWithOffset) { EXPECT_TRUE(time_ok("15:59:60-08:00")); }
TEST(Time, RejectsLeapSecondElsewhere) { EXPECT_FALSE(time_ok("22:59:60Z")); }
TEST(Time, RejectsMissingOffset) { EXPECT_FALSE(time_ok("08:30:06")); }
TEST(Time, RejectsNamedZone) { EXPECT_FALSE(time_ok("08:30:06 PST")); }
TEST(Time, RejectsCommaFraction) { EXPECT_FALSE(time_ok("01:01:01,1111")); }

TEST(DaysFromCivil, MatchesKnownDates) {
  EXPECT_EQ(detail::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(detail::days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(detail::days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(detail::days_from_civil(0, 1, 1), -719528);
}

}  // namespace
}  // namespace tokenguard

namespace {
TEST(DateTime, IsDateTimeAgreesWithParseOnTheFastPath) {
  EXPECT_TRUE(tokenguard::is_date_time("2014-01-01T05:20:00.12345Z"));
  EXPECT_TRUE(tokenguard::is_date_time("1937-01-01T12:00:27.87+00:20"));
  EXPECT_FALSE(tokenguard::is_date_time("2014-02-30T05:20:00Z"));
  EXPECT_FALSE(tokenguard::is_date_time("yesterday"));
}
TEST(DateTime, IsDateTimeAppliesTheLeapSecondRule) {
  EXPECT_TRUE(tokenguard::is_date_time("1998-12-31T23:59:60Z"));
  EXPECT_TRUE(tokenguard::is_date_time("1998-12-31T15:59:60.123-08:00"));
  EXPECT_FALSE(tokenguard::is_date_time("1998-12-31T23:59:60+01:00"));
  EXPECT_FALSE(tokenguard::is_date_time("1998-12-31T12:00:60Z"));
}
TEST(DateTime, IsDateTimeAcceptsWhatOnlyTheReferenceParserAccepts) {
  EXPECT_EQ(tokenguard::is_date_time("2014-01-01 05:20:00Z"), tokenguard::parse_date_time("2014-01-01 05:20:00Z").ok());
  EXPECT_EQ(tokenguard::is_date_time("2014-01-01t05:20:00z"), tokenguard::parse_date_time("2014-01-01t05:20:00z").ok());
}
}  // namespace

namespace tokenguard {
namespace {

// order_date_times against parse_date_time and compare(), over pairs of
// one shape (ordered by their bytes) and of mixed shapes (parsed).
TEST(OrderDateTimes, AgreesWithParseAndCompareOnEveryPair) {
  const std::vector<std::string> texts = {
      "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", "2020-01-01T00:00:01Z", "2018-07-01T05:20:00Z",
      "2020-01-01t00:00:00Z", "2020-01-01T00:00:00z", "2020-01-01T00:00:00.5Z", "2020-01-01T00:00:00.4Z",
      "2020-01-01T00:00:00.50Z", "2020-01-01T01:00:00+01:00", "2019-12-31T23:00:00-01:00",
      "2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z", "2016-12-31T23:59:59Z", "2016-12-31T23:59:60.5Z",
      "2017-01-01T00:00:00.5Z", "2020-02-30T00:00:00Z", "2020-13-01T00:00:00Z", "2020-01-01T24:00:00Z",
      "2020-01-01T00:00:00", "2021-02-28T12:00:00Z", "2021-02-29T12:00:00Z", "9999-12-31T23:59:59Z",
      "0000-01-01T00:00:00Z", "2020-01-01T00:00:60Z", "2020-06-30T23:59:60Z", "2020-01-01T00:00:00.123456789Z"};
  for (const std::string& a : texts) {
    for (const std::string& b : texts) {
      const auto x = parse_date_time(a);
      const auto y = parse_date_time(b);
      const int expected = x.ok() && y.ok() ? compare(x.value(), y.value()) : detail::kNotDateTimes;
      EXPECT_EQ(detail::order_date_times(a, b), expected) << a << " vs " << b;
    }
  }
}
TEST(OrderDateTimes, ALeapSecondIsTheNextSecondsInstant) {
  EXPECT_EQ(detail::order_date_times("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"), 0);
}
TEST(OrderDateTimes, SameShapeInvalidTextIsNoOrder) {
  EXPECT_EQ(detail::order_date_times("2020-02-30T00:00:00Z", "2020-03-01T00:00:00Z"), detail::kNotDateTimes);
}

}  // namespace
}  // namespace tokenguard
