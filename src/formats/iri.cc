// URIs (RFC 3986) and IRIs (RFC 3987): uri, uri-reference, iri, iri-reference.
//
//   URI-reference = URI / relative-ref
//   URI           = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
//   relative-ref  = relative-part [ "?" query ] [ "#" fragment ]
//   hier-part     = "//" authority path-abempty / path-absolute / path-rootless / path-empty
//   relative-part = "//" authority path-abempty / path-absolute / path-noscheme / path-empty
//   scheme        = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
//   authority     = [ userinfo "@" ] host [ ":" port ]
//   userinfo      = *( unreserved / pct-encoded / sub-delims / ":" )
//   host          = IP-literal / reg-name        ; IPv4address is a reg-name too
//   IP-literal    = "[" ( IPv6address / IPvFuture ) "]"
//   IPvFuture     = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//   reg-name      = *( unreserved / pct-encoded / sub-delims )
//   port          = *DIGIT
//   path          = *( pchar / "/" )             ; path-noscheme: no ":" before the first "/"
//   pchar         = unreserved / pct-encoded / sub-delims / ":" / "@"
//   query         = *( pchar / "/" / "?" )      ; IRI: also iprivate
//   fragment      = *( pchar / "/" / "?" )
//   unreserved    = ALPHA / DIGIT / "-" / "." / "_" / "~"   ; IRI: also ucschar
#include <cstdint>

#include "formats/grammars.h"
#include "tokenguard/cidr.h"

namespace tokenguard::formats {
namespace {

bool fail(ParseError* why, std::size_t offset, const char* reason, std::string_view token = {}) noexcept {
  if (why != nullptr) *why = ParseError(offset, reason, token);
  return false;
}

bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool is_sub_delim(char c) noexcept { return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos; }

bool is_ucschar(long cp) noexcept {
  if (cp >= 0xA0 && cp <= 0xD7FF) return true;
  if ((cp >= 0xF900 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFEF)) return true;
  if (cp < 0x10000 || cp > 0xEFFFD || (cp & 0xFFFF) > 0xFFFD) return false;
  return cp < 0xE0000 || cp >= 0xE1000;
}
bool is_iprivate(long cp) noexcept {
  return (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD);
}

enum class Part { kUserinfo, kHost, kPath, kQuery, kFragment };

// One part of a URI or IRI, from `i` to the first byte that ends it.
class Reader {
 public:
  Reader(std::string_view s, bool iri, ParseError* why) : s_(s), iri_(iri), why_(why) {}

  // Reads characters allowed in `part` up to one of `stops` (or the end).
  bool run(std::size_t& i, Part part, std::string_view stops) const noexcept {
    while (i < s_.size() && stops.find(s_[i]) == std::string_view::npos) {
      const char c = s_[i];
      if (c == '%') {
        if (i + 2 >= s_.size() || !is_hex(s_[i + 1]) || !is_hex(s_[i + 2]))
          return fail(why_, i, "\"%\" must begin a %XX escape");
        i += 3;
        continue;
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        const std::size_t at = i;
        const long cp = next_code_point(s_, i);
        if (!iri_) return fail(why_, at, "a URI has only ASCII characters (percent-encode the rest)");
        if (is_ucschar(cp) || (part == Part::kQuery && is_iprivate(cp))) continue;
        return fail(why_, at, "a character an IRI does not allow");
      }
      const bool ok = is_unreserved(c) || is_sub_delim(c) ||
                      (c == ':' && part != Part::kHost) ||
                      (c == '@' && part != Part::kUserinfo && part != Part::kHost) ||
                      ((c == '/' || c == '?') && (part == Part::kQuery || part == Part::kFragment)) ||
                      (c == '/' && part == Part::kPath);
      if (!ok) return fail(why_, i, "a character a URI does not allow here", s_.substr(i, 1));
      ++i;
    }
    return true;
  }

