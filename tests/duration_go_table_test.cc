// Replays Go's own ParseDuration test tables, read from Go's sources
// (time/time_test.go in Debian's golang-1.19-src), through tokenguard.
#include <gtest/gtest.h>

#include "go_source.h"
#include "tokenguard/duration.h"

namespace tokenguard {
namespace {

using testing::eval_go_duration_expr;
using testing::go_table_rows;
using testing::read_go_file;

std::string go_time_test() {
  auto text = read_go_file("time/time_test.go");
  if (!text) {
    ADD_FAILURE() << "Go sources not found under " << testing::go_source_root()
                  << " (apt-get install golang-1.19-src, or set TOKENGUARD_GO_SRC)";
    return {};
  }
  return *text;
}

TEST(DurationGoTable, EveryParseDurationTestsCaseGivesGosValue) {
  const auto rows = go_table_rows(go_time_test(), "parseDurationTests");
  ASSERT_GE(rows.size(), 40u) << "the table was not found or not read";
  for (const auto& row : rows) {
    const auto want = eval_go_duration_expr(row.rest);
    ASSERT_TRUE(want.has_value()) << "line " << row.line << ": cannot evaluate " << row.rest;
    const auto got = parse_duration(row.input);
    ASSERT_TRUE(got.ok()) << "line " << row.line << " \"" << row.input
                          << "\": " << got.error().message();
    EXPECT_EQ(got.value().nanoseconds, *want) << "line " << row.line << " \"" << row.input << "\"";
  }
}

TEST(DurationGoTable, EveryParseDurationErrorTestsCaseIsAnError) {
  const auto rows = go_table_rows(go_time_test(), "parseDurationErrorTests");
  ASSERT_GE(rows.size(), 15u) << "the table was not found or not read";
  for (const auto& row : rows) {
    const auto got = parse_duration(row.input);
    EXPECT_FALSE(got.ok()) << "line " << row.line << " \"" << row.input << "\" parsed as "
                           << got.value().nanoseconds;
  }
}

TEST(DurationGoTable, GoRoundTripValuesRoundTrip) {
  // TestParseDurationRoundTrip formats and reparses these.
  for (const std::int64_t v : {std::numeric_limits<std::int64_t>::max(),
                               std::numeric_limits<std::int64_t>::min(), std::int64_t{0}}) {
    const auto back = parse_duration(format_duration(Duration{v}));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value().nanoseconds, v);
  }
}

TEST(GoExpression, EvaluatesUnitProducts) {
  EXPECT_EQ(eval_go_duration_expr("4*Minute + 10*Second + 500*Millisecond"), 250500000000);
}
TEST(GoExpression, EvaluatesShiftsAndUnaryMinus) {
  EXPECT_EQ(eval_go_duration_expr("-1 << 63 * Nanosecond"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(eval_go_duration_expr("(1<<63 - 1) * Nanosecond"), std::numeric_limits<std::int64_t>::max());
}
TEST(GoExpression, RejectsUnknownNames) { EXPECT_FALSE(eval_go_duration_expr("5 * Day").has_value()); }

}  // namespace
}  // namespace tokenguard
