// ISO 8601 durations as RFC 3339 appendix A writes them (JSON Schema's
// "duration"; Go durations are in src/duration.cc).
//
//   duration   = "P" ( dur-date / dur-time / dur-week )
//   dur-date   = ( dur-day / dur-month / dur-year ) [ dur-time ]
//   dur-time   = "T" ( dur-hour / dur-minute / dur-second )
//   dur-year   = 1*DIGIT "Y" [ dur-month ]
//   dur-month  = 1*DIGIT "M" [ dur-day ]
//   dur-day    = 1*DIGIT "D"
//   dur-hour   = 1*DIGIT "H" [ dur-minute ]
//   dur-minute = 1*DIGIT "M" [ dur-second ]
//   dur-second = 1*DIGIT "S"
//   dur-week   = 1*DIGIT "W"
//
// So the units of each part run in order without a gap (Y M D, H M S),
// and weeks stand alone.
#include "formats/grammars.h"

namespace tokenguard::formats {
namespace {

bool fail(ParseError* why, std::size_t offset, const char* reason, std::string_view token = {}) noexcept {
  if (why != nullptr) *why = ParseError(offset, reason, token);
  return false;
}

// One run of "<digits><unit>" elements whose units are consecutive letters
// of `units`. `i` stops at the first byte that does not start an element.
bool elements(std::string_view s, std::size_t& i, std::string_view units, ParseError* why) noexcept {
  std::size_t next_unit = 0;  // index in `units` the next element may use
  bool any = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i >= s.size()) return fail(why, start, "a number without its unit");
    const std::size_t u = units.find(s[i]);
    if (u == std::string_view::npos) return fail(why, i, "not a unit here", s.substr(i, 1));
    if (u < next_unit) return fail(why, i, "units out of order", s.substr(i, 1));
    if (any && u != next_unit) return fail(why, i, "a unit skipped between two others", s.substr(i, 1));
    next_unit = u + 1;
    any = true;
    ++i;
  }
  return any || fail(why, i, "expected a number and a unit");
}

}  // namespace

bool is_iso_duration(std::string_view s, ParseError* why) noexcept {
  if (s.empty() || s[0] != 'P') return fail(why, 0, "a duration begins with \"P\"");
  std::size_t i = 1;
  // Weeks alone: "P" 1*DIGIT "W".
  std::size_t k = 1;
  while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
  if (k > 1 && k < s.size() && s[k] == 'W')
    return k + 1 == s.size() || fail(why, k + 1, "weeks cannot be combined with other units");
  if (i < s.size() && s[i] != 'T' && !elements(s, i, "YMD", why)) return false;
  if (i < s.size() && s[i] == 'T') {
    ++i;
    if (!elements(s, i, "HMS", why)) return false;
  } else if (i == 1) {
    return fail(why, 1, "a duration has at least one element");
  }
  return i == s.size() || fail(why, i, "unexpected character", s.substr(i, 1));
}

}  // namespace tokenguard::formats
