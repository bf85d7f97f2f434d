// The hex-digit test, eight bytes at a time, against the table byte by byte.
#include "hex.h"

#include <gtest/gtest.h>

#include <string>

namespace tokenguard::detail {
namespace {

TEST(AllHexDigits, AgreesWithTheTableForEveryByteAtEveryPlace) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    for (std::size_t n = 1; n <= 20; ++n) {
      for (std::size_t at = 0; at < n; ++at) {
        std::string s(n, at % 2 == 0 ? 'F' : '7');
        s[at] = c;
        ASSERT_EQ(all_hex_digits(s), hex_value(c) >= 0) << b << " at " << at << " of " << n;
      }
    }
  }
}

TEST(AllHexDigits, TakesEveryDigitAndTheEmptyText) {
  EXPECT_TRUE(all_hex_digits("0123456789abcdefABCDEF"));
  EXPECT_TRUE(all_hex_digits(""));
  EXPECT_FALSE(all_hex_digits("0123456789abcdefg"));
}

}  // namespace
}  // namespace tokenguard::detail
