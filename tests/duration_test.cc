// Single-case tests of the Go duration grammar. Go's own test tables are
// replayed from the Go sources in duration_go_table_test.cc.
#include "tokenguard/duration.h"

#include "exact_copy.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace tokenguard {
namespace {

constexpr std::int64_t kUs = 1000;
constexpr std::int64_t kMs = 1000 * kUs;
constexpr std::int64_t kS = 1000 * kMs;
constexpr std::int64_t kM = 60 * kS;
constexpr std::int64_t kH = 60 * kM;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// Every helper parses an exact-size copy (tests/support/exact_copy.h).
ParseResult<Duration> parse_exact(std::string_view text) {
  const testing::ExactCopy copy(text);
  return parse_duration(copy.view());
}

// The nanoseconds of a valid duration; a test failure if it is not valid.
std::int64_t ns(std::string_view text) {
  const auto r = parse_exact(text);
  EXPECT_TRUE(r.ok()) << "\"" << text << "\": " << r.error().message();
  return r.value().nanoseconds;
}

// The error message of an invalid duration; "" (and a failure) if valid.
std::string error_of(std::string_view text) {
  const auto r = parse_exact(text);
  EXPECT_FALSE(r.ok()) << "\"" << text << "\" parsed as " << r.value().nanoseconds;
  return r.ok() ? std::string() : r.error().message();
}

TEST(Duration, ParsesHoursAndMinutes) { EXPECT_EQ(ns("2h45m"), 2 * kH + 45 * kM); }
TEST(Duration, ParsesMilliseconds) { EXPECT_EQ(ns("300ms"), 300 * kMs); }
TEST(Duration, ParsesNanoseconds) { EXPECT_EQ(ns("10ns"), 10); }
TEST(Duration, ParsesAsciiMicroseconds) { EXPECT_EQ(ns("11us"), 11 * kUs); }
TEST(Duration, ParsesMicroSignU00B5) { EXPECT_EQ(ns("12\xC2\xB5s"), 12 * kUs); }
TEST(Duration, ParsesGreekMuU03BC) { EXPECT_EQ(ns("12\xCE\xBCs"), 12 * kUs); }
TEST(Duration, ParsesSeconds) { EXPECT_EQ(ns("1478s"), 1478 * kS); }
TEST(Duration, AcceptsBareZero) { EXPECT_EQ(ns("0"), 0); }
TEST(Duration, AcceptsPlusZero) { EXPECT_EQ(ns("+0"), 0); }
TEST(Duration, AcceptsMinusZero) { EXPECT_EQ(ns("-0"), 0); }
TEST(Duration, AcceptsZeroWithUnit) { EXPECT_EQ(ns("0s"), 0); }
TEST(Duration, AcceptsPlusSign) { EXPECT_EQ(ns("+5s"), 5 * kS); }
TEST(Duration, NegatesWithMinusSign) { EXPECT_EQ(ns("-5s"), -5 * kS); }
TEST(Duration, MinusSignAppliesToAllTerms) { EXPECT_EQ(ns("-2m3.4s"), -(2 * kM + 3400 * kMs)); }
TEST(Duration, AcceptsLeadingDotFraction) { EXPECT_EQ(ns(".5h"), 30 * kM); }
TEST(Duration, AcceptsTrailingDot) { EXPECT_EQ(ns("1.h"), kH); }
TEST(Duration, AcceptsUnitsInAnyOrder) { EXPECT_EQ(ns("10.5s4m"), 4 * kM + 10500 * kMs); }
TEST(Duration, AcceptsRepeatedUnits) { EXPECT_EQ(ns("1h1h"), 2 * kH); }
TEST(Duration, AcceptsEveryUnitInOneValue) {
  EXPECT_EQ(ns("1h2m3s4ms5us6ns"), kH + 2 * kM + 3 * kS + 4 * kMs + 5 * kUs + 6);
}
TEST(Duration, FractionOfHourUsesGoFloatArithmetic) {
  EXPECT_EQ(ns("0.3333333333333333333h"), 1200000000000);
}
TEST(Duration, IgnoresFractionDigitsBeyondPrecision) {
  EXPECT_EQ(ns("0.100000000000000000000h"), 6 * kM);
}
TEST(Duration, FractionOverflowCheckMatchesGo) {
  EXPECT_EQ(ns("0.830103483285477580700h"), 49 * kM + 48 * kS + 372539827);
}
TEST(Duration, KeepsIntegersBeyondFloatPrecision) {
  EXPECT_EQ(ns("9007199254740993ns"), (std::int64_t{1} << 53) + 1);
}
// parse_duration reads in three tiers (integer terms below 2^20 with h m s
// ms; then fractions and numbers up to 18 digits; then every rule); these
// sit on the edges between them.
TEST(Duration, AcceptsSixDigitNumberOnTheIntegerPath) { EXPECT_EQ(ns("999999ms"), 999999 * kMs); }
TEST(Duration, AcceptsNumberOfExactlyTwoToTheTwentieth) { EXPECT_EQ(ns("1048576s"), 1048576 * kS); }
TEST(Duration, AcceptsSevenDigitMilliseconds) { EXPECT_EQ(ns("1500000ms"), 1500 * kS); }
TEST(Duration, AcceptsEighteenDigitNumber) { EXPECT_EQ(ns("100000000000000000ns"), 100000000000000000); }
TEST(Duration, AcceptsFractionAfterIntegerTerms) { EXPECT_EQ(ns("1h2m3.5s"), kH + 2 * kM + 3500 * kMs); }
TEST(Duration, AcceptsIntegerTermAfterFraction) { EXPECT_EQ(ns("1.5h30m"), 2 * kH); }
TEST(Duration, AcceptsLeadingDotTermAfterATerm) { EXPECT_EQ(ns("1h.5m"), kH + 30 * kS); }
TEST(Duration, AcceptsOtherUnitAfterCommonTerms) { EXPECT_EQ(ns("1h2us"), kH + 2 * kUs); }
TEST(Duration, ReadsMinutesAtTheEnd) { EXPECT_EQ(ns("1h5m"), kH + 5 * kM); }
TEST(Duration, ReadsMillisecondsAtTheEnd) { EXPECT_EQ(ns("1h5ms"), kH + 5 * kMs); }
TEST(Duration, ReadsMinutesBeforeADigit) { EXPECT_EQ(ns("5m1ms"), 5 * kM + kMs); }
TEST(Duration, AcceptsTwoToTheSixtySecondInTerms) {
  EXPECT_EQ(ns("4611686018s427387904ns"), std::int64_t{1} << 62);
  EXPECT_EQ(ns("-4611686018s427387904ns"), -(std::int64_t{1} << 62));
}
TEST(Duration, AcceptsJustBelowTwoToTheSixtySecondInHours) { EXPECT_EQ(ns("1281023h"), 1281023 * kH); }
TEST(Duration, AcceptsSumPassingTwoToTheSixtySecond) { EXPECT_EQ(ns("1281023h1281023h"), 2 * 1281023 * kH); }
TEST(Duration, RejectsUnitRunningOnAfterMinutes) { EXPECT_EQ(error_of("1mx"), "unknown unit \"mx\" at offset 1"); }
TEST(Duration, RejectsUnitRunningOnAfterMilliseconds) {
  EXPECT_EQ(error_of("1h1mss"), "unknown unit \"mss\" at offset 3");
}
TEST(Duration, AcceptsInt64Max) { EXPECT_EQ(ns("9223372036854775807ns"), kMax); }
TEST(Duration, AcceptsInt64MaxAsMicroseconds) { EXPECT_EQ(ns("9223372036854775.807us"), kMax); }
TEST(Duration, AcceptsInt64MaxInTerms) { EXPECT_EQ(ns("9223372036s854ms775us807ns"), kMax); }
TEST(Duration, AcceptsInt64Min) { EXPECT_EQ(ns("-9223372036854775808ns"), kMin); }
TEST(Duration, AcceptsInt64MinAsGoWritesIt) { EXPECT_EQ(ns("-2562047h47m16.854775808s"), kMin); }

TEST(Duration, RejectsEmpty) { EXPECT_EQ(error_of(""), "expected a number at offset 0"); }
TEST(Duration, RejectsDefaultStringView) { EXPECT_FALSE(parse_duration(std::string_view()).ok()); }
TEST(Duration, RejectsLoneSign) { EXPECT_EQ(error_of("-"), "expected a number at offset 1"); }
TEST(Duration, RejectsBareZeroAfterATerm) { EXPECT_EQ(error_of("0h0"), "missing unit at offset 3"); }
TEST(Duration, RejectsBareZeroAfterZeroTerms) { EXPECT_EQ(error_of("1h0"), "missing unit at offset 3"); }
TEST(Duration, RejectsBareNumber) { EXPECT_EQ(error_of("3"), "missing unit at offset 1"); }
TEST(Duration, RejectsDoubleZeroWithoutUnit) { EXPECT_EQ(error_of("00"), "missing unit at offset 2"); }
TEST(Duration, RejectsSignAlone) { EXPECT_EQ(error_of("-"), "expected a number at offset 1"); }
TEST(Duration, RejectsUnitAlone) { error_of("s"); }
TEST(Duration, RejectsDotAlone) { error_of("."); }
TEST(Duration, RejectsDotWithUnit) {
  EXPECT_EQ(error_of(".s"), "expected digits around \".\" at offset 0");
}
TEST(Duration, RejectsSignedDotWithUnit) { error_of("+.s"); }
TEST(Duration, RejectsDays) { EXPECT_EQ(error_of("1d"), "unknown unit \"d\" at offset 1"); }
TEST(Duration, RejectsUpperCaseUnit) { EXPECT_EQ(error_of("1H"), "unknown unit \"H\" at offset 1"); }
TEST(Duration, RejectsLongUnitName) { EXPECT_EQ(error_of("5sec"), "unknown unit \"sec\" at offset 1"); }
TEST(Duration, RejectsTrailingSpace) { EXPECT_EQ(error_of("1h "), "unknown unit \"h \" at offset 1"); }
TEST(Duration, RejectsLeadingSpace) { error_of(" 1h"); }
TEST(Duration, RejectsInnerSpace) { error_of("1h 30m"); }
TEST(Duration, RejectsTab) { error_of("1h\t"); }
TEST(Duration, RejectsTrailingCarriageReturn) { error_of("1h\r"); }
TEST(Duration, RejectsDoubleSign) { error_of("--1s"); }
TEST(Duration, RejectsTwoDots) { error_of("1.2.3s"); }
TEST(Duration, RejectsForeverLiteral) { error_of("forever"); }
TEST(Duration, RejectsTrailingDot) { EXPECT_EQ(error_of("1."), "missing unit at offset 2"); }
TEST(Duration, RejectsTrailingDotAfterATerm) { EXPECT_EQ(error_of("1h2."), "missing unit at offset 4"); }
TEST(Duration, RejectsTrailingDigitAfterAUnit) { EXPECT_EQ(error_of("1h2"), "missing unit at offset 3"); }
TEST(Duration, RejectsFractionRunningToTheEnd) { EXPECT_EQ(error_of("1.5"), "missing unit at offset 3"); }
TEST(Duration, RejectsInvalidUtf8) {
  EXPECT_EQ(error_of("\x85\x85"), "expected a digit or \".\" but found \"\\x85\" at offset 0");
}
TEST(Duration, RejectsInvalidUtf8Unit) { error_of("1\xff"); }
TEST(Duration, RejectsReplacementCharacter) { error_of("\xEF\xBF\xBD"); }
TEST(Duration, RejectsLoneMicroSignByte) { error_of("1\xC2s"); }
TEST(Duration, RejectsEmbeddedNul) { error_of(std::string_view("1h\0", 3)); }
TEST(Duration, RejectsInt64MaxPlusOne) { error_of("9223372036854775808ns"); }
TEST(Duration, RejectsInt64MinMinusOne) { error_of("-9223372036854775809ns"); }
TEST(Duration, RejectsTooManyMicroseconds) { error_of("9223372036854776us"); }
TEST(Duration, RejectsThreeMillionHours) {
  EXPECT_EQ(error_of("3000000h"), "duration out of range at offset 0");
}
TEST(Duration, RejectsFractionPushingPastMax) { error_of("9223372036854775.808us"); }
TEST(Duration, RejectsTermsSummingPastMax) { error_of("9223372036854ms775us808ns"); }
TEST(Duration, RejectsIntegerOverflowInDigits) { error_of("99999999999999999999ns"); }
TEST(Duration, RejectsSumThatWouldWrapToZero) {
  // Go adds terms in uint64 and wraps here; tokenguard reports the overflow.
  error_of("-9223372036854775808ns9223372036854775808ns");
}
TEST(Duration, RejectsHundredThousandDigitsQuickly) {
  const std::string digits(100000, '9');
  error_of(digits + "s");
}
TEST(Duration, AcceptsHundredThousandFractionDigits) {
  EXPECT_EQ(ns("1." + std::string(100000, '0') + "s"), kS);
}
TEST(Duration, ErrorKeepsOnlyAShortToken) {
  const auto r = parse_duration("1" + std::string(1000, 'x'));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().token_truncated());
  EXPECT_EQ(r.error().token().size(), ParseError::kTokenCapacity);
}

