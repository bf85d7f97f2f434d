// compare_numbers (src/schema/number_order.h): JSON numbers in their exact
// order, where a comparison through double would round.
#include "schema/number_order.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace tokenguard::detail {
namespace {

NumberValue signed_value(std::int64_t i) {
  NumberValue n;
  n.kind = ValueKind::kInteger;
  n.i = i;
  return n;
}
NumberValue unsigned_value(std::uint64_t u) {
  NumberValue n;
  n.kind = ValueKind::kUnsigned;
  n.u = u;
  return n;
}
NumberValue double_value(double d) {
  NumberValue n;
  n.kind = ValueKind::kFloat;
  n.d = d;
  return n;
}

constexpr std::int64_t kTwo53 = std::int64_t{1} << 53;
constexpr std::uint64_t kU64Max = std::numeric_limits<std::uint64_t>::max();
constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();

TEST(NumberOrder, TellsIntegersApartAboveTwoToThe53) {
  EXPECT_GT(compare_numbers(signed_value(kTwo53 + 1), signed_value(kTwo53)), 0);
  EXPECT_LT(compare_numbers(unsigned_value(kTwo53), unsigned_value(kTwo53 + 1)), 0);
}

TEST(NumberOrder, SignedAgainstUnsigned) {
  EXPECT_LT(compare_numbers(signed_value(-1), unsigned_value(kU64Max)), 0);
  EXPECT_GT(compare_numbers(unsigned_value(kU64Max), signed_value(-1)), 0);
  EXPECT_EQ(compare_numbers(signed_value(25), unsigned_value(25)), 0);
  EXPECT_GT(compare_numbers(unsigned_value(kTwo53 + 1), signed_value(kTwo53)), 0);
}

TEST(NumberOrder, IntegerAgainstTheDoubleItRoundsTo) {
  // 2^53 + 1 rounds to the double 2^53, yet is above it.
  EXPECT_GT(compare_numbers(signed_value(kTwo53 + 1), double_value(9007199254740992.0)), 0);
  EXPECT_LT(compare_numbers(double_value(9007199254740992.0), unsigned_value(kTwo53 + 1)), 0);
  EXPECT_EQ(compare_numbers(signed_value(kTwo53), double_value(9007199254740992.0)), 0);
}

TEST(NumberOrder, IntegerAgainstAFraction) {
  EXPECT_LT(compare_numbers(signed_value(2), double_value(2.5)), 0);
  EXPECT_GT(compare_numbers(signed_value(3), double_value(2.5)), 0);
  EXPECT_GT(compare_numbers(signed_value(-2), double_value(-2.5)), 0);
  EXPECT_LT(compare_numbers(signed_value(-3), double_value(-2.5)), 0);
  EXPECT_LT(compare_numbers(unsigned_value(0), double_value(0.25)), 0);
  EXPECT_GT(compare_numbers(unsigned_value(1), double_value(0.25)), 0);
}

TEST(NumberOrder, IntegerAgainstDoublesOutsideTheIntegersRange) {
  EXPECT_LT(compare_numbers(signed_value(std::numeric_limits<std::int64_t>::max()), double_value(9223372036854775808.0)), 0);
  EXPECT_GT(compare_numbers(signed_value(kI64Min), double_value(-1e19)), 0);
  EXPECT_EQ(compare_numbers(signed_value(kI64Min), double_value(-9223372036854775808.0)), 0);
  EXPECT_LT(compare_numbers(unsigned_value(kU64Max), double_value(18446744073709551616.0)), 0);
  EXPECT_GT(compare_numbers(unsigned_value(0), double_value(-0.5)), 0);
  EXPECT_LT(compare_numbers(unsigned_value(kU64Max), double_value(1e300)), 0);
  EXPECT_GT(compare_numbers(signed_value(0), double_value(-1e300)), 0);
}

TEST(NumberOrder, NegativeZeroEqualsZero) {
  EXPECT_EQ(compare_numbers(signed_value(0), double_value(-0.0)), 0);
  EXPECT_EQ(compare_numbers(double_value(-0.0), double_value(0.0)), 0);
}

TEST(NumberOrder, DoublesAsDoubles) {
  EXPECT_LT(compare_numbers(double_value(0.1), double_value(0.2)), 0);
  EXPECT_EQ(compare_numbers(double_value(1.5), double_value(1.5)), 0);
}

TEST(NumberOrder, NanIsUnordered) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(compare_numbers(signed_value(1), double_value(nan)), 0);
  EXPECT_EQ(compare_numbers(double_value(nan), unsigned_value(1)), 0);
  EXPECT_EQ(compare_numbers(double_value(nan), double_value(1)), 0);
}

TEST(NumberOrder, IsAntisymmetricOverMixedKinds) {
  const NumberValue values[] = {signed_value(kI64Min), signed_value(-3), double_value(-2.5), signed_value(0),
                                double_value(0.25),    unsigned_value(1), double_value(9007199254740992.0),
                                signed_value(kTwo53 + 1), unsigned_value(kU64Max), double_value(1e300)};
  for (const auto& a : values)
    for (const auto& b : values) EXPECT_EQ(compare_numbers(a, b), -compare_numbers(b, a));
  // and the list above is in ascending order
  for (std::size_t i = 0; i + 1 < std::size(values); ++i) EXPECT_LT(compare_numbers(values[i], values[i + 1]), 0) << i;
}

TEST(IntegerMultiple, ExactPastTwoToThe53) {
  EXPECT_TRUE(is_integer_multiple(signed_value(kTwo53 + 1), 3));
  EXPECT_FALSE(is_integer_multiple(unsigned_value(kTwo53 + 2), 3));
  EXPECT_TRUE(is_integer_multiple(unsigned_value(kU64Max), 5));
}

TEST(IntegerMultiple, NegativeIntegersByTheirMagnitude) {
  EXPECT_TRUE(is_integer_multiple(signed_value(kI64Min), 2));
  EXPECT_FALSE(is_integer_multiple(signed_value(kI64Min), 3));
  EXPECT_TRUE(is_integer_multiple(signed_value(-9), 3));
}

TEST(IntegerMultiple, ADivisorPastEveryIntegerDividesOnlyZero) {
  EXPECT_TRUE(is_integer_multiple(signed_value(0), 1e20));
  EXPECT_FALSE(is_integer_multiple(unsigned_value(kU64Max), 1e20));
  EXPECT_FALSE(is_integer_multiple(signed_value(kI64Min), 18446744073709551616.0));
}

}  // namespace
}  // namespace tokenguard::detail
