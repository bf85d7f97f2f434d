// JSON Pointers (RFC 6901) and Relative JSON Pointers
// (draft-handrews-relative-json-pointer-01).
//
//   json-pointer    = *( "/" reference-token )
//   reference-token = *( unescaped / escaped )
//   escaped         = "~" ( "0" / "1" )
//   unescaped       = any character but "/" and "~"
//   relative-json-pointer = non-negative-integer ( "#" / json-pointer )
//   non-negative-integer  = "0" / %x31-39 *DIGIT
#include "formats/grammars.h"

namespace tokenguard::formats {
namespace {

bool fail(ParseError* why, std::size_t offset, const char* reason) noexcept {
  if (why != nullptr) *why = ParseError(offset, reason);
  return false;
}

bool pointer_from(std::string_view s, std::size_t i, ParseError* why) noexcept {
  if (i < s.size() && s[i] != '/') return fail(why, i, "a JSON Pointer is empty or begins with \"/\"");
  for (; i < s.size(); ++i)
    if (s[i] == '~' && (i + 1 >= s.size() || (s[i + 1] != '0' && s[i + 1] != '1')))
      return fail(why, i, "\"~\" must be followed by \"0\" or \"1\"");
  return true;
}

}  // namespace

bool is_json_pointer(std::string_view s, ParseError* why) noexcept { return pointer_from(s, 0, why); }

bool is_relative_json_pointer(std::string_view s, ParseError* why) noexcept {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0) return fail(why, 0, "a Relative JSON Pointer begins with a non-negative integer");
  if (s[0] == '0' && i > 1) return fail(why, 0, "a leading zero");
  if (i < s.size() && s[i] == '#') return i + 1 == s.size() || fail(why, i + 1, "nothing may follow \"#\"");
  return pointer_from(s, i, why);
}

}  // namespace tokenguard::formats
