// The string grammars behind JSON Schema's and OpenAPI's formats (see
// src/schema/formats.cc for the table that names them). Each returns
// whether `s` conforms; when it does not and `why` is not null, *why says
// where and why. None throws; none allocates.
#ifndef TOKENGUARD_FORMATS_GRAMMARS_H_
#define TOKENGUARD_FORMATS_GRAMMARS_H_

#include <string_view>

#include "tokenguard/parse_result.h"

namespace tokenguard::formats {

// RFC 1123 host names; an "xn--" label must be a valid IDNA 2008 A-label.
[[nodiscard]] bool is_hostname(std::string_view s, ParseError* why) noexcept;
// RFC 1123 alone, as drafts 4 and 6 and OpenAPI 3.0 read "hostname": any
// letter-digit-hyphen label ("ab--cd" too).
[[nodiscard]] bool is_rfc1123_hostname(std::string_view s, ParseError* why) noexcept;
// RFC 5890 internationalized host names (U-labels, A-labels, and the
// separators U+3002, U+FF0E, U+FF61), with RFC 5892's contextual rules and
// RFC 5893's Bidi rule.
[[nodiscard]] bool is_idn_hostname(std::string_view s, ParseError* why) noexcept;
// RFC 5321 Mailbox; RFC 6531's for idn-email.
[[nodiscard]] bool is_email(std::string_view s, ParseError* why) noexcept;
[[nodiscard]] bool is_idn_email(std::string_view s, ParseError* why) noexcept;
// RFC 3986 URI and URI-reference; RFC 3987 IRI and IRI-reference.
[[nodiscard]] bool is_uri(std::string_view s, ParseError* why) noexcept;
[[nodiscard]] bool is_uri_reference(std::string_view s, ParseError* why) noexcept;
[[nodiscard]] bool is_iri(std::string_view s, ParseError* why) noexcept;
[[nodiscard]] bool is_iri_reference(std::string_view s, ParseError* why) noexcept;
// RFC 6570 URI Template (any level).
[[nodiscard]] bool is_uri_template(std::string_view s, ParseError* why) noexcept;
// RFC 6901 JSON Pointer; draft-handrews-relative-json-pointer-01.
[[nodiscard]] bool is_json_pointer(std::string_view s, ParseError* why) noexcept;
[[nodiscard]] bool is_relative_json_pointer(std::string_view s, ParseError* why) noexcept;
// RFC 3339 appendix A's ISO 8601 duration ("P1DT2H", "P3W").
[[nodiscard]] bool is_iso_duration(std::string_view s, ParseError* why) noexcept;
// RFC 4648 section 4 base64, padded (OpenAPI's "byte").
[[nodiscard]] bool is_base64(std::string_view s, ParseError* why) noexcept;

// One UTF-8 code point at s[i], advancing i; -1 for an invalid sequence.
[[nodiscard]] long next_code_point(std::string_view s, std::size_t& i) noexcept;

}  // namespace tokenguard::formats

#endif  // TOKENGUARD_FORMATS_GRAMMARS_H_
