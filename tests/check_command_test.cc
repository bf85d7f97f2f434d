// The `operations`, `check` and `validate` commands, run as the real binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tool_runner.h"

namespace {

using tokenguard::testing::run_tool;
using tokenguard::testing::run_tool_stdout;
using tokenguard::testing::ToolRun;

const std::string kSrc = TOKENGUARD_SOURCE_DIR;
const std::string kEx = kSrc + "/schemas/examples/catalog/";

TEST(OperationsCommand, ListsEveryOperation) {
  const ToolRun r = run_tool("operations");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 35);
  EXPECT_NE(r.out.find("cloudflare.user.tokens.roll"), std::string::npos);
  EXPECT_NE(r.out.find("/user/tokens/{token_id}/value"), std::string::npos);
}
TEST(OperationsCommand, PrintsJson) {
  const auto list = nlohmann::json::parse(run_tool_stdout("operations --json").out);
  ASSERT_EQ(list.size(), 35u);
  EXPECT_TRUE(list[0].contains("id") && list[0].contains("method") && list[0].contains("path"));
}
TEST(CheckCommand, ValidRequestExitsZero) {
  const ToolRun r = run_tool("check request cloudflare.access.service_tokens.update " + kEx +
                             "cloudflare.access.service_tokens.update/request.valid.json");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.rfind("valid", 0), 0u);
}
TEST(CheckCommand, InvalidRequestExitsOneAndNamesTheField) {
  const ToolRun r = run_tool("check request cloudflare.access.service_tokens.update " + kEx +
                             "cloudflare.access.service_tokens.update/request.invalid.TG_FORMAT.duration-1d.json");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("/duration"), std::string::npos);
  EXPECT_NE(r.out.find("unknown unit \"d\""), std::string::npos);
}
TEST(CheckCommand, ReadsTheBodyFromStandardInput) {
  EXPECT_EQ(run_tool("check request cloudflare.access.service_tokens.update -", R"({"duration":"1d"})").status, 1);
  EXPECT_EQ(run_tool("check request cloudflare.access.service_tokens.update -", R"({"duration":"2h45m"})").status, 0);
}
TEST(CheckCommand, NoSemanticChecksLeavesTheSchemaAloneAndSaysSo) {
  const std::string file = kEx + "cloudflare.user.tokens.update/request.valid.json";
  const auto with = nlohmann::json::parse(run_tool_stdout("check request cloudflare.user.tokens.update --json " + file).out);
  EXPECT_EQ(with["findings"].size(), 2u) << with.dump();  // the example's two TG_CIDR_EXCLUDED warnings
  const ToolRun r = run_tool_stdout("check request cloudflare.user.tokens.update --no-semantic-checks --json " + file);
  EXPECT_EQ(r.status, 0) << r.out;
  const auto without = nlohmann::json::parse(r.out);
  EXPECT_TRUE(without["findings"].empty()) << r.out;
  EXPECT_NE(without["notes"].dump().find("semantic checks off"), std::string::npos) << r.out;
  // the schema still decides
  EXPECT_EQ(run_tool("check request cloudflare.user.tokens.create --no-semantic-checks -", R"({"name":1})").status, 1);
}
TEST(CheckCommand, MalformedJsonIsInvalid) {
  EXPECT_EQ(run_tool("check request cloudflare.access.service_tokens.update -", "{").status, 1);
}
TEST(CheckCommand, JsonOutputHasTheDocumentedShape) {
  const ToolRun r = run_tool_stdout("check request cloudflare.user.tokens.create --json -", R"({"name":1})");
  EXPECT_EQ(r.status, 1);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["valid"], false);
  EXPECT_EQ(doc["operation"], "cloudflare.user.tokens.create");
  ASSERT_FALSE(doc["findings"].empty());
  for (const char* key : {"severity", "pointer", "code", "message"}) EXPECT_TRUE(doc["findings"][0].contains(key)) << key;
}
TEST(CheckCommand, RoutesByMethodAndPath) {
  const ToolRun r = run_tool("check request --method PUT --path /user/tokens/ed17574386854bf78a67040be0a770b0 -",
                             R"({"name":"t","policies":[]})");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("cloudflare.user.tokens.update"), std::string::npos);
}
TEST(CheckCommand, ChecksHeadersWhenGiven) {
  EXPECT_EQ(run_tool("check request --method GET --path /user/tokens/verify").status, 0);
  EXPECT_EQ(run_tool("check request --method GET --path /user/tokens/verify --header 'X-Other: 1'").status, 1);
  EXPECT_EQ(run_tool("check request --method GET --path /user/tokens/verify --header 'Authorization: Bearer abc'").status, 0);
}
TEST(CheckCommand, NeverPrintsAHeaderValue) {
  const ToolRun r = run_tool("check request --method GET --path /user/tokens/verify --header 'Authorization: Basic SECRETVALUE'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.find("SECRETVALUE"), std::string::npos);
}
TEST(CheckCommand, ChecksResponsesByStatus) {
  EXPECT_EQ(run_tool("check response cloudflare.user.tokens.verify --status 200 " + kEx +
                     "cloudflare.user.tokens.verify/response.200.valid.json").status, 0);
  EXPECT_EQ(run_tool("check response cloudflare.user.tokens.verify --status 302 -", "{}").status, 1);
}
TEST(CheckCommand, UnknownOperationIsAUsageError) {
  const ToolRun r = run_tool("check request cloudflare.nope.create -", "{}");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("unknown operation"), std::string::npos);
}
TEST(CheckCommand, UnreadableFileIsAUsageError) {
  EXPECT_EQ(run_tool("check request cloudflare.user.tokens.create /nonexistent/body.json").status, 2);
}
TEST(CheckCommand, ResponseNeedsAStatus) {
  EXPECT_EQ(run_tool("check response cloudflare.user.tokens.get -", "{}").status, 2);
}
TEST(CheckCommand, HelpHasAnExample) {
  const ToolRun r = run_tool("check --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("example:"), std::string::npos);
}
TEST(ValidateCommand, ValidatesAgainstAPlainJsonSchema) {
  const std::string schema = kSrc + "/tests/data/person.schema.json";
  EXPECT_EQ(run_tool("validate --schema " + schema + " -", R"({"name":"Ada","age":36})").status, 0);
  const ToolRun bad = run_tool("validate --schema " + schema + " -", R"({"name":"Ada","age":-1})");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("/age"), std::string::npos);
}
TEST(ValidateCommand, ValidatesAnOperationOfAUsersOpenApiDocument) {
  const std::string doc = kSrc + "/schemas/cloudflare-user-tokens.openapi.json";
  EXPECT_EQ(run_tool("validate --openapi " + doc + " --operation cloudflare.user.tokens.create -",
                     R"({"name":"t","policies":[]})").status, 0);
  EXPECT_EQ(run_tool("validate --openapi " + doc + " --operation cloudflare.user.tokens.create -", R"({"name":"t"})").status, 1);
}
TEST(ValidateCommand, BadSchemaIsAUsageError) {
  EXPECT_EQ(run_tool("validate --schema /nonexistent.json -", "{}").status, 2);
}
TEST(ValidateCommand, NeedsExactlyOneSchemaSource) { EXPECT_EQ(run_tool("validate -", "{}").status, 2); }

}  // namespace
