// ECMA-262 patterns: the rewrite into RE2's spelling, the PCRE2 fallback
// and its limit, and what neither engine accepts.
#include "schema/patterns.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tokenguard/schema.h"

namespace tokenguard::detail {
namespace {

using Match = Pattern::Match;
using Engine = Pattern::Engine;

Match search(std::string_view pattern, std::string_view text) {
  const Pattern p = Pattern::compile(pattern);
  EXPECT_TRUE(p.ok()) << pattern << ": " << p.error();
  return p.search(text);
}
bool matches(std::string_view pattern, std::string_view text) { return search(pattern, text) == Match::kYes; }
Engine engine_of(std::string_view pattern) { return Pattern::compile(pattern).engine(); }

TEST(Pattern, PlainPatternUsesRe2) { EXPECT_EQ(engine_of("^[a-z]+$"), Engine::kRe2); }
TEST(Pattern, SearchIsUnanchored) { EXPECT_TRUE(matches("b", "abc")); }
TEST(Pattern, NamedGroupIsRewrittenForRe2) {
  EXPECT_EQ(engine_of("^(?<token_config_id>[0-9a-f]{32})$"), Engine::kRe2);
  EXPECT_TRUE(matches("^(?<id>[0-9a-f]{4})$", "beef"));
}
TEST(Pattern, LookaheadGoesToPcre2) {
  EXPECT_EQ(engine_of("^(?=.*[A-Z]).{4,}$"), Engine::kPcre2);
  EXPECT_TRUE(matches("^(?=.*[A-Z]).{4,}$", "abCd"));
  EXPECT_FALSE(matches("^(?=.*[A-Z]).{4,}$", "abcd"));
}
TEST(Pattern, NegativeLookbehindGoesToPcre2) {
  EXPECT_TRUE(matches("(?<!x)y", "ay"));
  EXPECT_FALSE(matches("(?<!x)y", "xy"));
}
TEST(Pattern, BackreferenceGoesToPcre2) {
  EXPECT_EQ(engine_of("^(a|b)\\1$"), Engine::kPcre2);
  EXPECT_TRUE(matches("^(a|b)\\1$", "bb"));
  EXPECT_FALSE(matches("^(a|b)\\1$", "ab"));
}
TEST(Pattern, NamedBackreferenceGoesToPcre2) { EXPECT_TRUE(matches("^(?<q>['\"]).*\\k<q>$", "'x'")); }
TEST(Pattern, RepeatCountAbove1000GoesToPcre2) {
  EXPECT_EQ(engine_of("^a{1001}$"), Engine::kPcre2);
  EXPECT_TRUE(matches("^a{1001}$", std::string(1001, 'a')));
}
TEST(Pattern, LongGeneralCategoryName) {
  EXPECT_TRUE(matches("^\\p{Letter}+$", "\xC3\xA9t\xC3\xA9"));  // "été"
  EXPECT_FALSE(matches("^\\p{Letter}+$", "a1"));
}
TEST(Pattern, GeneralCategoryKeyValue) { EXPECT_TRUE(matches("^\\p{General_Category=Decimal_Number}$", "7")); }
TEST(Pattern, ScriptKeyValue) {
  EXPECT_TRUE(matches("^\\p{Script=Greek}+$", "\xCE\xB1\xCE\xB2"));  // "αβ"
  EXPECT_FALSE(matches("^\\p{sc=Greek}+$", "ab"));
}
TEST(Pattern, NegatedProperty) { EXPECT_TRUE(matches("^\\P{L}$", "1")); }
TEST(Pattern, AsciiProperty) {
  EXPECT_TRUE(matches("^\\p{ASCII}+$", "abc"));
  EXPECT_FALSE(matches("^\\p{ASCII}+$", "\xC3\xA9"));
}
TEST(Pattern, SpaceIncludesUnicodeSpaces) {
  EXPECT_TRUE(matches("^\\s$", "\xC2\xA0"));      // U+00A0
  EXPECT_TRUE(matches("^\\s$", "\xE2\x80\xA8"));  // U+2028
  EXPECT_TRUE(matches("^\\s$", "\xEF\xBB\xBF"));  // U+FEFF
  EXPECT_FALSE(matches("^\\s$", "a"));
}
TEST(Pattern, NonSpaceExcludesUnicodeSpaces) {
  EXPECT_FALSE(matches("^\\S$", "\xE3\x80\x80"));  // U+3000
  EXPECT_TRUE(matches("^\\S$", "x"));
}
TEST(Pattern, SpaceClassesInsideBrackets) {
  EXPECT_TRUE(matches("^[\\s,]+$", " ,\xC2\xA0"));
  EXPECT_TRUE(matches("^[\\S]$", "x"));
  EXPECT_FALSE(matches("^[\\S]$", "\xC2\xA0"));
}
TEST(Pattern, DotExcludesEveryLineTerminator) {
  EXPECT_FALSE(matches("^.$", "\n"));
  EXPECT_FALSE(matches("^.$", "\r"));
  EXPECT_FALSE(matches("^.$", "\xE2\x80\xA9"));  // U+2029
  EXPECT_TRUE(matches("^.$", "\xF0\x9F\x98\x80"));  // one code point, four bytes
}
TEST(Pattern, DollarIsTheEndOfTextInBothEngines) {
  EXPECT_FALSE(matches("^a$", "a\n"));
  EXPECT_FALSE(matches("^(?=a)a$", "a\n"));
}
TEST(Pattern, DigitAndWordStayAscii) {
  EXPECT_FALSE(matches("^\\d$", "\xD9\xA3"));  // ARABIC-INDIC DIGIT THREE
  EXPECT_FALSE(matches("^\\w$", "\xC3\xA9"));
  EXPECT_FALSE(matches("^(?=x)?\\w$", "\xC3\xA9"));
}
TEST(Pattern, UnicodeEscapes) {
  EXPECT_TRUE(matches("^\\u00e9$", "\xC3\xA9"));
  EXPECT_TRUE(matches("^\\uD83D\\uDE00$", "\xF0\x9F\x98\x80"));
  EXPECT_TRUE(matches("^\\u{1F600}$", "\xF0\x9F\x98\x80"));
  EXPECT_TRUE(matches("^\\x41$", "A"));
}
TEST(Pattern, ControlEscape) { EXPECT_TRUE(matches("^\\cJ$", "\n")); }
TEST(Pattern, EmptyClassMatchesNothing) { EXPECT_FALSE(matches("[]", "anything")); }
TEST(Pattern, NegatedEmptyClassMatchesAnything) { EXPECT_TRUE(matches("^[^]$", "\n")); }
TEST(Pattern, OpenBracketInsideClassIsLiteral) {
  EXPECT_TRUE(matches("^[[:a]+$", "[:a"));
  EXPECT_FALSE(matches("^[[:alpha:]]$", "b"));  // not a POSIX class in ECMA-262
}
TEST(Pattern, BackspaceInsideClass) { EXPECT_TRUE(matches("^[\\b]$", "\b")); }
TEST(Pattern, EscapedSlashIsASlash) { EXPECT_TRUE(matches("^a\\/b$", "a/b")); }
TEST(Pattern, RejectsUnknownLetterEscape) {
  const Pattern p = Pattern::compile("\\a");
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.error().find("not an ECMA-262 escape"), std::string::npos);
}
TEST(Pattern, RejectsLoneSurrogate) { EXPECT_FALSE(Pattern::compile("\\uD800").ok()); }
TEST(Pattern, RejectsUnclosedGroup) { EXPECT_FALSE(Pattern::compile("(ab").ok()); }
TEST(Pattern, RejectsUnclosedClass) { EXPECT_FALSE(Pattern::compile("[ab").ok()); }
TEST(Pattern, RejectsTrailingBackslash) { EXPECT_FALSE(Pattern::compile("ab\\").ok()); }
TEST(Pattern, RejectsOctalEscape) { EXPECT_FALSE(Pattern::compile("\\01").ok()); }
TEST(Pattern, UnknownPropertyIsRefusedByBothEngines) {
  const Pattern p = Pattern::compile("\\p{NoSuchProperty}");
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.error().find("PCRE2"), std::string::npos);
}
TEST(Pattern, HostileBacktrackingStopsAtTheLimit) {
  // Catastrophic backtracking, forced onto PCRE2 by the lookahead.
  const Pattern p = Pattern::compile("^(?=(a|a)*$)");
  ASSERT_EQ(p.engine(), Engine::kPcre2);
  EXPECT_EQ(p.search(std::string(64, 'a') + "!"), Match::kLimit);
}
TEST(Pattern, QuantifierWithLeadingZerosMeansTheSameInBothEngines) {
  EXPECT_TRUE(matches("^a{002}$", "aa"));
  EXPECT_TRUE(matches("^(?=a)a{002}$", "aa"));
}
TEST(Pattern, BraceThatIsNoQuantifierIsALiteral) {
  EXPECT_TRUE(matches("^a{,5}$", "a{,5}"));
  EXPECT_TRUE(matches("^(?=a)a{x}$", "a{x}"));
}
TEST(Pattern, IsEcmaRegex) {
  EXPECT_TRUE(is_ecma_regex("^[a-z]+(?<n>x)$"));
  EXPECT_FALSE(is_ecma_regex("^(abc]"));
  EXPECT_FALSE(is_ecma_regex("\\a"));
}

