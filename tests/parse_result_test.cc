#include "tokenguard/parse_result.h"

#include <gtest/gtest.h>

namespace tokenguard {
namespace {

TEST(ParseError, MessageQuotesTokenAndOffset) {
  EXPECT_EQ(ParseError(1, "unknown unit", "d").message(), "unknown unit \"d\" at offset 1");
}
TEST(ParseError, MessageWithoutToken) { EXPECT_EQ(ParseError(0, "empty").message(), "empty at offset 0"); }
TEST(ParseError, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(ParseError(0, "bad", "a\"\\").message(), "bad \"a\\\"\\\\\" at offset 0");
}
TEST(ParseError, EscapesNonPrintableBytes) {
  EXPECT_EQ(ParseError(2, "bad", std::string_view("\0\xff", 2)).message(), "bad \"\\x00\\xff\" at offset 2");
}
TEST(ParseError, TruncatesLongTokens) {
  const ParseError e(0, "bad", std::string(100, 'a'));
  EXPECT_EQ(e.message(), "bad \"" + std::string(ParseError::kTokenCapacity, 'a') + "...\" at offset 0");
}
TEST(ParseError, SaysEndOfTextWhenNothingWasFound) {
  EXPECT_EQ(ParseError(3, "expected a digit but found").message(),
            "expected a digit but found the end of the text at offset 3");
}
TEST(ParseError, ShiftMovesOffset) { EXPECT_EQ(ParseError(2, "x").shifted(5).offset(), 7u); }
TEST(ParseResult, HoldsValue) {
  const ParseResult<int> r(42);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.value(), 42);
}
TEST(ParseResult, HoldsError) {
  const ParseResult<int> r(ParseError(3, "nope"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset(), 3u);
}

}  // namespace
}  // namespace tokenguard
