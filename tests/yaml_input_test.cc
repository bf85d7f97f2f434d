// YAML documents as JSON: the core schema's scalars, and what JSON cannot
// say refused with its line and column.
#include "yaml_input.h"

#include <gtest/gtest.h>

#include <string>

namespace tokenguard::detail {
namespace {

using json = nlohmann::json;

json yaml(std::string_view text) {
  std::string error;
  const auto v = parse_yaml(text, error);
  EXPECT_TRUE(v.has_value()) << error;
  return v.value_or(json());
}
std::string yaml_error(std::string_view text, const YamlLimits& limits = {}) {
  std::string error;
  EXPECT_FALSE(parse_yaml(text, error, limits).has_value()) << text;
  return error;
}

TEST(Yaml, PlainScalarsFollowTheCoreSchema) {
  EXPECT_EQ(yaml("[~, null, true, False, 12, -3, 0x1F, 0o17, 1.5, 1e3, hello]"),
            json::parse(R"([null, null, true, false, 12, -3, 31, 15, 1.5, 1000.0, "hello"])"));
}
TEST(Yaml, QuotedScalarsStayStrings) { EXPECT_EQ(yaml("['12', \"true\", 'null']"), json::parse(R"(["12","true","null"])")); }
TEST(Yaml, NumericKeysAreTheirText) { EXPECT_EQ(yaml("200: ok\n4xx: no\n"), json::parse(R"({"200":"ok","4xx":"no"})")); }
TEST(Yaml, BlockScalarsAreStrings) { EXPECT_EQ(yaml("a: |\n  line 1\n  line 2\n"), json::parse(R"({"a":"line 1\nline 2\n"})")); }
TEST(Yaml, AliasesExpand) { EXPECT_EQ(yaml("a: &x {n: 1}\nb: *x\n"), json::parse(R"({"a":{"n":1},"b":{"n":1}})")); }
TEST(Yaml, CoreTagsAreRead) { EXPECT_EQ(yaml("a: !!str 12\n"), json::parse(R"({"a":"12"})")); }
TEST(Yaml, RejectsDuplicateKeysWithLineAndColumn) {
  const std::string e = yaml_error("a: 1\nb: 2\na: 3\n");
  EXPECT_NE(e.find("line 3, column 1"), std::string::npos) << e;
  EXPECT_NE(e.find("duplicate key \"a\""), std::string::npos) << e;
}
TEST(Yaml, RejectsCollectionKeys) { EXPECT_NE(yaml_error("? [a]\n: 1\n").find("key"), std::string::npos); }
TEST(Yaml, RejectsInfinity) { EXPECT_NE(yaml_error("a: .inf\n").find("number"), std::string::npos); }
TEST(Yaml, RejectsASecondDocument) { EXPECT_NE(yaml_error("a: 1\n---\nb: 2\n").find("more than one"), std::string::npos); }
TEST(Yaml, RejectsUnknownTags) { EXPECT_NE(yaml_error("a: !custom x\n").find("tag"), std::string::npos); }
TEST(Yaml, SyntaxErrorsHaveLineAndColumn) {
  const std::string e = yaml_error("a: [1, 2\nb: 3\n");
  EXPECT_NE(e.find("line "), std::string::npos) << e;
}
TEST(Yaml, BillionLaughsStopsAtTheNodeLimit) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    text += "]\n";
  }
  const std::string e = yaml_error(text);
  EXPECT_NE(e.find("expands to more than"), std::string::npos) << e;
}
TEST(Yaml, DepthIsBounded) {
  YamlLimits limits;
  limits.max_depth = 16;
  EXPECT_NE(yaml_error(std::string(40, '[') + std::string(40, ']'), limits).find("nested"), std::string::npos);
}
TEST(DocumentText, JsonGoesToTheStrictJsonParser) {
  std::string error;
  EXPECT_FALSE(parse_document_text(R"({"a":1,"a":2})", error).has_value());
  EXPECT_NE(error.find("appears twice"), std::string::npos) << error;
}
TEST(DocumentText, AnythingElseIsYaml) {
  std::string error;
  const auto v = parse_document_text("openapi: 3.1.0\n", error);
  ASSERT_TRUE(v.has_value()) << error;
  EXPECT_EQ((*v)["openapi"], "3.1.0");
}

}  // namespace
}  // namespace tokenguard::detail
