// The request URI as upstreams read it (src/uri.h).
#include <gtest/gtest.h>

#include "uri.h"

namespace tokenguard::detail {
namespace {

TEST(Segment, PlainSegmentIsFine) { EXPECT_EQ(check_segment("ed17574386854bf78a67040be0a770b0"), SegmentProblem::kNone); }
TEST(Segment, EscapedLettersAreFine) { EXPECT_EQ(check_segment("%74okens"), SegmentProblem::kNone); }
TEST(Segment, EmptyIsRefused) { EXPECT_EQ(check_segment(""), SegmentProblem::kEmpty); }
TEST(Segment, DotAndDotDotAreRefused) {
  EXPECT_EQ(check_segment("."), SegmentProblem::kDotSegment);
  EXPECT_EQ(check_segment(".."), SegmentProblem::kDotSegment);
}
TEST(Segment, EncodedDotsAreRefused) {
  EXPECT_EQ(check_segment("%2e%2e"), SegmentProblem::kDotSegment);
  EXPECT_EQ(check_segment("%2E."), SegmentProblem::kDotSegment);
  EXPECT_EQ(check_segment("%2e"), SegmentProblem::kDotSegment);
}
TEST(Segment, ThreeDotsAreAName) { EXPECT_EQ(check_segment("..."), SegmentProblem::kNone); }
TEST(Segment, EncodedSlashIsRefused) { EXPECT_EQ(check_segment("..%2Fuser"), SegmentProblem::kSeparator); }
TEST(Segment, EncodedBackslashIsRefused) { EXPECT_EQ(check_segment("a%5cb"), SegmentProblem::kSeparator); }
TEST(Segment, RawBackslashIsRefused) { EXPECT_EQ(check_segment("a\\b"), SegmentProblem::kSeparator); }
TEST(Segment, SemicolonIsRefused) {
  EXPECT_EQ(check_segment("id;jsessionid=1"), SegmentProblem::kSeparator);
  EXPECT_EQ(check_segment("id%3B"), SegmentProblem::kSeparator);
}
TEST(Segment, EncodedQuestionMarkAndHashAreRefused) {
  EXPECT_EQ(check_segment("id%3Fx"), SegmentProblem::kSeparator);
  EXPECT_EQ(check_segment("id%23x"), SegmentProblem::kSeparator);
}
TEST(Segment, EncodedLineBreakIsRefused) { EXPECT_EQ(check_segment("id%0D%0Ax"), SegmentProblem::kControlByte); }
TEST(Segment, EncodedNulIsRefused) { EXPECT_EQ(check_segment("id%00"), SegmentProblem::kControlByte); }
TEST(Segment, MalformedEscapesAreRefused) {
  EXPECT_EQ(check_segment("%zz"), SegmentProblem::kBadEscape);
  EXPECT_EQ(check_segment("a%2"), SegmentProblem::kBadEscape);
  EXPECT_EQ(check_segment("a%"), SegmentProblem::kBadEscape);
}

TEST(DecodedEquals, ComparesAfterDecoding) {
  EXPECT_TRUE(decoded_equals("%74okens", "tokens"));
  EXPECT_TRUE(decoded_equals("tokens", "tokens"));
  EXPECT_FALSE(decoded_equals("%74oken", "tokens"));
  EXPECT_FALSE(decoded_equals("tokens%", "tokens"));
  EXPECT_FALSE(decoded_equals("", "x"));
}

TEST(Query, DecodesNamesAndValuesAsGoDoes) {
  const auto q = parse_query("per%5Fpage=5&name=a+b&x");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].name, "per_page");
  EXPECT_EQ(q[1].value, "a b");
  EXPECT_EQ(q[2].name, "x");
  EXPECT_EQ(q[2].value, "");
  EXPECT_FALSE(q[0].dropped_by_go);
}
TEST(Query, SkipsEmptyPairs) { EXPECT_EQ(parse_query("&&a=1&").size(), 1u); }
TEST(Query, SemicolonPairIsOneGoDrops) {
  const auto q = parse_query("per_page=5;per_page=1000");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_TRUE(q[0].dropped_by_go);
}
TEST(Query, MalformedEscapeIsOneGoDrops) {
  const auto q = parse_query("per_page=%zz");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_TRUE(q[0].dropped_by_go);
  EXPECT_EQ(q[0].name, "per_page");
}

TEST(JsonNumber, AcceptsJsonNumbers) {
  for (const char* s : {"0", "5", "-5", "10", "1.5", "1e3", "1E+3", "-0.0e-1"}) EXPECT_TRUE(is_json_number(s)) << s;
}
TEST(JsonNumber, RejectsWhatJsonDoesNot) {
  for (const char* s : {"", "+5", "05", "0x32", " 5", "5 ", "1.", ".5", "1e", "Infinity", "NaN", "-", "1_000"})
    EXPECT_FALSE(is_json_number(s)) << s;
}

}  // namespace
}  // namespace tokenguard::detail
