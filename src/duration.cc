// Go duration grammar; see include/tokenguard/duration.h for the ABNF.
#include "tokenguard/duration.h"

#include <array>
#include <cstring>

namespace tokenguard {
namespace {

constexpr std::uint64_t kMagnitudeLimit = std::uint64_t{1} << 63;  // |INT64_MIN|

constexpr std::uint64_t kNanosecond = 1;
constexpr std::uint64_t kMicrosecond = 1000 * kNanosecond;
constexpr std::uint64_t kMillisecond = 1000 * kMicrosecond;
constexpr std::uint64_t kSecond = 1000 * kMillisecond;
constexpr std::uint64_t kMinute = 60 * kSecond;
constexpr std::uint64_t kHour = 60 * kMinute;

constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }

// The helpers below advance `p` (never past `end`) over what they consume.

// Consumes an optional sign. Returns true when it was '-'.
bool consume_sign(const char*& p, const char* end) noexcept {
  if (p == end || (*p != '-' && *p != '+')) return false;
  return *p++ == '-';
}

// Consumes [0-9]* into `value`. Returns false when the number passes 2^63,
// as Go's leadingInt does. Up to 18 digits cannot overflow, so the checks
// run only over a longer run, again from its start.
bool consume_integer(const char*& p, const char* end, std::uint64_t& value) noexcept {
  const char* const start = p;
  std::uint64_t x = 0;
  for (; p != end && is_digit(*p); ++p) x = x * 10 + static_cast<std::uint64_t>(*p - '0');
  if (p - start > 18) [[unlikely]] {
    x = 0;
    for (const char* q = start; q != p; ++q) {
      if (__builtin_mul_overflow(x, 10, &x) ||
          __builtin_add_overflow(x, static_cast<std::uint64_t>(*q - '0'), &x) ||
          x > kMagnitudeLimit)
        return false;
    }
  }
  value = x;
  return true;
}

// Consumes [0-9]* after a '.', keeping as many digits as fit (Go's
// leadingFraction): value = digits kept, scale = 10^(digits kept).
void consume_fraction(const char*& p, const char* end, std::uint64_t& value,
                      double& scale) noexcept {
  std::uint64_t x = 0;
  double sc = 1;
  bool saturated = false;
  for (; p != end && is_digit(*p); ++p) {
    if (saturated) continue;
    if (x > (kMagnitudeLimit - 1) / 10) {
      saturated = true;
      continue;
    }
    const std::uint64_t y = x * 10 + static_cast<std::uint64_t>(*p - '0');
    if (y > kMagnitudeLimit) {
      saturated = true;
      continue;
    }
    x = y;
    sc *= 10;
  }
  value = x;
  scale = sc;
}

// Consumes a unit and returns its nanoseconds, or returns 0 and consumes
// nothing when what follows is not exactly one of Go's units. A unit ends
// where a digit, a '.' or the text does.
std::uint64_t consume_unit(const char*& p, const char* end) noexcept {
  const char* q = p;
  std::uint64_t unit = 0;
  const auto next_is = [&](char c) { return end - q >= 2 && q[1] == c; };
  switch (*q) {
    case 'h': unit = kHour; q += 1; break;
    case 's': unit = kSecond; q += 1; break;
    case 'm':
      if (next_is('s')) {
        unit = kMillisecond;
        q += 2;
      } else {
        unit = kMinute;
        q += 1;
      }
      break;
    case 'n': if (next_is('s')) { unit = kNanosecond; q += 2; } break;
    case 'u': if (next_is('s')) { unit = kMicrosecond; q += 2; } break;
    case '\xC2':  // U+00B5 micro sign, then 's'
      if (next_is('\xB5') && end - q >= 3 && q[2] == 's') { unit = kMicrosecond; q += 3; }
      break;
    case '\xCE':  // U+03BC Greek mu, then 's'
      if (next_is('\xBC') && end - q >= 3 && q[2] == 's') { unit = kMicrosecond; q += 3; }
      break;
    default: break;
  }
  if (unit == 0 || (q != end && *q != '.' && !is_digit(*q))) return 0;
  p = q;
  return unit;
}

// The unit text at p as Go delimits it: bytes up to a digit or '.'.
std::string_view unit_text(const char* p, const char* end) noexcept {
  const char* q = p;
  while (q != end && *q != '.' && !is_digit(*q)) ++q;
  return {p, static_cast<std::size_t>(q - p)};
}

// Error results are built out of line, keeping the hot path small.
[[gnu::cold, gnu::noinline]] ParseResult<Duration> fail(std::size_t offset, const char* reason,
                                                       std::string_view token = {}) noexcept {
  return ParseError(offset, reason, token);
}

}  // namespace