TEST(SchemaPattern, UncheckedPatternIsADiagnosticAndAWarning) {
  const auto doc = nlohmann::json::parse(
      R"({"properties":{"a":{"pattern":"\\p{NoSuchProperty}"},"b":{"type":"integer"}}})");
  const Schema s = Schema::compile(doc);
  ASSERT_TRUE(s.ok()) << s.error();
  ASSERT_EQ(s.diagnostics().size(), 1u);
  EXPECT_EQ(s.diagnostics()[0].keyword, "pattern");
  EXPECT_EQ(s.diagnostics()[0].location, "#/properties/a/pattern");
  const ValidationResult r = validate(s, nlohmann::json::parse(R"({"a":"x","b":"no"})"));
  EXPECT_FALSE(r.valid);
  bool warned = false, typed = false;
  for (const auto& f : r.findings) {
    warned = warned || (f.code == "TG_PATTERN_UNCHECKED" && f.severity == Severity::kWarning && f.pointer == "/a");
    typed = typed || f.code == "TG_TYPE";
  }
  EXPECT_TRUE(warned);
  EXPECT_TRUE(typed);
  EXPECT_TRUE(validate(s, nlohmann::json::parse(R"js({"a":"x","b":1})js")).valid);
}
TEST(SchemaPattern, LimitIsAnError) {
  const Schema s = Schema::compile(nlohmann::json::parse(R"js({"pattern":"^(?=(a|a)*$)"})js"));
  ASSERT_TRUE(s.ok());
  const ValidationResult r = validate(s, std::string(64, 'a') + "!");
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.at(0).code, "TG_PATTERN_LIMIT");
}
TEST(SchemaPattern, MatchLimitIsAnOption) {
  SchemaOptions o;
  o.pattern_match_limit = 10;
  const Schema s = Schema::compile(nlohmann::json::parse(R"js({"pattern":"^(?=(a|a)*$)|!"})js"), "", o);
  const Schema unlimited = Schema::compile(nlohmann::json::parse(R"js({"pattern":"^(?=(a|a)*$)|!"})js"));
  // 2^16 paths: decided within the default limit, not within 10 steps.
  const std::string text = std::string(16, 'a') + "!";
  EXPECT_TRUE(validate(unlimited, text).valid);
  const ValidationResult r = validate(s, text);
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.at(0).code, "TG_PATTERN_LIMIT");
}
TEST(SchemaPattern, PatternPropertiesWithLookahead) {
  const Schema s = Schema::compile(nlohmann::json::parse(
      R"js({"patternProperties":{"^(?!x-)":{"type":"integer"}},"additionalProperties":{"type":"string"}})js"));
  EXPECT_TRUE(validate(s, nlohmann::json::parse(R"js({"a":1,"x-b":"s"})js")).valid);
  EXPECT_FALSE(validate(s, nlohmann::json::parse(R"js({"a":"s"})js")).valid);
}

}  // namespace
}  // namespace tokenguard::detail
