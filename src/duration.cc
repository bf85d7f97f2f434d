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

// 10^k for k = 0..18, exact as doubles.
constexpr double kPow10[19] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                               1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }

// The helpers below advance `p` (never past `end`) over what they consume.

// Consumes [0-9]* and returns how many digits it consumed; `value` gets
// their number modulo 2^64. Callers check long runs with checked_integer.
std::size_t consume_digits(const char*& p, const char* end, std::uint64_t& value) noexcept {
  const char* const start = p;
  std::uint64_t x = 0;
  for (unsigned d = 0; p != end && (d = static_cast<unsigned char>(*p - '0')) <= 9; ++p) x = x * 10 + d;
  value = x;
  return static_cast<std::size_t>(p - start);
}

// Go's leadingInt over a run of digits longer than 18 (shorter runs cannot
// pass 2^63): false when the number passes 2^63.
[[gnu::cold]] bool checked_integer(const char* p, const char* end, std::uint64_t& value) noexcept {
  std::uint64_t x = 0;
  for (; p != end; ++p) {
    if (__builtin_mul_overflow(x, 10, &x) ||
        __builtin_add_overflow(x, static_cast<std::uint64_t>(*p - '0'), &x) ||
        x > kMagnitudeLimit)
      return false;
  }
  value = x;
  return true;
}

// The nanoseconds of the fraction digits [p, end) of a term in `unit`, by Go's
// arithmetic: leadingFraction keeps the digits that fit in 63 bits, then the
// value is float64(f) * (float64(unit) / 10^kept), truncated. The product is
// at most 3.6e12 (one hour in ns), so the conversion is always defined.
std::uint64_t fraction_nanoseconds(const char* p, const char* end, std::uint64_t unit) noexcept {
  std::uint64_t f = 0;
  double scale = 1;
  for (; p != end; ++p) {
    if (f > (kMagnitudeLimit - 1) / 10) break;
    const std::uint64_t y = f * 10 + static_cast<std::uint64_t>(*p - '0');
    if (y > kMagnitudeLimit) break;
    f = y;
    scale *= 10;
  }
  if (f == 0) return 0;
  return static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
}

