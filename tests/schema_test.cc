// Single-case tests of the schema engine: keywords, OpenAPI semantics,
// findings, secrets, and the inputs that crash valijson 1.0.
#include "tokenguard/schema.h"

#include <gtest/gtest.h>

#include <string>

namespace tokenguard {
namespace {

using json = nlohmann::json;

Schema compile(const char* text, std::string_view pointer = "", Dialect d = Dialect::kAuto) {
  SchemaOptions o;
  o.dialect = d;
  Schema s = Schema::compile(json::parse(text), pointer, o);
  EXPECT_TRUE(s.ok()) << s.error();
  return s;
}

ValidationResult check(const Schema& s, const char* instance, Direction dir = Direction::kAny) {
  ValidateOptions o;
  o.direction = dir;
  return validate(s, json::parse(instance), o);
}

const Finding* first(const ValidationResult& r) { return r.findings.empty() ? nullptr : &r.findings.front(); }

TEST(Schema, AcceptsMatchingObject) {
  EXPECT_TRUE(check(compile(R"({"type":"object","properties":{"a":{"type":"string"}}})"), R"({"a":"x"})").valid);
}
TEST(Schema, ReportsWrongTypeWithPointer) {
  const auto r = check(compile(R"({"properties":{"a":{"type":"string"}}})"), R"({"a":1})");
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(first(r)->pointer, "/a");
  EXPECT_EQ(first(r)->code, "TG_TYPE");
  EXPECT_EQ(first(r)->message, "expected string, got integer");
}
TEST(Schema, EscapesPointerTokens) {
  const auto r = check(compile(R"({"properties":{"a/b~c":{"type":"string"}}})"), R"({"a/b~c":1})");
  EXPECT_EQ(first(r)->pointer, "/a~1b~0c");
}
TEST(Schema, PointsIntoArrays) {
  const auto r = check(compile(R"({"items":{"type":"integer"}})"), R"([1,2,"x"])");
  EXPECT_EQ(first(r)->pointer, "/2");
}
// `items` as an array is a tuple even when empty (drafts 4 to 2019-09):
// additionalItems then applies to every item, as valijson reads it.
TEST(Schema, EmptyItemsTupleLeavesEveryItemToAdditionalItems) {
  for (const Dialect d : {Dialect::kDraft4, Dialect::kDraft7, Dialect::kDraft2019}) {
    const Schema integers = compile(R"({"items":[],"additionalItems":{"type":"integer"}})", "", d);
    EXPECT_TRUE(check(integers, "[1,2]").valid);
    const auto r = check(integers, R"([null,2,3,"foo"])");
    EXPECT_FALSE(r.valid);
    ASSERT_EQ(r.findings.size(), 2u);
    EXPECT_EQ(r.findings[0].pointer, "/0");
    EXPECT_EQ(r.findings[1].pointer, "/3");
    EXPECT_FALSE(is_valid(integers, json::parse(R"([null])")));
    const Schema none = compile(R"({"items":[],"additionalItems":false})", "", d);
    EXPECT_TRUE(check(none, "[]").valid);
    EXPECT_FALSE(check(none, R"(["a"])").valid);
  }
}
TEST(Schema, ReportsMissingRequiredAtTheObject) {
  const auto r = check(compile(R"({"properties":{"result":{"required":["id"]}}})"), R"({"result":{}})");
  EXPECT_EQ(first(r)->pointer, "/result");
  EXPECT_EQ(first(r)->message, "missing required property \"id\"");
}
TEST(Schema, CollectsAllFindings) {
  const auto r = check(compile(R"({"properties":{"a":{"type":"string"},"b":{"type":"string"}}})"), R"({"a":1,"b":2})");
  EXPECT_EQ(r.findings.size(), 2u);
}
TEST(Schema, FailFastStopsAtTheFirstError) {
  ValidateOptions o;
  o.fail_fast = true;
  const auto r = validate(compile(R"({"properties":{"a":{"type":"string"},"b":{"type":"string"}}})"),
                          json::parse(R"({"a":1,"b":2})"), o);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.findings.size(), 1u);
}
TEST(Schema, GoDurationFormatExplainsTheUnit) {
  const auto r = check(compile(R"({"properties":{"duration":{"type":"string","format":"go-duration-or-forever"}}})"),
                       R"({"duration":"1d"})");
  EXPECT_EQ(first(r)->message, "expected a Go duration like \"2h45m\" or \"forever\": unknown unit \"d\" at offset 1");
}
TEST(Schema, GoDurationOrForeverAcceptsForever) {
  EXPECT_TRUE(check(compile(R"({"format":"go-duration-or-forever"})"), R"("forever")").valid);
}
TEST(Schema, GoDurationRejectsForever) { EXPECT_FALSE(check(compile(R"({"format":"go-duration"})"), R"("forever")").valid); }
TEST(Schema, CidrFormatRejectsSlash33) {
  EXPECT_FALSE(check(compile(R"({"items":{"format":"cidr"}})"), R"(["10.0.0.1/33"])").valid);
}
TEST(Schema, DateTimeFormatUsesTheRfc3339Grammar) {
  EXPECT_FALSE(check(compile(R"({"format":"date-time"})"), R"("2020-02-30T00:00:00Z")").valid);
  EXPECT_TRUE(check(compile(R"({"format":"date-time"})"), R"("1998-12-31T23:59:60Z")").valid);
}
TEST(Schema, UnknownFormatsAreAcceptedListedAndDiagnosed) {
  const Schema s = compile(R"({"properties":{"a":{"format":"date-span"},"b":{"format":"date-span"}}})");
  EXPECT_TRUE(check(s, R"({"a":"anything"})").valid);
  ASSERT_EQ(s.unknown_formats().size(), 1u);
  EXPECT_EQ(s.unknown_formats()[0], "date-span");
  ASSERT_EQ(s.diagnostics().size(), 2u);
  EXPECT_EQ(s.diagnostics()[1].location, "#/properties/b/format");
  EXPECT_EQ(s.diagnostics()[1].keyword, "format");
}
TEST(Schema, NeverEchoesASecretValue) {
  const auto r = check(compile(R"({"properties":{"client_secret":{"format":"go-duration","maxLength":3}}})"),
                       R"({"client_secret":"s3cr3t-value"})");
  ASSERT_FALSE(r.valid);
  for (const auto& f : r.findings) EXPECT_EQ(f.message.find("s3cr3t"), std::string::npos) << f.message;
}
TEST(Schema, ClosedObjectRejectsUnknownProperty) {
  const auto r = check(compile(R"({"properties":{"a":{}},"additionalProperties":false})"), R"({"a":1,"zz":2})");
  EXPECT_EQ(first(r)->pointer, "/zz");
  EXPECT_EQ(first(r)->code, "TG_ADDITIONAL_PROPERTY");
}
TEST(Schema, PatternUsesRe2) {
  EXPECT_TRUE(check(compile(R"({"pattern":"^[a-z]+$"})"), R"("abc")").valid);
  EXPECT_FALSE(check(compile(R"({"pattern":"^[a-z]+$"})"), R"("abC")").valid);
}
TEST(Schema, LookaheadPatternCompiles) {
  const Schema s = Schema::compile(json::parse(R"js({"pattern":"(?=a)"})js"));
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_TRUE(s.diagnostics().empty());
}
TEST(Schema, RemoteRefIsACompileError) {
  EXPECT_FALSE(Schema::compile(json::parse(R"({"$ref":"http://example.com/x.json"})")).ok());
}
TEST(Schema, MissingRefTargetIsACompileError) {
  EXPECT_FALSE(Schema::compile(json::parse(R"({"$ref":"#/definitions/nope"})")).ok());
}
TEST(Schema, CompilesAtAPointer) {
  const Schema s = compile(R"({"components":{"schemas":{"A":{"type":"integer"}}}})", "/components/schemas/A");
  EXPECT_TRUE(check(s, "3").valid);
  EXPECT_FALSE(check(s, "\"3\"").valid);
}

// --- OpenAPI 3.0
constexpr const char* kOpenApi = R"({
  "openapi": "3.0.3",
  "components": {"schemas": {
    "Token": {"type": "object", "required": ["id", "name"],
              "properties": {"id": {"type": "string", "readOnly": true},
                             "name": {"type": "string", "maxLength": 120},
                             "secret": {"type": "string", "writeOnly": true},
                             "description": {"type": "string", "nullable": true}}},
    "Base": {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": false},
    "Wrapped": {"allOf": [{"$ref": "#/components/schemas/Base"},
                          {"type": "object", "properties": {"name": {"type": "string"}}}]}
  }}})";

TEST(OpenApi, NullableAcceptsNull) {
  EXPECT_TRUE(check(compile(kOpenApi, "/components/schemas/Token"), R"({"id":"1","name":"a","description":null})").valid);
}
TEST(OpenApi, NotNullableRejectsNull) {
  EXPECT_FALSE(check(compile(kOpenApi, "/components/schemas/Token"), R"({"id":"1","name":null})").valid);
}
TEST(OpenApi, ReadOnlyRequiredAppliesToResponsesOnly) {
  const Schema s = compile(kOpenApi, "/components/schemas/Token");
  EXPECT_TRUE(check(s, R"({"name":"a"})", Direction::kRequest).valid);
  EXPECT_FALSE(check(s, R"({"name":"a"})", Direction::kResponse).valid);
}
TEST(OpenApi, ReadOnlyPropertyInRequestIsAWarning) {
  const auto r = check(compile(kOpenApi, "/components/schemas/Token"), R"({"id":"1","name":"a"})", Direction::kRequest);
  EXPECT_TRUE(r.valid);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(r.findings[0].code, "TG_READ_ONLY");
}
TEST(OpenApi, WriteOnlyPropertyInResponseIsAWarning) {
  const auto r = check(compile(kOpenApi, "/components/schemas/Token"), R"({"id":"1","name":"a","secret":"x"})",
                       Direction::kResponse);
  EXPECT_TRUE(r.valid);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TG_WRITE_ONLY");
}
TEST(OpenApi, AllOfBranchesShareTheirProperties) {
  EXPECT_TRUE(check(compile(kOpenApi, "/components/schemas/Wrapped"), R"({"id":"1","name":"a"})").valid);
}
TEST(OpenApi, AllOfStillRejectsUnknownProperties) {
  EXPECT_FALSE(check(compile(kOpenApi, "/components/schemas/Wrapped"), R"({"id":"1","zz":"a"})").valid);
}
TEST(OpenApi, StrictJsonSchemaWouldRejectTheAllOf) {
  SchemaOptions o;
  o.merge_allof_properties = false;
  const Schema s = Schema::compile(json::parse(kOpenApi), "/components/schemas/Wrapped", o);
  EXPECT_FALSE(check(s, R"({"id":"1","name":"a"})").valid);
}
TEST(OpenApi, FloatWithZeroFractionIsNotAnInteger) {
  EXPECT_FALSE(check(compile(R"({"openapi":"3.0.3","x":{"type":"integer"}})", "/x"), "1.0").valid);
}
TEST(Draft7, FloatWithZeroFractionIsAnInteger) { EXPECT_TRUE(check(compile(R"({"type":"integer"})"), "1.0").valid); }

// --- what the compile-time rewrites and the validator's short paths must keep
TEST(SchemaRewrites, TypeBesideOneAllOfBranchGivesOneTypeFinding) {
  const auto r = check(compile(R"({"type":"object","allOf":[{"type":"object","properties":{"a":{"type":"string"}}}]})"),
                       R"("x")");
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TG_TYPE");
  EXPECT_EQ(r.findings[0].pointer, "");
}
TEST(SchemaRewrites, TypeBesideOneAllOfBranchStillChecksTheBranch) {
  const auto r = check(compile(R"({"type":"object","allOf":[{"type":"object","properties":{"a":{"type":"string"}}}]})"),
                       R"({"a":1})");
  ASSERT_NE(first(r), nullptr);
  EXPECT_EQ(first(r)->pointer, "/a");
}
TEST(SchemaRewrites, DifferentTypeBesideOneAllOfBranchIsKept) {
  // {"type":"string"} beside a branch of type object: nothing is valid.
  EXPECT_FALSE(check(compile(R"({"type":"string","allOf":[{"type":"object"}]})"), R"({})").valid);
  EXPECT_FALSE(check(compile(R"({"type":"string","allOf":[{"type":"object"}]})"), R"("x")").valid);
}
TEST(SchemaRewrites, ReadOnlyReachedThroughARefStillWarns) {
  const auto r = check(compile(R"({"openapi":"3.0.3","components":{"schemas":{
                                  "Id":{"type":"string","readOnly":true},
                                  "T":{"type":"object","properties":{"id":{"$ref":"#/components/schemas/Id"}}}}}})",
                               "/components/schemas/T"),
                       R"({"id":"x"})", Direction::kRequest);
  EXPECT_TRUE(r.valid);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TG_READ_ONLY");
}
TEST(SchemaRewrites, ReadOnlyBesideARefStillWarns) {
  const auto r = check(compile(R"({"openapi":"3.0.3","components":{"schemas":{
                                  "Id":{"type":"string"},
                                  "T":{"type":"object","properties":{"id":{"$ref":"#/components/schemas/Id","readOnly":true}}}}}})",
                               "/components/schemas/T"),
                       R"({"id":"x"})", Direction::kRequest);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TG_READ_ONLY");
}
TEST(SchemaRewrites, PlainStringPropertyStillReportsItsFormat) {
  const auto r = check(compile(R"({"properties":{"d":{"type":"string","format":"go-duration"}}})"), R"({"d":"1d"})");
  ASSERT_NE(first(r), nullptr);
  EXPECT_EQ(first(r)->code, "TG_FORMAT");
  EXPECT_EQ(first(r)->pointer, "/d");
}
TEST(SchemaRewrites, PlainStringItemStillReportsItsType) {
  const auto r = check(compile(R"({"items":{"type":"string","maxLength":2}})"), R"(["ab", 3, "abc"])");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].pointer, "/1");
  EXPECT_EQ(r.findings[0].code, "TG_TYPE");
  EXPECT_EQ(r.findings[1].pointer, "/2");
  EXPECT_EQ(r.findings[1].code, "TG_MAX_LENGTH");
}
TEST(SchemaRewrites, PlainStringPropertyKeepsTheRecursionLimit) {
  const Schema s = compile(R"({"properties":{"a":{"type":"string"}}})");
  ValidateOptions o;
  o.max_depth = 1;
  const auto r = validate(s, json::parse(R"({"a":"x"})"), o);
  EXPECT_FALSE(r.valid);
  ASSERT_NE(first(r), nullptr);
  EXPECT_EQ(first(r)->code, "TG_RECURSION_LIMIT");
  o.max_depth = 2;
  EXPECT_TRUE(validate(s, json::parse(R"({"a":"x"})"), o).valid);
}
TEST(SchemaRewrites, StringEnumRejectsANumber) {
  EXPECT_FALSE(check(compile(R"({"enum":["1"]})"), "1").valid);
  EXPECT_TRUE(check(compile(R"({"enum":["1"]})"), R"("1")").valid);
}
TEST(SchemaRewrites, NumberEnumUsesJsonEquality) { EXPECT_TRUE(check(compile(R"({"enum":[1]})"), "1.0").valid); }
TEST(SchemaRewrites, NullableWithOnlyNullableGivenAcceptsAnything) {
  const Schema s = compile(R"({"openapi":"3.0.3","x":{"nullable":true}})", "/x");
  EXPECT_TRUE(check(s, "null").valid);
  EXPECT_TRUE(check(s, "3").valid);
}
TEST(SchemaRewrites, VerdictAndFindingsAgreeOnAFailingAnyOfBranch) {
  const Schema s = compile(R"({"anyOf":[{"type":"string","minLength":3},{"type":"integer"}]})");
  EXPECT_FALSE(is_valid(s, json::parse(R"("ab")")));
  const auto r = check(s, R"("ab")");
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TG_ANY_OF");
}

