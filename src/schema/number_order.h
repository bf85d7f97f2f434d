// Internal: exact arithmetic on JSON numbers: their order, for minimum,
// maximum and their exclusive forms, and an integer's multipleOf.
//
//   const NumberValue limit = ...;  // 9007199254740992, from the schema
//   if (compare_numbers(value, limit) > 0) ...  // 9007199254740993: above it
//
// A double holds every integer only up to 2^53, so comparing through
// as_double() would let 9007199254740993 pass {"maximum": 9007199254740992}
// (both round to the same double). Here two integers compare as integers,
// and an integer and a double compare exactly too: the double's integral part
// against the integer, then its fraction. Two doubles compare as doubles.
#ifndef TOKENGUARD_SRC_SCHEMA_NUMBER_ORDER_H_
#define TOKENGUARD_SRC_SCHEMA_NUMBER_ORDER_H_

#include <cmath>
#include <cstdint>

#include "schema/value_view.h"

namespace tokenguard::detail {

namespace number_order {

template <class T>
[[nodiscard]] constexpr int three_way(T a, T b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}

[[nodiscard]] constexpr int signed_unsigned(std::int64_t s, std::uint64_t u) noexcept {
  return s < 0 ? -1 : three_way(static_cast<std::uint64_t>(s), u);
}

// An integer against a double, exactly. NaN (which JSON cannot carry) is
// unordered: 0, so no bound check fails on it.
[[nodiscard]] inline int signed_double(std::int64_t a, double b) noexcept {
  if (std::isnan(b)) return 0;
  if (b >= 9223372036854775808.0) return -1;   // 2^63
  if (b < -9223372036854775808.0) return 1;
  const double whole = std::trunc(b);           // fits in int64 exactly
  const auto w = static_cast<std::int64_t>(whole);
  if (a != w) return a < w ? -1 : 1;
  return three_way(whole, b);                    // a == whole: b's fraction decides
}

[[nodiscard]] inline int unsigned_double(std::uint64_t a, double b) noexcept {
  if (std::isnan(b)) return 0;
  if (b < 0) return 1;
  if (b >= 18446744073709551616.0) return -1;  // 2^64
  const double whole = std::trunc(b);
  const auto w = static_cast<std::uint64_t>(whole);
  if (a != w) return a < w ? -1 : 1;
  return three_way(whole, b);
}

// An integer (signed or unsigned) against a double.
[[nodiscard]] inline int integer_double(const NumberValue& a, double b) noexcept {
  return a.kind == ValueKind::kInteger ? signed_double(a.i, b) : unsigned_double(a.u, b);
}

}  // namespace number_order

// Negative, zero or positive as a is below, equal to or above b.
[[nodiscard]] inline int compare_numbers(const NumberValue& a, const NumberValue& b) noexcept {
  using namespace number_order;
  if (a.kind == b.kind) [[likely]] {
    if (a.kind == ValueKind::kInteger) return three_way(a.i, b.i);
    if (a.kind == ValueKind::kUnsigned) return three_way(a.u, b.u);
    return std::isnan(a.d) || std::isnan(b.d) ? 0 : three_way(a.d, b.d);
  }
  if (a.kind == ValueKind::kFloat) return -integer_double(b, a.d);
  if (b.kind == ValueKind::kFloat) return integer_double(a, b.d);
  return a.kind == ValueKind::kInteger ? signed_unsigned(a.i, b.u) : -signed_unsigned(b.i, a.u);
}

// Whether the integer `a` (kInteger or kUnsigned) is a multiple of the
// whole number `m` > 0, exactly: 9007199254740993 is a multiple of 3,
// though its double, 9007199254740992, is not.
[[nodiscard]] inline bool is_integer_multiple(const NumberValue& a, double m) noexcept {
  const std::uint64_t magnitude = a.kind == ValueKind::kUnsigned ? a.u
                                  : a.i >= 0                     ? static_cast<std::uint64_t>(a.i)
                                                                 : ~static_cast<std::uint64_t>(a.i) + 1;
  if (m >= 18446744073709551616.0) return magnitude == 0;  // 2^64: above every integer here
  return magnitude % static_cast<std::uint64_t>(m) == 0;
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_NUMBER_ORDER_H_
