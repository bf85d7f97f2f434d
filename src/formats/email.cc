// E-mail addresses: RFC 5321 4.1.2 Mailbox (email) and RFC 6531 3.3 (idn-email).
//
//   Mailbox         = Local-part "@" ( Domain / address-literal )
//   Local-part      = Dot-string / Quoted-string      ; at most 64 octets
//   Dot-string      = Atom *( "." Atom )
//   Atom            = 1*atext
//   atext           = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-"
//                   / "/" / "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"
//                   ; idn-email: also UTF8-non-ascii
//   Quoted-string   = DQUOTE *( qtextSMTP / quoted-pairSMTP ) DQUOTE
//   qtextSMTP       = %d32-33 / %d35-91 / %d93-126     ; idn-email: also UTF8-non-ascii
//   quoted-pairSMTP = "\" %d32-126
//   Domain          = hostname                         ; idn-email: idn-hostname
//   address-literal = "[" ( IPv4-address-literal / "IPv6:" IPv6-addr
//                         / General-address-literal ) "]"
//   General-address-literal = Ldh-str ":" 1*( %d33-90 / %d94-126 )
#include "formats/grammars.h"
#include "tokenguard/cidr.h"

namespace tokenguard::formats {
namespace {

constexpr std::size_t kMaxLocalPart = 64;

bool fail(ParseError* why, std::size_t offset, const char* reason, std::string_view token = {}) noexcept {
  if (why != nullptr) *why = ParseError(offset, reason, token);
  return false;
}

bool is_atext(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Local-part from the start; `i` ends on the "@".
bool local_part(std::string_view s, bool idn, std::size_t& i, ParseError* why) noexcept {
  if (!s.empty() && s[0] == '"') {
    for (i = 1; i < s.size() && s[i] != '"'; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '\\') {
        if (++i >= s.size() || s[i] < 32 || s[i] > 126) return fail(why, i, "a \"\\\" in quotes escapes a printable character");
      } else if (c >= 0x80) {
        if (!idn) return fail(why, i, "a non-ASCII character (idn-email allows it, email does not)");
        if (next_code_point(s, i) < 0) return fail(why, i, "not UTF-8");
        --i;
      } else if (c < 32 || c > 126) {
        return fail(why, i, "a control character in quotes");
      }
    }
    if (i >= s.size()) return fail(why, 0, "a quoted local part without its closing quote");
    ++i;
  } else {
    bool after_dot = true;
    for (i = 0; i < s.size() && s[i] != '@';) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '.') {
        if (after_dot) return fail(why, i, "a \".\" first, last or twice in a row in the local part");
        after_dot = true;
        ++i;
        continue;
      }
      if (c >= 0x80) {
        if (!idn) return fail(why, i, "a non-ASCII character (idn-email allows it, email does not)");
        const std::size_t at = i;
        if (next_code_point(s, i) < 0) return fail(why, at, "not UTF-8");
      } else if (is_atext(static_cast<char>(c))) {
        ++i;
      } else {
        return fail(why, i, "a character the local part allows only in quotes", s.substr(i, 1));
      }
      after_dot = false;
    }
    if (i == 0) return fail(why, 0, "an empty local part");
    if (after_dot) return fail(why, i - 1, "a \".\" first, last or twice in a row in the local part");
  }
  if (i > kMaxLocalPart) return fail(why, 0, "a local part longer than 64 octets");
  if (i >= s.size() || s[i] != '@') return fail(why, i, "expected \"@\" after the local part");
  return true;
}

bool address_literal(std::string_view inside, std::size_t offset, ParseError* why) noexcept {
  if (inside.substr(0, 5) == "IPv6:") {
    const auto ip = parse_ip_address(inside.substr(5));
    return (ip.ok() && !ip.value().is_v4) || fail(why, offset + 5, "not an IPv6 address");
  }
  const std::size_t colon = inside.find(':');
  if (colon == std::string_view::npos) {
    const auto ip = parse_ip_address(inside);
    return (ip.ok() && ip.value().is_v4) || fail(why, offset, "not an IPv4 address");
  }
  if (colon == 0 || colon + 1 == inside.size()) return fail(why, offset, "an address literal is tag:address");
  for (std::size_t k = colon + 1; k < inside.size(); ++k) {
    const auto c = static_cast<unsigned char>(inside[k]);
    if (c < 33 || c > 126 || c == '[' || c == '\\' || c == ']') return fail(why, offset + k, "a character an address literal does not allow");
  }
  return is_hostname(inside.substr(0, colon), nullptr) || fail(why, offset, "an address literal's tag is a host name label");
}

bool mailbox(std::string_view s, bool idn, ParseError* why) noexcept {
  std::size_t at = 0;
  if (!local_part(s, idn, at, why)) return false;
  const std::string_view domain = s.substr(at + 1);
  const std::size_t offset = at + 1;
  if (domain.empty()) return fail(why, offset, "an empty domain");
  if (domain.front() == '[') {
    if (domain.back() != ']') return fail(why, offset, "\"[\" without \"]\"");
    return address_literal(domain.substr(1, domain.size() - 2), offset + 1, why);
  }
  ParseError inner;
  if (idn ? is_idn_hostname(domain, &inner) : is_hostname(domain, &inner)) return true;
  if (why != nullptr) *why = inner.shifted(offset);
  return false;
}

}  // namespace

bool is_email(std::string_view s, ParseError* why) noexcept { return mailbox(s, false, why); }
bool is_idn_email(std::string_view s, ParseError* why) noexcept { return mailbox(s, true, why); }

}  // namespace tokenguard::formats