// --- the inputs that crash valijson 1.0's Validator
TEST(SchemaHardening, LongStringAgainstPattern) {
  const std::string s(30000, 'a');
  EXPECT_TRUE(validate(compile(R"js({"pattern":"^(a|b)*$"})js"), json(s)).valid);
}
TEST(SchemaHardening, LongStringAgainstFormat) {
  const std::string s(30000, '9');
  EXPECT_FALSE(validate(compile(R"({"format":"date-time"})"), json(s)).valid);
}
TEST(SchemaHardening, RefCycleGivesACleanFinding) {
  const auto r = check(compile(R"({"$ref":"#"})"), "1");
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(first(r)->code, "TG_RECURSION_LIMIT");
}
TEST(SchemaHardening, MutualRefCycle) {
  const auto r = check(compile(R"({"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"})"), "1");
  EXPECT_FALSE(r.valid);
}
TEST(SchemaHardening, DeepInstanceAgainstRecursiveSchema) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "[";
  for (int i = 0; i < 20000; ++i) deep += "]";
  const json v = json::parse(deep);
  const auto r = validate(compile(R"({"items":{"$ref":"#"}})"), v);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(first(r)->code, "TG_RECURSION_LIMIT");
}
TEST(SchemaHardening, EmbeddedNulCountsAgainstMaxLength) {
  EXPECT_FALSE(validate(compile(R"({"maxLength":3})"), json(std::string("ab\0cd", 5))).valid);
  EXPECT_TRUE(validate(compile(R"({"maxLength":5})"), json(std::string("ab\0cd", 5))).valid);
}
// Found by fuzz_validate_schema: a float count past what size_t holds was
// cast out of range (undefined behaviour).
TEST(SchemaHardening, HugeFloatCountIsClampedNotOverflowed) {
  EXPECT_TRUE(check(compile(R"({"minItems": 4.99999999999999999999e35})"), "[]").valid == false);
  EXPECT_TRUE(check(compile(R"({"maxItems": 1e300})"), "[1,2,3]").valid);
}
TEST(SchemaHardening, NegativeOrFractionalCountIsACompileError) {
  EXPECT_FALSE(Schema::compile(json::parse(R"({"minLength": -1})")).ok());
  EXPECT_FALSE(Schema::compile(json::parse(R"({"minLength": 1.5})")).ok());
}
TEST(SchemaHardening, HugeMaxLengthCompiles) {
  EXPECT_TRUE(check(compile(R"({"maxLength":18446744073709551615})"), R"("x")").valid);
}

// Bounds compare integers exactly: 2^53 + 1 and 2^53 are one double.
TEST(Schema, MaximumTellsIntegersApartAboveTwoToThe53) {
  const Schema s = compile(R"({"maximum": 9007199254740992})");
  EXPECT_TRUE(check(s, "9007199254740992").valid);
  const auto r = check(s, "9007199254740993");
  ASSERT_FALSE(r.valid);
  ASSERT_NE(first(r), nullptr);
  EXPECT_EQ(first(r)->message, "must be at most 9007199254740992 (got 9007199254740993)");
}
TEST(Schema, MinimumTellsIntegersApartAboveTwoToThe53) {
  const Schema s = compile(R"({"minimum": 9007199254740993})");
  EXPECT_FALSE(check(s, "9007199254740992").valid);
  EXPECT_TRUE(check(s, "9007199254740993").valid);
}
TEST(Schema, ExclusiveBoundsCompareIntegersExactly) {
  EXPECT_FALSE(check(compile(R"({"exclusiveMaximum": 9007199254740993})"), "9007199254740993").valid);
  EXPECT_TRUE(check(compile(R"({"exclusiveMaximum": 9007199254740993})"), "9007199254740992").valid);
  EXPECT_FALSE(check(compile(R"({"exclusiveMinimum": -9007199254740993})"), "-9007199254740993").valid);
}
TEST(Schema, MaximumAboveInt64MaxHoldsSmallIntegers) {
  EXPECT_TRUE(check(compile(R"({"maximum": 18446744073709551615})"), "25").valid);
  EXPECT_FALSE(check(compile(R"({"maximum": 25})"), "18446744073709551615").valid);
}
TEST(Schema, IntegerAgainstAFractionalBound) {
  EXPECT_FALSE(check(compile(R"({"maximum": 2.5})"), "3").valid);
  EXPECT_TRUE(check(compile(R"({"maximum": 2.5})"), "2").valid);
  EXPECT_FALSE(check(compile(R"({"maximum": 9007199254740992.0})"), "9007199254740993").valid);
}
TEST(Schema, DraftFourBooleanExclusiveBoundStaysExact) {
  const Schema s = compile(R"({"$schema": "http://json-schema.org/draft-04/schema#",
                               "maximum": 9007199254740993, "exclusiveMaximum": true})");
  EXPECT_FALSE(check(s, "9007199254740993").valid);
  EXPECT_TRUE(check(s, "9007199254740992").valid);
}
TEST(Schema, MultipleOfIsExactForIntegersPastTwoToThe53) {
  const Schema three = compile(R"({"multipleOf": 3})");
  EXPECT_TRUE(check(three, "9007199254740993").valid);  // 3 x 3002399751580331; its double is not
  EXPECT_FALSE(check(three, "9007199254740994").valid);
  EXPECT_TRUE(check(three, "18446744073709551615").valid);
  EXPECT_FALSE(check(three, "-9007199254740992").valid);
  EXPECT_TRUE(check(compile(R"({"multipleOf": 2})"), "-9223372036854775808").valid);
  const Schema huge = compile(R"({"multipleOf": 1e20})");
  EXPECT_TRUE(check(huge, "0").valid);
  EXPECT_FALSE(check(huge, "18446744073709551615").valid);
}
TEST(Schema, FractionalNumbersInMessagesAreShortest) {
  const auto r = check(compile(R"({"minimum": 0.5})"), "0.25");
  ASSERT_NE(first(r), nullptr);
  EXPECT_EQ(first(r)->message, "must be at least 0.5 (got 0.25)");
  const auto big = check(compile(R"({"maximum": 1})"), "1e300");
  ASSERT_NE(first(big), nullptr);
  EXPECT_EQ(first(big)->message, "must be at most 1 (got 1e+300)");
}

}  // namespace
}  // namespace tokenguard