// Consumes a unit and returns its nanoseconds, or returns 0 and consumes
// nothing when what follows is not exactly one of Go's units. p != end on
// entry. A unit ends where a digit, a '.' or the text does.
std::uint64_t consume_unit(const char*& p, const char* end) noexcept {
  const char* q = p;
  std::uint64_t unit = 0;
  const auto then = [&](char c) { return end - q >= 2 && q[1] == c; };
  switch (*q) {
    case 'h': unit = kHour; q += 1; break;
    case 's': unit = kSecond; q += 1; break;
    case 'm':
      if (then('s')) {
        unit = kMillisecond;
        q += 2;
      } else {
        unit = kMinute;
        q += 1;
      }
      break;
    case 'n': if (then('s')) { unit = kNanosecond; q += 2; } break;
    case 'u': if (then('s')) { unit = kMicrosecond; q += 2; } break;
    case '\xC2':  // U+00B5 micro sign, then 's'
      if (then('\xB5') && end - q >= 3 && q[2] == 's') { unit = kMicrosecond; q += 3; }
      break;
    case '\xCE':  // U+03BC Greek mu, then 's'
      if (then('\xBC') && end - q >= 3 && q[2] == 's') { unit = kMicrosecond; q += 3; }
      break;
    default: break;
  }
  if (q != end && *q != '.' && !is_digit(*q)) return 0;
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

namespace {

// Applies the sign and the int64 range to the magnitude of all terms.
ParseResult<Duration> finish(std::uint64_t total, bool negative) noexcept {
  if (negative) return Duration{static_cast<std::int64_t>(0 - total)};
  if (total > kMagnitudeLimit - 1) [[unlikely]]
    return fail(0, "duration out of range");
  return Duration{static_cast<std::int64_t>(total)};
}

// The general loop: parses every term from p on, with every rule and every
// error, adding to `total` (the magnitude of the terms before p).
[[gnu::noinline]] ParseResult<Duration> parse_terms(const char* const begin, const char* p,
                                                    const char* const end, std::uint64_t total,
                                                    bool negative) noexcept {
  const auto at = [begin](const char* q) { return static_cast<std::size_t>(q - begin); };
  do {
    const char* const term = p;
    // number = 1*DIGIT [ "." *DIGIT ] / "." 1*DIGIT
    std::uint64_t whole = 0;
    const std::size_t int_digits = consume_digits(p, end, whole);
    if (int_digits > 18 && !checked_integer(term, p, whole)) [[unlikely]]
      return fail(at(term), "number out of range");
    const char* frac_begin = p;
    const char* frac_end = p;
    if (p != end && *p == '.') {
      frac_begin = ++p;
      std::uint64_t ignored = 0;
      consume_digits(p, end, ignored);
      frac_end = p;
    }
    if (int_digits == 0 && frac_begin == frac_end) [[unlikely]] {
      if (*term != '.') return fail(at(term), "expected a digit or \".\" but found", {term, 1});
      return fail(at(term), "expected digits around \".\"");
    }
    // unit
    if (p == end || is_digit(*p)) [[unlikely]]
      return fail(at(p), "missing unit");
    const std::uint64_t unit = consume_unit(p, end);
    if (unit == 0) [[unlikely]]
      return fail(at(p), "unknown unit", unit_text(p, end));

    std::uint64_t ns = 0;
    if (__builtin_mul_overflow(whole, unit, &ns) || ns > kMagnitudeLimit) [[unlikely]]
      return fail(at(term), "duration out of range");
    if (frac_begin != frac_end) {
      ns += fraction_nanoseconds(frac_begin, frac_end, unit);
      if (ns > kMagnitudeLimit) [[unlikely]]
        return fail(at(term), "duration out of range");
    }
    if (ns > kMagnitudeLimit - total) [[unlikely]]
      return fail(at(term), "duration out of range");
    total += ns;
  } while (p != end);
  return finish(total, negative);
}

// Unit / 10^k as doubles for the fast loop's units, k = 0..18: the same
// values Go's float64(unit) / 10^k gives (IEEE division, done at compile
// time), so the fast loop multiplies where the general loop divides.
template <std::uint64_t Unit>
constexpr std::array<double, 19> unit_scales() {
  std::array<double, 19> out{};
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = static_cast<double>(Unit) / kPow10[k];
  return out;
}
constexpr std::array<double, 19> kScale[4] = {unit_scales<kHour>(), unit_scales<kMinute>(),
                                              unit_scales<kSecond>(), unit_scales<kMillisecond>()};
constexpr std::uint64_t kFastUnit[4] = {kHour, kMinute, kSecond, kMillisecond};

// Consumes [0-9]* where a non-digit is known to come before `end` (the fast
// loop only runs on text whose last byte is not a digit), so the loop needs
// no end test; returns the digits' count and their number modulo 2^64.
std::size_t consume_digits_bounded(const char*& p, std::uint64_t& value) noexcept {
  const char* const start = p;
  std::uint64_t x = 0;
  for (unsigned d = 0; (d = static_cast<unsigned char>(*p - '0')) <= 9; ++p) x = x * 10 + d;
  value = x;
  return static_cast<std::size_t>(p - start);
}

// The fast loop: takes terms from p while they are common ones (up to 18
// integer digits, an optional fraction of up to 18 digits, one of the units
// h, m, s, ms, then a digit or the end) and adds them to total. Returns true
// when it took every term; otherwise p is the first term it did not take
// and total holds the terms before it. The text must not be empty.
[[gnu::always_inline]] inline bool take_common_terms(const char*& p, const char* end,
                                                     std::uint64_t& total) noexcept {
  // A valid text ends with a unit; one that ends with a digit goes to the
  // general loop (for its error), and every digit run below stops in time.
  if (is_digit(end[-1])) return false;
  const char* q = p;
  std::uint64_t sum = total;
  do {
    std::uint64_t whole = 0;
    const std::size_t digits = consume_digits_bounded(q, whole);
    if (digits - 1 > 17) return false;
    std::uint64_t frac = 0;
    std::size_t frac_digits = 0;
    if (*q == '.') {
      if (++q == end) return false;  // "1." ends in the '.': no unit
      frac_digits = consume_digits_bounded(q, frac);
      if (frac_digits > 18) return false;
    }
    unsigned kind = 0;
    switch (*q) {
      case 'h': kind = 0; ++q; break;
      case 's': kind = 2; ++q; break;
      case 'm':
        if (end - q >= 2 && q[1] == 's') {
          kind = 3;
          q += 2;
        } else {
          kind = 1;
          ++q;
        }
        break;
      default: return false;
    }
    std::uint64_t ns = 0;
    if ((q != end && !is_digit(*q)) || __builtin_mul_overflow(whole, kFastUnit[kind], &ns)) return false;
    if (frac != 0) {
      // Go: float64(f) * (float64(unit) / 10^digits), truncated.
      ns += static_cast<std::uint64_t>(static_cast<double>(frac) * kScale[kind][frac_digits]);
    }
    if (ns > kMagnitudeLimit - sum) return false;
    sum += ns;
    p = q;
    total = sum;
  } while (q != end);
  return true;
}

// Whatever the fast loop does not take: the empty text, "0", and every term
// from `term` on, through the general loop.
[[gnu::noinline]] ParseResult<Duration> parse_rest(const char* begin, const char* term, const char* end,
                                                   std::uint64_t total) noexcept {
  if (term == end) return fail(static_cast<std::size_t>(term - begin), "expected a number");
  const bool negative = *begin == '-';  // the text is not empty here
  const char* const start = begin + (negative || *begin == '+');
  if (term == start && end - term == 1 && *term == '0') return Duration{0};
  return parse_terms(begin, term, end, total, negative);
}

}  // namespace

// Common terms go through take_common_terms; at the first term it does not
// take, parse_rest continues from that term with the total so far, so
// every rule and every error message lives in one place (parse_terms), and
// fuzz_duration checks the whole against Go's rules.
ParseResult<Duration> parse_duration(std::string_view text) noexcept {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  if (p != end && (*p == '-' || *p == '+')) ++p;
  std::uint64_t total = 0;
  // The sign is read again at the end rather than kept in a register
  // through the loop.
  if (p != end && take_common_terms(p, end, total)) return finish(total, *begin == '-');
  return parse_rest(begin, p, end, total);
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
