// The format grammars of src/formats/ and the table of src/schema/formats.cc,
// one case per test. (The JSON-Schema-Test-Suite's optional format cases
// run in json_schema_suite_test.cc.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "formats/grammars.h"
#include "schema/formats.h"
#include "tokenguard/schema.h"

namespace tokenguard {
namespace {

using namespace formats;  // NOLINT(google-build-using-namespace): the grammars under test
using json = nlohmann::json;

std::string why_of(bool (*grammar)(std::string_view, ParseError*) noexcept, std::string_view s) {
  ParseError why;
  EXPECT_FALSE(grammar(s, &why)) << s;
  return why.message();
}

TEST(Hostname, AcceptsDottedLabels) { EXPECT_TRUE(is_hostname("api.example.com", nullptr)); }
TEST(Hostname, AcceptsSingleLabel) { EXPECT_TRUE(is_hostname("localhost", nullptr)); }
TEST(Hostname, RejectsEmpty) { EXPECT_FALSE(is_hostname("", nullptr)); }
TEST(Hostname, RejectsTrailingDot) { EXPECT_FALSE(is_hostname("example.com.", nullptr)); }
TEST(Hostname, RejectsUnderscore) { EXPECT_NE(why_of(is_hostname, "a_b").find("offset 1"), std::string::npos); }
TEST(Hostname, RejectsLeadingHyphen) { EXPECT_FALSE(is_hostname("-a.com", nullptr)); }
TEST(Hostname, Rejects64CharacterLabel) { EXPECT_FALSE(is_hostname(std::string(64, 'a') + ".com", nullptr)); }
TEST(Hostname, Accepts63CharacterLabel) { EXPECT_TRUE(is_hostname(std::string(63, 'a') + ".com", nullptr)); }
TEST(Hostname, Rejects254Characters) {
  std::string name;
  while (name.size() < 254) name += "abcdefghi.";
  name.resize(254);
  if (name.back() == '.') name.back() = 'a';
  EXPECT_FALSE(is_hostname(name, nullptr));
}
TEST(Hostname, AcceptsValidALabel) { EXPECT_TRUE(is_hostname("xn--bcher-kva.example", nullptr)); }
TEST(Hostname, RejectsInvalidPunycode) { EXPECT_FALSE(is_hostname("xn--X", nullptr)); }
TEST(Hostname, RejectsReservedHyphens) { EXPECT_FALSE(is_hostname("ab--cd.example", nullptr)); }
TEST(Hostname, Rfc1123AcceptsReservedHyphens) { EXPECT_TRUE(is_rfc1123_hostname("ab--cd.example", nullptr)); }
TEST(Hostname, RejectsNonCanonicalPunycode) { EXPECT_FALSE(is_hostname("xn---9uc", nullptr)); }
TEST(Hostname, RejectsALabelOfAsciiOnly) { EXPECT_FALSE(is_hostname("xn--example-", nullptr)); }
TEST(Hostname, RejectsNonAscii) { EXPECT_FALSE(is_hostname("b\xC3\xBC" "cher.example", nullptr)); }

TEST(IdnHostname, AcceptsULabel) { EXPECT_TRUE(is_idn_hostname("b\xC3\xBC" "cher.example", nullptr)); }
TEST(IdnHostname, AcceptsIdeographicFullStop) { EXPECT_TRUE(is_idn_hostname("a\xE3\x80\x82" "b", nullptr)); }
TEST(IdnHostname, RejectsUppercaseULabel) { EXPECT_FALSE(is_idn_hostname("B\xC3\xBC" "cher", nullptr)); }
TEST(IdnHostname, RejectsLeadingCombiningMark) { EXPECT_FALSE(is_idn_hostname("\xCC\x80hello", nullptr)); }
TEST(IdnHostname, MiddleDotNeedsTwoLs) {
  EXPECT_TRUE(is_idn_hostname("l\xC2\xB7l", nullptr));
  EXPECT_FALSE(is_idn_hostname("a\xC2\xB7l", nullptr));
}
TEST(IdnHostname, ZeroWidthJoinerNeedsVirama) {
  EXPECT_TRUE(is_idn_hostname("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7", nullptr));
  EXPECT_FALSE(is_idn_hostname("\xE0\xA4\x95\xE2\x80\x8D\xE0\xA4\xB7", nullptr));
}
TEST(IdnHostname, BidiRuleAppliesToEveryLabel) { EXPECT_FALSE(is_idn_hostname("0a.\xD7\x90", nullptr)); }
TEST(IdnHostname, RejectsLabelLongInALabelForm) {
  std::string label;
  for (int i = 0; i < 58; ++i) label += "\xC3\xBC";
  EXPECT_FALSE(is_idn_hostname(label, nullptr));
}

TEST(Email, AcceptsPlainAddress) { EXPECT_TRUE(is_email("joe.bloggs@example.com", nullptr)); }
TEST(Email, AcceptsQuotedLocalPart) { EXPECT_TRUE(is_email("\"joe bloggs\"@example.com", nullptr)); }
TEST(Email, AcceptsIpv6Literal) { EXPECT_TRUE(is_email("a@[IPv6:::1]", nullptr)); }
TEST(Email, RejectsDoubleDot) { EXPECT_FALSE(is_email("a..b@example.com", nullptr)); }
TEST(Email, RejectsMissingDomain) { EXPECT_FALSE(is_email("a@", nullptr)); }
TEST(Email, RejectsBadIpv4Literal) { EXPECT_FALSE(is_email("a@[127.0.0.300]", nullptr)); }
TEST(Email, RejectsLocalPartOver64) { EXPECT_FALSE(is_email(std::string(65, 'a') + "@example.com", nullptr)); }
TEST(Email, RejectsNonAsciiLocalPart) { EXPECT_FALSE(is_email("\xC3\xA9@example.com", nullptr)); }
TEST(IdnEmail, AcceptsNonAsciiLocalPartAndDomain) { EXPECT_TRUE(is_idn_email("\xC3\xA9@b\xC3\xBC" "cher.example", nullptr)); }
TEST(IdnEmail, RejectsFullwidthAt) { EXPECT_FALSE(is_idn_email("user\xEF\xBC\xA0" "example.com", nullptr)); }

TEST(Uri, AcceptsHttpUrl) { EXPECT_TRUE(is_uri("http://foo.bar/?baz=qux#quux", nullptr)); }
TEST(Uri, AcceptsUrn) { EXPECT_TRUE(is_uri("urn:oasis:names:specification:docbook:dtd:xml:4.1.2", nullptr)); }
TEST(Uri, AcceptsIpv6Host) { EXPECT_TRUE(is_uri("ldap://[2001:db8::7]/c=GB?objectClass?one", nullptr)); }
TEST(Uri, RejectsRelativeReference) { EXPECT_FALSE(is_uri("/abc", nullptr)); }
TEST(Uri, RejectsSpace) { EXPECT_FALSE(is_uri("http://a b", nullptr)); }
TEST(Uri, RejectsNonAscii) { EXPECT_FALSE(is_uri("https://example.org/\xC2\xAE", nullptr)); }
TEST(Uri, RejectsBadPercentEscape) { EXPECT_FALSE(is_uri("http://example.com/%6G", nullptr)); }
TEST(Uri, RejectsNonNumericPort) { EXPECT_FALSE(is_uri("http://example.com:abc/", nullptr)); }
TEST(Uri, RejectsTwoAtSigns) { EXPECT_FALSE(is_uri_reference("//a@b@example.com/", nullptr)); }
TEST(UriReference, AcceptsEmpty) { EXPECT_TRUE(is_uri_reference("", nullptr)); }
TEST(UriReference, RejectsColonInFirstSegment) { EXPECT_FALSE(is_uri_reference("1:b", nullptr)); }
TEST(UriReference, AcceptsColonAfterDotSegment) { EXPECT_TRUE(is_uri_reference("./this:that", nullptr)); }
TEST(Iri, AcceptsNonAscii) { EXPECT_TRUE(is_iri("http://\xC6\x92\xC3\xB8\xC3\xB8.com/?q=\xCF\x80", nullptr)); }
TEST(Iri, RejectsUnbracketedIpv6) { EXPECT_FALSE(is_iri("http://2001:0db8:85a3::1", nullptr)); }
TEST(IriReference, AcceptsRelative) { EXPECT_TRUE(is_iri_reference("/\xC3\xA2\xCF\x80", nullptr)); }

TEST(UriTemplate, AcceptsExpressions) { EXPECT_TRUE(is_uri_template("/users/{id}{?q,limit:10}{&x*}", nullptr)); }
TEST(UriTemplate, RejectsUnclosedExpression) { EXPECT_FALSE(is_uri_template("/users/{id", nullptr)); }
TEST(UriTemplate, RejectsReservedOperator) { EXPECT_FALSE(is_uri_template("{=x}", nullptr)); }
TEST(UriTemplate, RejectsZeroPrefix) { EXPECT_FALSE(is_uri_template("{v:0}", nullptr)); }

TEST(JsonPointer, AcceptsEscapes) { EXPECT_TRUE(is_json_pointer("/a~0b/c~1d", nullptr)); }
TEST(JsonPointer, RejectsBareTilde) { EXPECT_FALSE(is_json_pointer("/a~", nullptr)); }
TEST(JsonPointer, RejectsNoLeadingSlash) { EXPECT_FALSE(is_json_pointer("a", nullptr)); }
TEST(RelativeJsonPointer, AcceptsHash) { EXPECT_TRUE(is_relative_json_pointer("0#", nullptr)); }
TEST(RelativeJsonPointer, RejectsLeadingZero) { EXPECT_FALSE(is_relative_json_pointer("01/a", nullptr)); }

TEST(IsoDuration, AcceptsEveryComponent) { EXPECT_TRUE(is_iso_duration("P1Y2M3DT4H5M6S", nullptr)); }
TEST(IsoDuration, AcceptsWeeksAlone) { EXPECT_TRUE(is_iso_duration("P2W", nullptr)); }
TEST(IsoDuration, RejectsWeeksWithOthers) { EXPECT_FALSE(is_iso_duration("P1Y2W", nullptr)); }
TEST(IsoDuration, RejectsSkippedUnit) { EXPECT_FALSE(is_iso_duration("P1Y2D", nullptr)); }
TEST(IsoDuration, RejectsOutOfOrder) { EXPECT_FALSE(is_iso_duration("P2D1Y", nullptr)); }
TEST(IsoDuration, RejectsEmptyTime) { EXPECT_FALSE(is_iso_duration("P1YT", nullptr)); }
TEST(IsoDuration, RejectsFraction) { EXPECT_FALSE(is_iso_duration("PT0.5S", nullptr)); }
TEST(IsoDuration, RejectsGoSpelling) { EXPECT_FALSE(is_iso_duration("2h45m", nullptr)); }

TEST(Base64, AcceptsPadded) { EXPECT_TRUE(is_base64("aGk=", nullptr)); }
TEST(Base64, AcceptsEmpty) { EXPECT_TRUE(is_base64("", nullptr)); }
TEST(Base64, RejectsUnpadded) { EXPECT_FALSE(is_base64("aGk", nullptr)); }
TEST(Base64, RejectsPaddingInside) { EXPECT_FALSE(is_base64("a=Gk", nullptr)); }
TEST(Base64, RejectsUrlAlphabet) { EXPECT_FALSE(is_base64("a-_k", nullptr)); }

TEST(FormatTable, EveryExampleHolds) {
  for (const auto& rule : detail::format_rules()) {
    if (rule.kind == detail::FormatKind::kString) {
      ASSERT_NE(rule.string_holds, nullptr) << rule.name;
      ASSERT_NE(rule.string_verdict, nullptr) << rule.name;
      EXPECT_TRUE(rule.string_holds(rule.example, nullptr)) << rule.name << ": " << rule.example;
      EXPECT_TRUE(rule.string_verdict(rule.example)) << rule.name << ": " << rule.example;
    } else if (rule.kind == detail::FormatKind::kNumber) {
      ASSERT_NE(rule.number_holds, nullptr) << rule.name;
      const json example = json::parse(rule.example);
      EXPECT_TRUE(rule.number_holds(detail::JsonView(example).number())) << rule.name;
    }
  }
}
TEST(FormatTable, NamesAreUnique) {
  const auto rules = detail::format_rules();
  for (std::size_t i = 0; i < rules.size(); ++i)
    for (std::size_t j = i + 1; j < rules.size(); ++j) EXPECT_NE(rules[i].name, rules[j].name);
}
TEST(FormatTable, UnknownNameIsNull) { EXPECT_EQ(detail::find_format("date-span"), nullptr); }

Schema openapi_schema(const char* schema) {
  return Schema::compile(json::parse(std::string(R"({"openapi":"3.0.3","components":{"schemas":{"X":)") + schema + "}}}"),
                         "/components/schemas/X");
}
TEST(NumericFormat, Int32RejectsOutOfRange) {
  const Schema s = openapi_schema(R"({"type":"integer","format":"int32"})");
  EXPECT_TRUE(validate(s, json(2147483647)).valid);
  const auto r = validate(s, json(99999999999));
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.at(0).code, "TG_FORMAT");
  EXPECT_NE(r.findings.at(0).message.find("32-bit"), std::string::npos);
}
TEST(NumericFormat, Int64RejectsAbove2To63) {
  const Schema s = openapi_schema(R"({"type":"integer","format":"int64"})");
  EXPECT_TRUE(validate(s, json(9223372036854775807LL)).valid);
  EXPECT_FALSE(validate(s, json(9223372036854775808ULL)).valid);
}
TEST(NumericFormat, FloatRejectsBeyondFloatRange) {
  const Schema s = openapi_schema(R"({"type":"number","format":"float"})");
  EXPECT_TRUE(validate(s, json(1.5)).valid);
  EXPECT_FALSE(validate(s, json(1e39)).valid);
}
TEST(NumericFormat, IgnoresStrings) {
  EXPECT_TRUE(validate(Schema::compile(json::parse(R"({"format":"int32"})")), json("99999999999")).valid);
}
TEST(StringFormat, EmailAssertsInOpenApi) {
  const Schema s = openapi_schema(R"({"type":"string","format":"email"})");
  EXPECT_TRUE(validate(s, json("a@example.com")).valid);
  EXPECT_FALSE(validate(s, json("not an email")).valid);
}
TEST(StringFormat, AnnotationOptionTurnsAssertionsOff) {
  SchemaOptions o;
  o.formats = SchemaOptions::Formats::kAnnotate;
  const Schema s = Schema::compile(json::parse(R"({"format":"email"})"), "", o);
  EXPECT_TRUE(validate(s, json("not an email")).valid);
}
TEST(StringFormat, Draft2020AnnotatesUnlessAsked) {
  const Schema s =
      Schema::compile(json::parse(R"({"$schema":"https://json-schema.org/draft/2020-12/schema","format":"email"})"));
  EXPECT_TRUE(validate(s, json("not an email")).valid);
}
TEST(StringFormat, PasswordAndBinaryAreKnownAnnotations) {
  const Schema s = openapi_schema(R"({"properties":{"p":{"format":"password"},"b":{"format":"binary"}}})");
  EXPECT_TRUE(s.diagnostics().empty());
  EXPECT_TRUE(validate(s, json::parse(R"({"p":"x","b":"y"})")).valid);
}

}  // namespace
}  // namespace tokenguard
