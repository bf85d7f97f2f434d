// RFC 3339 date-time grammar; see include/tokenguard/datetime.h.
#include "tokenguard/datetime.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "datetime_internal.h"

namespace tokenguard {
namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A cursor over the text: every consume_* helper advances it or sets error.
struct Cursor {
  explicit Cursor(std::string_view t) noexcept : text(t) {}
  std::string_view text;
  std::size_t pos = 0;
  ParseError error;
  bool failed = false;

  bool fail(std::size_t at, const char* reason, std::string_view token = {}) noexcept {
    if (!failed) {
      error = ParseError(at, reason, token);
      failed = true;
    }
    return false;
  }
  [[nodiscard]] std::string_view here(std::size_t n = 1) const noexcept {
    return text.substr(pos, n);
  }
};

// Exactly `count` digits as a number.
bool consume_digits(Cursor& c, int count, int& value, const char* what) noexcept {
  int v = 0;
  for (int k = 0; k < count; ++k) {
    if (c.pos >= c.text.size() || !is_digit(c.text[c.pos]))
      return c.fail(c.pos, what, c.here());
    v = v * 10 + (c.text[c.pos] - '0');
    ++c.pos;
  }
  value = v;
  return true;
}

bool consume_char(Cursor& c, char expected, const char* what) noexcept {
  if (c.pos >= c.text.size() || c.text[c.pos] != expected)
    return c.fail(c.pos, what, c.here());
  ++c.pos;
  return true;
}

// 'T'/'t' or 'Z'/'z'.
bool consume_letter(Cursor& c, char upper, const char* what) noexcept {
  if (c.pos >= c.text.size() || (c.text[c.pos] != upper && c.text[c.pos] != upper + 32))
    return c.fail(c.pos, what, c.here());
  ++c.pos;
  return true;
}

bool consume_in_range(Cursor& c, int count, int low, int high, int& value,
                      const char* what, const char* out_of_range) noexcept {
  const std::size_t start = c.pos;
  if (!consume_digits(c, count, value, what)) return false;
  if (value < low || value > high)
    return c.fail(start, out_of_range, c.text.substr(start, static_cast<std::size_t>(count)));
  return true;
}

constexpr bool is_leap_year(int y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

inline constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

constexpr int days_in_month(int y, int m) noexcept {
  return m == 2 && is_leap_year(y) ? 29 : kDaysInMonth[m - 1];
}

bool consume_full_date(Cursor& c, Date& d) noexcept {
  if (!consume_digits(c, 4, d.year, "expected a 4-digit year but found")) return false;
  if (!consume_char(c, '-', "expected \"-\" after the year but found")) return false;
  if (!consume_in_range(c, 2, 1, 12, d.month, "expected a 2-digit month but found",
                        "month is not 01-12"))
    return false;
  if (!consume_char(c, '-', "expected \"-\" after the month but found")) return false;
  const std::size_t day_at = c.pos;
  if (!consume_digits(c, 2, d.day, "expected a 2-digit day but found")) return false;
  if (d.day < 1 || d.day > days_in_month(d.year, d.month))
    return c.fail(day_at, "no such day in that month", c.text.substr(day_at, 2));
  d.days_since_epoch = detail::days_from_civil(d.year, d.month, d.day);
  return true;
}

// partial-time and time-offset; leap-second check left to the caller.
bool consume_full_time(Cursor& c, Time& t, std::size_t& second_at) noexcept {
  if (!consume_in_range(c, 2, 0, 23, t.hour, "expected a 2-digit hour but found",
                        "hour is not 00-23"))
    return false;
  if (!consume_char(c, ':', "expected \":\" after the hour but found")) return false;
  if (!consume_in_range(c, 2, 0, 59, t.minute, "expected a 2-digit minute but found",
                        "minute is not 00-59"))
    return false;
  if (!consume_char(c, ':', "expected \":\" after the minute but found")) return false;
  second_at = c.pos;
  if (!consume_in_range(c, 2, 0, 60, t.second, "expected a 2-digit second but found",
                        "second is not 00-60"))
    return false;
  if (c.pos < c.text.size() && c.text[c.pos] == '.') {
    ++c.pos;
    const std::size_t start = c.pos;
    std::uint32_t ns = 0;
    for (; c.pos < c.text.size() && is_digit(c.text[c.pos]); ++c.pos) {
      if (c.pos - start < 9) ns = ns * 10 + static_cast<std::uint32_t>(c.text[c.pos] - '0');
    }
    if (c.pos == start)
      return c.fail(c.pos, "expected a digit after \".\" but found", c.here());
    for (std::size_t n = c.pos - start; n < 9; ++n) ns *= 10;
    t.nanosecond = ns;
  }
  if (c.pos < c.text.size() && (c.text[c.pos] == 'Z' || c.text[c.pos] == 'z')) {
    ++c.pos;
    t.offset_seconds = 0;
  } else if (c.pos < c.text.size() && (c.text[c.pos] == '+' || c.text[c.pos] == '-')) {
    const bool negative = c.text[c.pos] == '-';
    ++c.pos;
    int oh = 0;
    int om = 0;
    if (!consume_in_range(c, 2, 0, 23, oh, "expected a 2-digit offset hour but found",
                          "offset hour is not 00-23"))
      return false;
    if (!consume_char(c, ':', "expected \":\" in the offset but found")) return false;
    if (!consume_in_range(c, 2, 0, 59, om, "expected a 2-digit offset minute but found",
                          "offset minute is not 00-59"))
      return false;
    t.offset_seconds = (negative ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return c.fail(c.pos, "expected \"Z\" or a \"+hh:mm\"/\"-hh:mm\" offset but found",
                  c.here());
  }
  constexpr std::int64_t kDay = 86400;
  const std::int64_t local = t.hour * 3600 + t.minute * 60 + t.second;
  t.utc_seconds_of_day = ((local - t.offset_seconds) % kDay + kDay) % kDay;
  // A leap second's local second-of-day may exceed the day (23:59:60).
  if (t.second == 60 && t.utc_seconds_of_day == 0) t.utc_seconds_of_day = kDay;
  return true;
}

bool consume_end(Cursor& c) noexcept {
  if (c.pos != c.text.size())
    return c.fail(c.pos, "unexpected text after the value", c.here(8));
  return true;
}

}  // namespace

std::int64_t detail::days_from_civil(int year, int month, int day) noexcept {
  // Howard Hinnant's days_from_civil algorithm (a public-domain method).
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

ParseResult<Date> parse_date(std::string_view text) noexcept {
  Cursor c{text};
  Date d;
  if (!consume_full_date(c, d) || !consume_end(c)) return c.error;
  return d;
}

ParseResult<Time> parse_time(std::string_view text) noexcept {
  Cursor c{text};
  Time t;
  std::size_t second_at = 0;
  if (!consume_full_time(c, t, second_at) || !consume_end(c)) return c.error;
  if (t.second == 60 && t.utc_seconds_of_day != 86400)
    return ParseError(second_at, "leap second 60 is only valid at 23:59:60 UTC");
  return t;
}

namespace {

// Fills in the parts of a DateTime that follow from the parsed fields.
void finish(DateTime& dt) noexcept {
  constexpr std::int64_t kDay = 86400;
  const std::int64_t local = dt.time.hour * 3600 + dt.time.minute * 60 + dt.time.second;
  dt.time.utc_seconds_of_day = ((local - dt.time.offset_seconds) % kDay + kDay) % kDay;
  if (dt.time.second == 60 && dt.time.utc_seconds_of_day == 0) dt.time.utc_seconds_of_day = kDay;
  dt.date.days_since_epoch = detail::days_from_civil(dt.date.year, dt.date.month, dt.date.day);
  dt.unix_seconds = dt.date.days_since_epoch * kDay + local - dt.time.offset_seconds;
  dt.nanoseconds = dt.time.nanosecond;
}

// The fast path: every field of a date-time has a fixed width, so after one
// length check the digits are read at fixed positions with no per-byte
// bounds checks. It returns false for anything it does not accept, and the
// caller then runs the checked parser below, which is the reference: it
// decides every case the fast path declines and gives the error message.
// Eight bytes from p as a little-endian word (byte k at bits 8k), on any host.
inline std::uint64_t load_le64(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// The fixed part "YYYY-MM-DDTHH:MM:SS" checked eight bytes at a time. Each
// word is XORed with '0' in every byte, so a digit byte becomes its value;
// `digits` marks the bytes that must be digits, the rest must equal `fixed`.
// Sets `values` to the word of digit values (other bytes zero) and returns
// the bytes that are wrong (0 when the word fits).
inline std::uint64_t fixed_word(std::uint64_t w, std::uint64_t digits, std::uint64_t fixed,
                                std::uint64_t& values) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  const std::uint64_t x = w ^ (kOnes * '0');
  // A byte is below 10 when its high nibble is 0 and its low nibble plus 6
  // stays below 16 (no byte carries into the next).
  const std::uint64_t not_digit = ((x & (kOnes * 0xF0)) | (((x & (kOnes * 0x0F)) + kOnes * 6) & (kOnes * 0xF0))) & digits;
  values = x & digits;
  return not_digit | ((w & ~digits) ^ fixed);
}

// Pairs of digit values, byte k = 10 * byte k + byte k+1 (at most 99, so no
// byte carries); a two-digit field starting at byte k is then byte k.
constexpr std::uint64_t pairs(std::uint64_t values) noexcept { return values * 10 + (values >> 8); }

// The digits from p[i] on (i < n, n >= 20): their count, eight bytes at a
// time. The last word is read ending at the text's end and shifted down,
// so nothing past the text is read, and the zero bytes shifted in end the
// run.
inline std::size_t digit_run(const char* p, std::size_t i, std::size_t n) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  // A byte of `w` that is not a digit gives a set bit in its own byte.
  const auto not_digit = [](std::uint64_t w) {
    const std::uint64_t x = w ^ (kOnes * '0');
    return (x & (kOnes * 0xF0)) | (((x & (kOnes * 0x0F)) + kOnes * 6) & (kOnes * 0xF0));
  };
  const std::size_t start = i;
  for (; n - i >= 8; i += 8)
    if (const std::uint64_t m = not_digit(load_le64(p + i)); m != 0)
      return i - start + static_cast<std::size_t>(std::countr_zero(m)) / 8;
  if (i == n) return i - start;
  const std::uint64_t tail = load_le64(p + n - 8) >> (8 * (8 - (n - i)));
  return i - start + static_cast<std::size_t>(std::countr_zero(not_digit(tail))) / 8;
}
constexpr int byte_at(std::uint64_t w, int k) noexcept { return static_cast<int>((w >> (8 * k)) & 0xFF); }

// kNeedInstant false: the verdict alone (is_date_time), which reads the
// fraction's digits without converting them, and needs the instant only
// for a leap second's rule.
// (always inlined: is_date_time and parse_date_time are each one call)
template <bool kNeedInstant>
[[gnu::always_inline]] inline bool parse_date_time_fast(std::string_view s, DateTime& dt) noexcept {
  const std::size_t n = s.size();
  if (n < 20) return false;
  const char* const p = s.data();
  // Bytes 0-7 "YYYY-MM-", 8-15 "DDTHH:MM", 11-18 "HH:MM:SS" (the hour and
  // minute are checked twice). 'T' may be 't': bit 0x20 of byte 10 is
  // forced on before the compare.
  std::uint64_t v0 = 0, v1 = 0, v2 = 0;
  const std::uint64_t wrong =
      fixed_word(load_le64(p), 0x00FFFF00FFFFFFFF, std::uint64_t{'-'} << 32 | std::uint64_t{'-'} << 56, v0) |
      fixed_word(load_le64(p + 8) | std::uint64_t{0x20} << 16, 0xFFFF00FFFF00FFFF,
                 std::uint64_t{'t'} << 16 | std::uint64_t{':'} << 40, v1) |
      fixed_word(load_le64(p + 11), 0xFFFF00FFFF00FFFF, std::uint64_t{':'} << 16 | std::uint64_t{':'} << 40, v2);
  if (wrong != 0) return false;
  const std::uint64_t p0 = pairs(v0), p1 = pairs(v1), p2 = pairs(v2);
  const int year = byte_at(p0, 0) * 100 + byte_at(p0, 2);
  const int month = byte_at(p0, 5);
  const int day = byte_at(p1, 0);
  const int hour = byte_at(p1, 3);
  const int minute = byte_at(p1, 6);
  const int second = byte_at(p2, 6);
  if (month < 1 || month > 12 || day < 1 || (day > 28 && day > days_in_month(year, month)) || hour > 23 ||
      minute > 59 || second > 60)
    return false;

  std::size_t i = 19;
  std::uint32_t ns = 0;
  const bool need_instant = kNeedInstant || second == 60;
  if (p[i] == '.' && !need_instant) {
    if (++i == n) return false;
    const std::size_t digits = digit_run(p, i, n);
    if (digits == 0) return false;
    i += digits;
  } else if (p[i] == '.') {
    // Nanoseconds from the first nine digits; any further digits are read
    // and dropped.
    static constexpr std::uint32_t kScaleUp[10] = {1000000000, 100000000, 10000000, 1000000, 100000,
                                                   10000,      1000,      100,      10,      1};
    const std::size_t start = ++i;
    const std::size_t kept_end = n - start > 9 ? start + 9 : n;
    for (unsigned digit = 0; i < kept_end && (digit = static_cast<unsigned char>(p[i]) - unsigned{'0'}) <= 9; ++i)
      ns = ns * 10 + digit;
    const std::size_t kept = i - start;
    if (kept == 0) return false;
    ns *= kScaleUp[kept];
    if (kept == 9)
      while (i < n && is_digit(p[i])) ++i;
  }
  int offset = 0;
  if (n - i == 1 && (p[i] | 0x20) == 'z') {
    offset = 0;
  } else if (n - i == 6 && (p[i] == '+' || p[i] == '-') && p[i + 3] == ':') {
    const auto d = [p](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(p[k]) - '0'); };
    const unsigned oh0 = d(i + 1), oh1 = d(i + 2), om0 = d(i + 4), om1 = d(i + 5);
    if (!((oh0 <= 9) & (oh1 <= 9) & (om0 <= 9) & (om1 <= 9))) return false;
    const int oh = static_cast<int>(oh0 * 10 + oh1);
    const int om = static_cast<int>(om0 * 10 + om1);
    if (oh > 23 || om > 59) return false;
    offset = (p[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return false;
  }
  if (!need_instant) return true;
  dt.date.year = year;
  dt.date.month = month;
  dt.date.day = day;
  dt.time.hour = hour;
  dt.time.minute = minute;
  dt.time.second = second;
  dt.time.nanosecond = ns;
  dt.time.offset_seconds = offset;
  finish(dt);
  return second != 60 || dt.time.utc_seconds_of_day == 86400;
}

}  // namespace

ParseResult<DateTime> detail::parse_date_time_reference(std::string_view text) noexcept {
  Cursor c{text};
  DateTime dt;
  std::size_t second_at = 0;
  if (!consume_full_date(c, dt.date) ||
      !consume_letter(c, 'T', "expected \"T\" between date and time but found") ||
      !consume_full_time(c, dt.time, second_at) || !consume_end(c))
    return c.error;
  if (dt.time.second == 60 && dt.time.utc_seconds_of_day != 86400)
    return ParseError(second_at, "leap second 60 is only valid at 23:59:60 UTC");
  finish(dt);
  return dt;
}

ParseResult<DateTime> parse_date_time(std::string_view text) noexcept {
  DateTime dt;
  if (parse_date_time_fast<true>(text, dt)) [[likely]]
    return dt;
  return detail::parse_date_time_reference(text);
}

bool is_date_time(std::string_view text) noexcept {
  DateTime dt;
  if (parse_date_time_fast<false>(text, dt)) [[likely]]
    return true;
  return detail::parse_date_time_reference(text).ok();
}

namespace detail {

int order_date_times(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  const auto utc_shape = [n](std::string_view s) {
    return s[n - 1] == 'Z' && !(s[17] == '6' && s[18] == '0');  // (a leap second's instant is the next second's)
  };
  if (n >= 20 && b.size() == n && a[10] == b[10] && utc_shape(a) && utc_shape(b)) {
    if (!is_date_time(a) || !is_date_time(b)) return kNotDateTimes;
    const int c = std::memcmp(a.data(), b.data(), n);
    return (c > 0) - (c < 0);
  }
  const auto x = parse_date_time(a);
  const auto y = parse_date_time(b);
  if (!x.ok() || !y.ok()) return kNotDateTimes;
  return compare(x.value(), y.value());
}

}  // namespace detail

int compare(const DateTime& a, const DateTime& b) noexcept {
  if (a.unix_seconds != b.unix_seconds) return a.unix_seconds < b.unix_seconds ? -1 : 1;
  if (a.nanoseconds != b.nanoseconds) return a.nanoseconds < b.nanoseconds ? -1 : 1;
  return 0;
}

}  // namespace tokenguard