  // "//" authority, from just after the "//".
  bool authority(std::size_t& i) const noexcept {
    std::size_t end = i;
    while (end < s_.size() && s_[end] != '/' && s_[end] != '?' && s_[end] != '#') ++end;
    const std::string_view auth = s_.substr(i, end - i);
    std::size_t host = i;
    if (const auto at = auth.find('@'); at != std::string_view::npos) {
      std::size_t k = i;
      if (!run(k, Part::kUserinfo, "@")) return false;
      host = k + 1;
    }
    std::size_t k = host;
    if (k < end && s_[k] == '[') {
      const std::size_t close = s_.find(']', k);
      if (close == std::string_view::npos || close > end) return fail(why_, k, "\"[\" without \"]\"");
      if (!ip_literal(s_.substr(k + 1, close - k - 1), k + 1)) return false;
      k = close + 1;
    } else if (!run(k, Part::kHost, ":/?#")) {
      return false;
    }
    if (k < end && s_[k] == ':') {
      for (++k; k < end; ++k)
        if (!is_digit(s_[k])) return fail(why_, k, "a port has only digits", s_.substr(k, 1));
    }
    if (k != end) return fail(why_, k, "a character a URI does not allow here", s_.substr(k, 1));
    i = end;
    return true;
  }

  bool ip_literal(std::string_view inside, std::size_t offset) const noexcept {
    if (!inside.empty() && (inside[0] == 'v' || inside[0] == 'V')) {
      std::size_t k = 1;
      while (k < inside.size() && is_hex(inside[k])) ++k;
      if (k == 1 || k >= inside.size() || inside[k] != '.' || k + 1 == inside.size())
        return fail(why_, offset, "an IPvFuture literal is v<hex>.<text>");
      for (++k; k < inside.size(); ++k)
        if (!is_unreserved(inside[k]) && !is_sub_delim(inside[k]) && inside[k] != ':')
          return fail(why_, offset + k, "a character an IPvFuture literal does not allow", inside.substr(k, 1));
      return true;
    }
    const auto ip = parse_ip_address(inside);
    if (!ip.ok() || ip.value().is_v4) return fail(why_, offset, "not an IPv6 address");
    return true;
  }

  bool reference(bool absolute) const noexcept {
    std::size_t i = 0;
    // A scheme, if the text has one before any "/", "?" or "#".
    std::size_t colon = 0;
    while (colon < s_.size() && s_[colon] != ':' && s_[colon] != '/' && s_[colon] != '?' && s_[colon] != '#') ++colon;
    const bool has_scheme = colon < s_.size() && s_[colon] == ':' && colon > 0 && is_alpha(s_[0]);
    if (has_scheme) {
      for (std::size_t k = 1; k < colon; ++k)
        if (!is_alpha(s_[k]) && !is_digit(s_[k]) && s_[k] != '+' && s_[k] != '-' && s_[k] != '.') {
          if (absolute) return fail(why_, k, "a scheme has only letters, digits, \"+\", \"-\" and \".\"", s_.substr(k, 1));
          colon = s_.size();
          break;
        }
    }
    const bool scheme = has_scheme && colon < s_.size();
    if (absolute && !scheme) return fail(why_, 0, "an absolute URI begins with a scheme and \":\"");
    if (scheme) {
      i = colon + 1;
    } else {
      // path-noscheme: no ":" in the first segment.
      std::size_t k = 0;
      while (k < s_.size() && s_[k] != '/' && s_[k] != '?' && s_[k] != '#') {
        if (s_[k] == ':') return fail(why_, k, "a relative reference cannot have \":\" in its first segment");
        ++k;
      }
    }
    if (s_.substr(i, 2) == "//") {
      i += 2;
      if (!authority(i)) return false;
    }
    if (!run(i, Part::kPath, "?#")) return false;
    if (i < s_.size() && s_[i] == '?' && !run(++i, Part::kQuery, "#")) return false;
    if (i < s_.size() && s_[i] == '#' && !run(++i, Part::kFragment, "")) return false;
    return i == s_.size() || fail(why_, i, "unexpected character", s_.substr(i, 1));
  }

 private:
  std::string_view s_;
  bool iri_;
  ParseError* why_;
};

}  // namespace

bool is_uri(std::string_view s, ParseError* why) noexcept { return Reader(s, false, why).reference(true); }
bool is_uri_reference(std::string_view s, ParseError* why) noexcept { return Reader(s, false, why).reference(false); }
bool is_iri(std::string_view s, ParseError* why) noexcept { return Reader(s, true, why).reference(true); }
bool is_iri_reference(std::string_view s, ParseError* why) noexcept { return Reader(s, true, why).reference(false); }

}  // namespace tokenguard::formats
