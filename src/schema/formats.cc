// The format table (see formats.h). A string grammar is a function of
// (value, why); the grammars live in src/*.cc (tokenguard's own and RFC
// 3339's) and src/formats/ (the rest).
#include "schema/formats.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>

#include "formats/grammars.h"
#include "schema/patterns.h"
#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"
#include "tokenguard/duration.h"
#include "tokenguard/uuid.h"

namespace tokenguard::detail {
namespace {

using json = nlohmann::json;

// A (value, why) check as a verdict-only one.
template <auto Check>
bool verdict_only(std::string_view s) noexcept {
  return Check(s, nullptr);
}

// A ParseResult-returning grammar as a (value, why) check.
template <auto Parse>
bool parsed(std::string_view s, ParseError* why) noexcept {
  const auto r = Parse(s);
  if (!r.ok() && why != nullptr) *why = r.error();
  return r.ok();
}
// The same with a fast verdict-only path first.
template <auto Is, auto Parse>
bool fast_parsed(std::string_view s, ParseError* why) noexcept {
  return Is(s) || parsed<Parse>(s, why);
}

template <bool V4>
bool ip_address(std::string_view s, ParseError* why) noexcept {
  const auto r = parse_ip_address(s);
  if (!r.ok()) {
    if (why != nullptr) *why = r.error();
    return false;
  }
  if (r.value().is_v4 == V4) return true;
  if (why != nullptr) *why = ParseError(0, V4 ? "an IPv6 address where IPv4 is expected" : "an IPv4 address where IPv6 is expected");
  return false;
}

bool go_duration_or_forever(std::string_view s, ParseError* why) noexcept {
  return s == "forever" || parsed<parse_duration>(s, why);
}

bool regex(std::string_view s, ParseError* why) noexcept {
  if (is_ecma_regex(s)) return true;
  if (why != nullptr) *why = ParseError(0, "not an ECMA-262 regular expression either RE2 or PCRE2 compiles");
  return false;
}

bool int32(const NumberValue& v) noexcept {
  if (v.kind == ValueKind::kUnsigned) return v.u <= 2147483647u;
  if (v.kind == ValueKind::kInteger) return v.i >= -2147483648LL && v.i <= 2147483647LL;
  return std::isfinite(v.d) && std::floor(v.d) == v.d && v.d >= -2147483648.0 && v.d <= 2147483647.0;
}
bool int64(const NumberValue& v) noexcept {
  if (v.kind == ValueKind::kUnsigned) return v.u <= static_cast<std::uint64_t>(INT64_MAX);
  if (v.kind == ValueKind::kInteger) return true;
  return std::isfinite(v.d) && std::floor(v.d) == v.d && v.d >= -9223372036854775808.0 && v.d < 9223372036854775808.0;
}
bool float32(const NumberValue& v) noexcept {
  const double d = v.as_double();
  return std::isfinite(d) && std::fabs(d) <= static_cast<double>(FLT_MAX);
}
bool float64(const NumberValue& v) noexcept { return std::isfinite(v.as_double()); }

constexpr FormatKind S = FormatKind::kString;
constexpr FormatKind N = FormatKind::kNumber;
constexpr FormatKind A = FormatKind::kAnnotation;

const FormatRule kRules[] = {
    // RFC 3339 and JSON Schema's own.
    {"date-time", S, "an RFC 3339 date-time", "2014-01-01T05:20:00.12345Z", fast_parsed<is_date_time, parse_date_time>, is_date_time},
    {"date", S, "an RFC 3339 date", "2014-01-01", parsed<parse_date>, verdict_only<parsed<parse_date>>},
    {"time", S, "an RFC 3339 time", "05:20:00Z", parsed<parse_time>, verdict_only<parsed<parse_time>>},
    {"duration", S, "an ISO 8601 duration", "P1DT12H", formats::is_iso_duration, verdict_only<formats::is_iso_duration>},
    {"uuid", S, "a UUID", "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", fast_parsed<is_uuid, parse_uuid>, is_uuid},
    {"ipv4", S, "an IPv4 address", "192.0.2.1", ip_address<true>, verdict_only<ip_address<true>>},
    {"ipv6", S, "an IPv6 address", "2001:db8::1", ip_address<false>, verdict_only<ip_address<false>>},
    {"hostname", S, "a host name", "api.example.com", formats::is_hostname, verdict_only<formats::is_hostname>},
    {"idn-hostname", S, "an internationalized host name", "b\xc3\xbc" "cher.example", formats::is_idn_hostname, verdict_only<formats::is_idn_hostname>},
    {"email", S, "an e-mail address", "user@example.com", formats::is_email, verdict_only<formats::is_email>},
    {"idn-email", S, "an internationalized e-mail address", "d\xc3\xa9j\xc3\xa0@example.com", formats::is_idn_email, verdict_only<formats::is_idn_email>},
    {"uri", S, "an absolute URI", "https://example.com/a?b#c", formats::is_uri, verdict_only<formats::is_uri>},
    {"uri-reference", S, "a URI reference", "/a?b#c", formats::is_uri_reference, verdict_only<formats::is_uri_reference>},
    {"iri", S, "an absolute IRI", "https://example.com/caf\xc3\xa9", formats::is_iri, verdict_only<formats::is_iri>},
    {"iri-reference", S, "an IRI reference", "/caf\xc3\xa9", formats::is_iri_reference, verdict_only<formats::is_iri_reference>},
    {"uri-template", S, "a URI Template", "/users/{id}", formats::is_uri_template, verdict_only<formats::is_uri_template>},
    {"json-pointer", S, "a JSON Pointer", "/a/0", formats::is_json_pointer, verdict_only<formats::is_json_pointer>},
    {"relative-json-pointer", S, "a Relative JSON Pointer", "1/a", formats::is_relative_json_pointer, verdict_only<formats::is_relative_json_pointer>},
    {"regex", S, "an ECMA-262 regular expression", "^[a-z]+$", regex, verdict_only<regex>},
    // OpenAPI's.
    {"byte", S, "base64", "aGk=", formats::is_base64, verdict_only<formats::is_base64>},
    {"binary", A, "any bytes", ""},
    {"password", A, "any string", ""},
    {"int32", N, "a 32-bit integer (-2147483648 to 2147483647)", "42", nullptr, nullptr, int32},
    {"int64", N, "a 64-bit integer", "42", nullptr, nullptr, int64},
    {"float", N, "a number a 32-bit float holds", "1.5", nullptr, nullptr, float32},
    {"double", N, "a finite number", "1.5", nullptr, nullptr, float64},
    // tokenguard's own.
    {"cidr", S, "a CIDR prefix", "192.0.2.0/24", parsed<parse_prefix>, verdict_only<parsed<parse_prefix>>},
    {"cloudflare-identifier", S, "a 32-hex-digit identifier", "023e105f4ecef8ad9ca31a8372d0c353", fast_parsed<is_hex_id, parse_hex_id>, is_hex_id},
    {"go-duration", S, "a Go duration", "2h45m", parsed<parse_duration>, verdict_only<parsed<parse_duration>>},
    {"go-duration-or-forever", S, "a Go duration", "2h45m", go_duration_or_forever, verdict_only<go_duration_or_forever>, nullptr, " or \"forever\""},
};

}  // namespace

const FormatRule kRfc1123Hostname = {"hostname", S, "a host name", "api.example.com", formats::is_rfc1123_hostname,
                                     verdict_only<formats::is_rfc1123_hostname>};

const FormatRule* find_format(std::string_view name, bool rfc1123_hostnames) noexcept {
  if (rfc1123_hostnames && name == "hostname") return &kRfc1123Hostname;
  const auto it = std::find_if(std::begin(kRules), std::end(kRules), [&](const FormatRule& r) { return r.name == name; });
  return it == std::end(kRules) ? nullptr : &*it;
}

std::span<const FormatRule> format_rules() noexcept { return kRules; }

std::string expected_text(const FormatRule& rule) {
  std::string out(rule.what);
  if (rule.example.empty()) return out;
  out += " like ";
  if (rule.kind == FormatKind::kString) out += '"';
  out += rule.example;
  if (rule.kind == FormatKind::kString) out += '"';
  out += rule.also;
  return out;
}

}  // namespace tokenguard::detail
