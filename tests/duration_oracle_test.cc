// parse_duration against the plain statement of Go's algorithm in
// tests/support/go_duration_oracle.h, over generated inputs built from the grammar's
// own pieces (so that most are valid and the rest fail in every way).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "go_duration_oracle.h"
#include "tokenguard/duration.h"

namespace tokenguard {
namespace {

std::string random_duration(std::mt19937_64& rng) {
  static const char* const kPieces[] = {"0", "1", "9", "12", "300", "9223372036854775807", "18446744073709551616",
                                        ".", ".5", "1.", "0.3333333333333333333", "000000000000000000001",
                                        "h", "m", "s", "ms", "us", "ns", "\xC2\xB5s", "\xCE\xBCs", "d", "-", "+",
                                        " ", "\xC2", "2562047", "47m", "16.854775808", "999999", "1048576",
                                        "1281023h", "4611686018", "427387904ns"};
  std::string s;
  const int n = static_cast<int>(rng() % 6) + 1;
  for (int k = 0; k < n; ++k) s += kPieces[rng() % (sizeof kPieces / sizeof *kPieces)];
  return s;
}

TEST(DurationOracle, AgreesWithGoAlgorithmOnGeneratedInputs) {
  std::mt19937_64 rng(20261123);
  int valid = 0;
  for (int k = 0; k < 200000; ++k) {
    const std::string s = random_duration(rng);
    const auto got = parse_duration(s);
    const auto want = oracle::go_parse_duration(s);
    ASSERT_EQ(got.ok(), want.has_value()) << "\"" << s << "\"";
    if (want) {
      ASSERT_EQ(got.value().nanoseconds, *want) << "\"" << s << "\"";
      ++valid;
    }
  }
  EXPECT_GT(valid, 10000) << "the generator should produce many valid durations";
}

TEST(DurationOracle, OracleRejectsWrapAroundLikeTokenguard) {
  EXPECT_FALSE(oracle::go_parse_duration("-9223372036854775808ns9223372036854775808ns").has_value());
}

}  // namespace
}  // namespace tokenguard