ParseResult<Duration> parse_duration(std::string_view text) noexcept {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  const auto at = [begin](const char* q) { return static_cast<std::size_t>(q - begin); };

  const bool negative = consume_sign(p, end);
  if (end - p == 1 && *p == '0') return Duration{0};
  if (p == end) return fail(at(p), "expected a number");

  std::uint64_t total = 0;
  do {
    const char* const term_start = p;
    if (*p != '.' && !is_digit(*p))
      return fail(at(p), "expected a digit or \".\" but found", {p, 1});
    std::uint64_t whole = 0;
    if (!consume_integer(p, end, whole)) return fail(at(term_start), "number out of range");
    const bool has_int = p != term_start;

    std::uint64_t frac = 0;
    double scale = 1;
    bool has_frac = false;
    if (p != end && *p == '.') {
      const char* const digits = ++p;
      consume_fraction(p, end, frac, scale);
      has_frac = p != digits;
    }
    if (!has_int && !has_frac)
      return fail(at(term_start), "expected digits around \".\"");

    if (p == end || is_digit(*p)) [[unlikely]]
      return fail(at(p), "missing unit");
    const std::uint64_t unit = consume_unit(p, end);
    if (unit == 0) [[unlikely]]
      return fail(at(p), "unknown unit", unit_text(p, end));

    std::uint64_t term = 0;
    if (__builtin_mul_overflow(whole, unit, &term) || term > kMagnitudeLimit)
      return fail(at(term_start), "duration out of range");
    if (frac > 0) {
      // Go's arithmetic: float64 scaling, then truncation. The product is at
      // most 3.6e12 (one hour in ns), so the conversion is always defined.
      term += static_cast<std::uint64_t>(static_cast<double>(frac) *
                                         (static_cast<double>(unit) / scale));
      if (term > kMagnitudeLimit) return fail(at(term_start), "duration out of range");
    }
    if (term > kMagnitudeLimit - total)
      return fail(at(term_start), "duration out of range");
    total += term;
  } while (p != end);
  if (negative) return Duration{static_cast<std::int64_t>(0 - total)};
  if (total > kMagnitudeLimit - 1) return fail(0, "duration out of range");
  return Duration{static_cast<std::int64_t>(total)};
}

namespace {

// Writes v/10^precision's fraction (".123", trailing zeros dropped, nothing
// at all when zero) before position w; returns the new w and v/10^precision.
std::size_t put_fraction(char* buf, std::size_t w, std::uint64_t& v,
                         int precision) noexcept {
  bool printed = false;
  for (int i = 0; i < precision; ++i) {
    const auto digit = static_cast<char>(v % 10);
    printed = printed || digit != 0;
    if (printed) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (printed) buf[--w] = '.';
  return w;
}

std::size_t put_integer(char* buf, std::size_t w, std::uint64_t v) noexcept {
  do {
    buf[--w] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  return w;
}

}  // namespace

std::string_view format_duration(
    Duration d, std::span<char, kMaxDurationText> buffer) noexcept {
  char* buf = buffer.data();
  std::size_t w = buffer.size();
  const bool negative = d.nanoseconds < 0;
  std::uint64_t u = static_cast<std::uint64_t>(d.nanoseconds);
  if (negative) u = 0 - u;

  if (u < kSecond) {
    // Below one second Go picks the largest unit that keeps an integer part.
    buf[--w] = 's';
    int precision = 0;
    if (u == 0) {
      buf[--w] = '0';
      return {buf + w, buffer.size() - w};
    }
    if (u < kMicrosecond) {
      buf[--w] = 'n';
    } else if (u < kMillisecond) {
      precision = 3;
      buf[--w] = '\xB5';  // U+00B5 micro sign, as Go writes it
      buf[--w] = '\xC2';
    } else {
      precision = 6;
      buf[--w] = 'm';
    }
    w = put_fraction(buf, w, u, precision);
    w = put_integer(buf, w, u);
  } else {
    buf[--w] = 's';
    w = put_fraction(buf, w, u, 9);
    w = put_integer(buf, w, u % 60);
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      w = put_integer(buf, w, u % 60);
      u /= 60;
      if (u > 0) {
        buf[--w] = 'h';
        w = put_integer(buf, w, u);
      }
    }
  }
  if (negative) buf[--w] = '-';
  return {buf + w, buffer.size() - w};
}

std::string format_duration(Duration d) {
  std::array<char, kMaxDurationText> buffer{};
  return std::string(format_duration(d, buffer));
}

}  // namespace tokenguard
