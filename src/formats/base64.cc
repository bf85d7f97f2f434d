// Base64 (RFC 4648 section 4), padded: OpenAPI's "byte".
//
//   base64 = *( 4base64-char ) [ 2base64-char "==" / 3base64-char "=" ]
//   base64-char = ALPHA / DIGIT / "+" / "/"
#include "formats/grammars.h"

namespace tokenguard::formats {

bool is_base64(std::string_view s, ParseError* why) noexcept {
  const auto fail = [&](std::size_t offset, const char* reason) {
    if (why != nullptr) *why = ParseError(offset, reason);
    return false;
  };
  if (s.size() % 4 != 0) return fail(s.size(), "base64 comes in groups of 4 characters (pad with \"=\")");
  std::size_t padding = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool digit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=') {
      if (i + 2 < s.size()) return fail(i, "\"=\" only pads the last group");
      ++padding;
    } else if (!digit || padding > 0) {
      return fail(i, digit ? "\"=\" only pads the last group" : "not a base64 character");
    }
  }
  return true;
}

}  // namespace tokenguard::formats
