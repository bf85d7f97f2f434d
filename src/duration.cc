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

// Unit / 10^k as doubles for the fast loops' units (h, m, s, ms), k = 0..18:
// the same values Go's float64(unit) / 10^k gives (IEEE division, done at
// compile time), so the fast loop multiplies where the general loop divides.
template <std::uint64_t Unit>
constexpr std::array<double, 19> unit_scales() {
  std::array<double, 19> out{};
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = static_cast<double>(Unit) / kPow10[k];
  return out;
}
constexpr std::array<double, 19> kScale[4] = {unit_scales<kHour>(), unit_scales<kMinute>(),
                                              unit_scales<kSecond>(), unit_scales<kMillisecond>()};

// The fast loops read digit runs without end tests: they run only on text
// whose last byte is not a digit, so every run stops before `end`.
// digit_at is the byte's digit value, or above 9 for any other byte (the
// subtraction wraps in 32 bits, which keeps the value ready for use).
constexpr unsigned digit_at(const char* q) noexcept { return static_cast<unsigned char>(*q) - unsigned{'0'}; }

// A digit run's end and its number; q == nullptr when a fast loop gives up.
struct Run {
  const char* q;
  std::uint64_t value;
};

// Extends the number `v` (already 3 digits) over the rest of a digit run at
// q; gives up when the run passes 18 digits in all (the general loop's case).
[[gnu::always_inline]] inline Run long_digit_run(const char* q, std::uint64_t v) noexcept {
  const char* const start = q - 3;
  for (unsigned d = 0; (d = digit_at(q)) <= 9; ++q) v = v * 10 + d;
  return {q - start <= 18 ? q : nullptr, v};
}

// The fraction digits after the '.' at q, up to 18 of them, as an integer;
// gives up when the text ends at the '.' ("1." has no unit) or the run is
// longer. The count of digits is the run's length.
[[gnu::always_inline]] inline Run fraction_run(const char* q, const char* end) noexcept {
  if (++q == end) return {nullptr, 0};
  const char* const start = q;
  std::uint64_t v = 0;
  for (unsigned d = 0; (d = digit_at(q)) <= 9; ++q) v = v * 10 + d;
  return {q - start <= 18 ? q : nullptr, v};
}

// Where a fast loop stopped: `term` is the first term it did not take (end
// when it took them all) and `sum` the magnitude of the terms before it,
// always below 2^62 ns (146 years), so either sign is in range.
struct Taken {
  const char* term;
  std::uint64_t sum;
};

