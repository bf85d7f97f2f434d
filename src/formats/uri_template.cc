// URI Templates (RFC 6570 section 2), every level.
//
//   URI-Template  = *( literals / expression )
//   literals      = %x21 / %x23-24 / %x26-3B / %x3D / %x3F-5B / %x5D / %x5F
//                 / %x61-7A / %x7E / ucschar / iprivate / pct-encoded
//                 ; %x27 ("'") as RFC 6570's erratum admits it
//   expression    = "{" [ operator ] variable-list "}"
//   operator      = "+" / "#" / "." / "/" / ";" / "?" / "&"   ; "=,!@|" are reserved: an error
//   variable-list = varspec *( "," varspec )
//   varspec       = varname [ ":" max-length / "*" ]
//   varname       = varchar *( [ "." ] varchar )
//   varchar       = ALPHA / DIGIT / "_" / pct-encoded
//   max-length    = %x31-39 0*3DIGIT                          ; 1 to 9999
#include "formats/grammars.h"

namespace tokenguard::formats {
namespace {

bool fail(ParseError* why, std::size_t offset, const char* reason, std::string_view token = {}) noexcept {
  if (why != nullptr) *why = ParseError(offset, reason, token);
  return false;
}
bool is_hex(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_literal(unsigned char c) noexcept {
  return c == 0x21 || (c >= 0x23 && c <= 0x24) || (c >= 0x26 && c <= 0x3B) || c == 0x3D ||
         (c >= 0x3F && c <= 0x5B) || c == 0x5D || c == 0x5F || (c >= 0x61 && c <= 0x7A) || c == 0x7E;
}
bool is_ucschar_or_private(long cp) noexcept {
  if ((cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFEF)) return true;
  return cp >= 0x10000 && cp <= 0x10FFFD && (cp & 0xFFFF) <= 0xFFFD;
}
bool pct_encoded(std::string_view s, std::size_t i) noexcept {
  return i + 2 < s.size() && s[i] == '%' && is_hex(s[i + 1]) && is_hex(s[i + 2]);
}

// varchar at i (advancing), or false.
bool varchar(std::string_view s, std::size_t& i) noexcept {
  if (i >= s.size()) return false;
  const char c = s[i];
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
    ++i;
    return true;
  }
  if (pct_encoded(s, i)) {
    i += 3;
    return true;
  }
  return false;
}

bool varspec(std::string_view s, std::size_t& i, ParseError* why) noexcept {
  if (!varchar(s, i)) return fail(why, i, "expected a variable name");
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
      if (!varchar(s, i)) return fail(why, i, "a \".\" in a variable name is followed by a name character");
    } else if (!varchar(s, i)) {
      break;
    }
  }
  if (i < s.size() && s[i] == '*') {
    ++i;
  } else if (i < s.size() && s[i] == ':') {
    const std::size_t start = ++i;
    if (i >= s.size() || s[i] < '1' || s[i] > '9') return fail(why, start, "a prefix length is 1 to 9999");
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4) ++i;
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') return fail(why, start, "a prefix length is 1 to 9999");
  }
  return true;
}

bool expression(std::string_view s, std::size_t& i, ParseError* why) noexcept {
  const std::size_t open = i++;
  if (i < s.size() && std::string_view("+#./;?&").find(s[i]) != std::string_view::npos) ++i;
  else if (i < s.size() && std::string_view("=,!@|").find(s[i]) != std::string_view::npos)
    return fail(why, i, "an operator RFC 6570 reserves", s.substr(i, 1));
  while (true) {
    if (!varspec(s, i, why)) return false;
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '}') {
      ++i;
      return true;
    }
    return fail(why, i >= s.size() ? open : i, i >= s.size() ? "\"{\" without \"}\"" : "unexpected character in an expression",
                i >= s.size() ? std::string_view() : s.substr(i, 1));
  }
}

}  // namespace

bool is_uri_template(std::string_view s, ParseError* why) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '{') {
      if (!expression(s, i, why)) return false;
    } else if (c == '%') {
      if (!pct_encoded(s, i)) return fail(why, i, "\"%\" must begin a %XX escape");
      i += 3;
    } else if (c >= 0x80) {
      const std::size_t at = i;
      if (!is_ucschar_or_private(next_code_point(s, i))) return fail(why, at, "a character a URI Template does not allow");
    } else if (is_literal(c)) {
      ++i;
    } else {
      return fail(why, i, "a character a URI Template does not allow", s.substr(i, 1));
    }
  }
  return true;
}

}  // namespace tokenguard::formats
