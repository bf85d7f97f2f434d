// Internal text helpers: StackText (a stack buffer that spills to a
// string), StringText (text written into a string's own storage),
// copy_short, and the word compares of words.h.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>

#include "text.h"
#include "words.h"

namespace tokenguard::detail {
namespace {

std::string letters(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + i % 26);
  return s;
}

TEST(CopyShort, CopiesEveryLengthAndTouchesNothingAround) {
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string from = letters(n);
    std::array<char, 64> to;
    to.fill('#');
    copy_short(to.data() + 8, from.data(), n);
    EXPECT_EQ(std::string(to.data() + 8, n), from) << n;
    for (std::size_t i = 0; i < to.size(); ++i) {
      if (i < 8 || i >= 8 + n) {
        EXPECT_EQ(to[i], '#') << n << " at " << i;
      }
    }
  }
}

TEST(StackText, AppendsPiecesOfEveryLengthAsAStringWould) {
  StackText<64> text;
  std::string expected;
  for (std::size_t n : {0u, 1u, 3u, 4u, 7u, 8u, 9u, 16u, 17u}) {
    text.append(letters(n));
    expected += letters(n);
  }
  text.push_back('!');
  expected += '!';
  text.append_decimal(1234567);
  expected += "1234567";
  EXPECT_EQ(std::move(text).str(), expected);
}

TEST(StackText, SpillsPastItsBufferWithoutLosingAByte) {
  StackText<16> text;
  std::string expected;
  for (int k = 0; k < 10; ++k) {
    text.append(letters(7));
    text.push_back('/');
    expected += letters(7) + "/";
  }
  EXPECT_EQ(std::move(text).str(), expected);
}

TEST(StackText, AppendsDecimalsNearTheBufferEnd) {
  for (std::size_t filled = 0; filled <= 24; ++filled) {
    StackText<24> text;
    text.append(letters(filled));
    text.append_decimal(18446744073709551615u);
    EXPECT_EQ(std::move(text).str(), letters(filled) + "18446744073709551615") << filled;
  }
}

// StringText writes where the string's bytes already are: a text no longer
// than the string's length takes its storage as it is.
TEST(StringText, WritesIntoTheStringsOwnStorage) {
  std::string s(120, 'x');
  const char* const storage = s.data();
  StringText text(s, 64);
  text.append("not_in entry ");
  text.append_decimal(0);
  text.push_back(' ');
  text.finish();
  EXPECT_EQ(s, "not_in entry 0 ");
  EXPECT_EQ(s.data(), storage);
}
TEST(StringText, GrowsPastTheStringsLengthWithoutLosingAByte) {
  for (const std::size_t start : {0u, 1u, 15u, 16u, 40u}) {
    std::string s(start, 'x');
    StringText text(s, 16);
    std::string expected;
    for (int k = 0; k < 40; ++k) {
      text.append(letters(static_cast<std::size_t>(k % 19)));
      text.push_back('/');
      text.append_decimal(static_cast<std::size_t>(k) * 1000003u);
      expected += letters(static_cast<std::size_t>(k % 19)) + "/" + std::to_string(static_cast<std::size_t>(k) * 1000003u);
    }
    char* room = text.room_for(48);
    std::memcpy(room, "::1/128", 7);
    text.advance(7);
    expected += "::1/128";
    text.finish();
    EXPECT_EQ(s, expected) << start;
  }
}
TEST(StringText, ANewStringTakesTheExpectedRoomOnce) {
  std::string s;
  StringText text(s, 192);
  const std::size_t capacity = s.capacity();
  EXPECT_GE(capacity, 192u);
  for (int k = 0; k < 10; ++k) text.append(letters(19));
  text.finish();
  EXPECT_EQ(s.size(), 190u);
  EXPECT_EQ(s.capacity(), capacity);
}
TEST(StringText, EmptyTextLeavesAnEmptyString) {
  std::string s = "an old message";
  StringText text(s, 0);
  text.finish();
  EXPECT_TRUE(s.empty());
}

TEST(SameBytes, ComparesEveryLengthAndSeesAnyOneByteDiffer) {
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string a = letters(n);
    EXPECT_TRUE(same_bytes(a.data(), letters(n).data(), n)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = '#';
      EXPECT_FALSE(same_bytes(a.data(), b.data(), n)) << n << " at " << i;
    }
  }
}

TEST(SameBytes, TextAndPrefixTestsLookAtLengthsFirst) {
  EXPECT_TRUE(same_text("resources", "resources"));
  EXPECT_FALSE(same_text("resource", "resources"));
  EXPECT_FALSE(same_text("resourcesX", "resources"));
  EXPECT_TRUE(begins_with("softwareone.accounts", "softwareone"));
  EXPECT_TRUE(begins_with("softwareone", "softwareone"));
  EXPECT_FALSE(begins_with("software", "softwareone"));
  EXPECT_FALSE(begins_with("cloudflare.user", "softwareone"));
  EXPECT_TRUE(begins_with("", ""));
}

}  // namespace
}  // namespace tokenguard::detail