// The fast loops take terms from q while each is a number, one of the
// units h, m, s, ms, then a digit or the end, and while the magnitude stays
// below 2^62. With kFractions a number has 1-18 integer digits and may have
// a fraction of up to 18 digits; without, it is an integer below 2^20, so
// a term needs no overflow check. They need a text whose last byte is not
// a digit (see digit_at), make no calls, and report where they stopped.
template <bool kFractions>
[[gnu::always_inline]] inline Taken take_terms(const char* q, const char* end, std::uint64_t sum) noexcept {
  for (;;) {
    const char* const term = q;
    // 1-3 digits unrolled, where nearly every run ends. A term that does
    // not start with a digit (".5h", or "1hx" whose unit is "hx") is not
    // taken.
    std::uint64_t whole = digit_at(q);
    if (whole > 9) return {term, sum};
    if (const unsigned d1 = digit_at(q + 1); d1 > 9) {
      q += 1;
    } else if (const unsigned d2 = digit_at(q + 2); d2 > 9) {
      whole = whole * 10 + d1;
      q += 2;
    } else {
      whole = (whole * 10 + d1) * 10 + d2;
      q += 3;
      if (digit_at(q) <= 9) {
        const Run run = long_digit_run(q, whole);
        // Without fractions, numbers stay below 2^20, so the product
        // below cannot pass 2^62 and needs no overflow check.
        if (run.q == nullptr || (!kFractions && run.value >> 20)) return {term, sum};
        q = run.q;
        whole = run.value;
      }
    }
    std::uint64_t frac = 0;
    std::size_t frac_digits = 0;
    if (kFractions && *q == '.') {  // without fractions, '.' is not a unit
      const Run run = fraction_run(q, end);
      if (run.q == nullptr) return {term, sum};
      frac_digits = static_cast<std::size_t>(run.q - q) - 1;
      q = run.q;
      frac = run.value;
    }
    std::uint64_t unit;
    unsigned kind;
    if (*q == 'm') {
      if (q + 1 != end && q[1] == 's') {
        unit = kMillisecond, kind = 3;
        q += 2;
      } else {
        unit = kMinute, kind = 1;
        q += 1;
      }
    } else if (*q == 'h') {
      unit = kHour, kind = 0;
      q += 1;
    } else if (*q == 's') {
      unit = kSecond, kind = 2;
      q += 1;
    } else {
      return {term, sum};
    }
    std::uint64_t ns = whole * unit;
    if (kFractions && __builtin_mul_overflow(whole, unit, &ns)) return {term, sum};
    if (kFractions && frac != 0) {
      if (ns >> 62) return {term, sum};  // so adding the fraction cannot wrap
      // Go: float64(f) * (float64(unit) / 10^digits), truncated. f < 10^18
      // and the product is below an hour in ns, so int64 holds both.
      ns += static_cast<std::uint64_t>(static_cast<std::int64_t>(
          static_cast<double>(static_cast<std::int64_t>(frac)) * kScale[kind][frac_digits]));
    }
    // Both below 2^62 (ns is without fractions), so no wrap goes unseen.
    const std::uint64_t next = sum + ns;
    if ((kFractions ? next | ns : next) >> 62) return {term, sum};
    sum = next;
    if (q == end) return {end, sum};
  }
}

// The signed value of a magnitude below 2^62 (so either sign fits).
Duration signed_duration(const char* begin, std::uint64_t magnitude) noexcept {
  const auto m = static_cast<std::int64_t>(magnitude);
  return Duration{*begin == '-' ? -m : m};
}

// Whatever the fast loops do not take, from the beginning: the empty
// text, "0" with or without a sign, and every rare or wrong term.
[[gnu::noinline]] ParseResult<Duration> parse_rest(const char* begin, const char* end) noexcept {
  if (begin == end) return fail(0, "expected a number");
  const bool negative = *begin == '-';
  const char* const start = begin + (negative || *begin == '+');
  if (start == end) return fail(static_cast<std::size_t>(start - begin), "expected a number");
  if (end - start == 1 && *start == '0') return Duration{0};
  return parse_terms(begin, start, end, 0, negative);
}

// Where the integer-only loop stopped at `term`: the loop with fractions
// continues from there, and parse_rest reads what that does not take.
[[gnu::noinline]] ParseResult<Duration> parse_from(const char* begin, const char* end, const char* term,
                                                   std::uint64_t sum) noexcept {
  const Taken taken = take_terms<true>(term, end, sum);
  if (taken.term == end) return signed_duration(begin, taken.sum);
  return parse_rest(begin, end);
}

}  // namespace

// Three tiers, each taking over where the one before stopped: the
// integer-only loop inline here, which keeps the common path free of saved
// registers; the loop with fractions (parse_from); and the general loop
// (parse_rest, parse_terms), which holds every rule and every error
// message. fuzz_duration checks the whole against an independent statement
// of Go's rules.
ParseResult<Duration> parse_duration(std::string_view text) noexcept {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  // A valid text of one byte is "0"; a valid text ends in a unit.
  if (text.size() < 2 || digit_at(end - 1) <= 9) return parse_rest(begin, end);
  const char* const p = begin + (*begin == '-' || *begin == '+');
  const Taken taken = take_terms<false>(p, end, 0);
  if (taken.term == end) return signed_duration(begin, taken.sum);
  return parse_from(begin, end, taken.term, taken.sum);
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