// Formatting, as Go's Duration.String().
std::string fmt(std::int64_t v) { return format_duration(Duration{v}); }

TEST(DurationFormat, WritesZeroAsZeroSeconds) { EXPECT_EQ(fmt(0), "0s"); }
TEST(DurationFormat, WritesNanoseconds) { EXPECT_EQ(fmt(1), "1ns"); }
TEST(DurationFormat, WritesMicrosecondsWithMicroSign) { EXPECT_EQ(fmt(1100), "1.1\xC2\xB5s"); }
TEST(DurationFormat, WritesMilliseconds) { EXPECT_EQ(fmt(2200 * kUs), "2.2ms"); }
TEST(DurationFormat, WritesSecondsWithFraction) { EXPECT_EQ(fmt(3300 * kMs), "3.3s"); }
TEST(DurationFormat, WritesMinutesAndSeconds) { EXPECT_EQ(fmt(4 * kM + 5 * kS), "4m5s"); }
TEST(DurationFormat, WritesHoursMinutesSeconds) { EXPECT_EQ(fmt(2 * kH + 45 * kM), "2h45m0s"); }
TEST(DurationFormat, WritesOneMinuteWithZeroSeconds) { EXPECT_EQ(fmt(kM), "1m0s"); }
TEST(DurationFormat, WritesNegative) { EXPECT_EQ(fmt(-kS), "-1s"); }
TEST(DurationFormat, WritesInt64Max) { EXPECT_EQ(fmt(kMax), "2562047h47m16.854775807s"); }
TEST(DurationFormat, WritesInt64Min) { EXPECT_EQ(fmt(kMin), "-2562047h47m16.854775808s"); }
TEST(DurationFormat, RoundTripsExtremes) {
  for (const std::int64_t v : {kMax, kMin, std::int64_t{0}, std::int64_t{1}, std::int64_t{-1},
                               std::int64_t{999}, std::int64_t{1000}, 39 * kH + 9 * kM + 14425 * kMs}) {
    EXPECT_EQ(ns(fmt(v)), v) << fmt(v);
  }
}
TEST(DurationFormat, WritesIntoCallerBufferWithoutAllocating) {
  std::array<char, kMaxDurationText> buffer{};
  EXPECT_EQ(format_duration(Duration{1500}, buffer), "1.5\xC2\xB5s");
}

}  // namespace
}  // namespace tokenguard
