// Go's bytes.EqualFold, as encoding/json uses it to match object keys to
// struct fields (src/key_fold.h). Each expectation is what Go 1.19 answers.
#include <gtest/gtest.h>

#include "key_fold.h"

namespace tokenguard::detail {
namespace {

TEST(KeyFold, AsciiLettersFoldAcrossCase) {
  EXPECT_TRUE(equal_fold("duration", "DURATION"));
  EXPECT_TRUE(equal_fold("Condition", "condition"));
  EXPECT_TRUE(equal_fold("request_ip", "Request_IP"));
}
TEST(KeyFold, BytesThatAreNotLettersMustMatchExactly) {
  EXPECT_FALSE(equal_fold("request_ip", "request.ip"));
  EXPECT_FALSE(equal_fold("a_b", "a\x7f" "b"));  // 0x5f and 0x7f differ by the case bit but are not letters
  EXPECT_FALSE(equal_fold("[", "{"));
}
TEST(KeyFold, LongSFoldsToS) { EXPECT_TRUE(equal_fold("expires_on", "expire\u017f_on")); }
TEST(KeyFold, KelvinSignFoldsToK) {
  EXPECT_TRUE(equal_fold("key", "\u212aey"));
  EXPECT_TRUE(equal_fold("KEY", "\u212aey"));
}
TEST(KeyFold, DifferentLengthsInBytesCanFoldTogether) {
  // U+212A is three bytes, k one.
  EXPECT_TRUE(equal_fold("k", "\u212a"));
  EXPECT_FALSE(equal_fold("k", "kk"));
}
TEST(KeyFold, GreekSigmaOrbitOfThree) {
  EXPECT_TRUE(equal_fold("\u03a3", "\u03c3"));
  EXPECT_TRUE(equal_fold("\u03c2", "\u03c3"));
  EXPECT_TRUE(equal_fold("\u03a3", "\u03c2"));
}
TEST(KeyFold, NonAsciiLettersFold) {
  EXPECT_TRUE(equal_fold("\u00e9t\u00e9", "\u00c9T\u00c9"));
  EXPECT_TRUE(equal_fold("\u0434", "\u0414"));  // Cyrillic de
}
TEST(KeyFold, SimpleFoldingOnlyNotFullFolding) {
  // Full case folding maps U+00DF (sharp s) to "ss"; Go's simple folding does not.
  EXPECT_FALSE(equal_fold("\u00df", "ss"));
  EXPECT_TRUE(equal_fold("\u00df", "\u1e9e"));  // capital sharp s is in its orbit
}
TEST(KeyFold, InvalidUtf8ReadsAsReplacementCharacter) {
  EXPECT_TRUE(equal_fold("\xff", "\xfe"));      // both U+FFFD, as Go's DecodeRune gives
  EXPECT_TRUE(equal_fold("\xff", "\uFFFD"));
  EXPECT_FALSE(equal_fold("\xff", "\xff\xff"));
}
TEST(KeyFold, EmptyStrings) {
  EXPECT_TRUE(equal_fold("", ""));
  EXPECT_FALSE(equal_fold("", "a"));
}
TEST(KeyFold, FoldRuneGivesTheOrbitsSmallestMember) {
  EXPECT_EQ(fold_rune(U'k'), U'K');
  EXPECT_EQ(fold_rune(0x212A), U'K');
  EXPECT_EQ(fold_rune(0x017F), U'S');
  EXPECT_EQ(fold_rune(U'_'), U'_');
  EXPECT_EQ(fold_rune(0x1F600), char32_t{0x1F600});  // no case
}
TEST(KeyFold, HashAgreesWithEqualFold) {
  const char* pairs[][2] = {{"duration", "DURATION"}, {"expires_on", "expire\u017f_on"}, {"key", "\u212aey"},
                            {"\u03c2", "\u03a3"}};
  for (const auto& p : pairs) EXPECT_EQ(fold_hash(p[0]), fold_hash(p[1])) << p[0];
  EXPECT_NE(fold_hash("request_ip"), fold_hash("request.ip"));
}

}  // namespace
}  // namespace tokenguard::detail
