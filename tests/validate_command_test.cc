// `validate`, `lint` and the batch commands' --openapi, on users' documents
// (tests/data/openapi/vault/: YAML over several files), run as the real
// binary (and so under AddressSanitizer in the asan preset).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tool_runner.h"

namespace {

using json = nlohmann::json;
using tokenguard::testing::run_tool;
using tokenguard::testing::run_tool_stdout;
using tokenguard::testing::ToolRun;

const std::string kSrc = TOKENGUARD_SOURCE_DIR;
const std::string kVault = kSrc + "/tests/data/openapi/vault/openapi.yaml";

TEST(ValidateOpenApi, JsonOutputNamesTheOperationAfterTheCatalogIsBuilt) {
  const ToolRun r = run_tool_stdout("validate --openapi " + kVault + " --operation getToken --status 200 --json -",
                                    R"({"id":"tok_0123abcd","name":"a","uses":99999999999})");
  EXPECT_EQ(r.status, 1) << r.out;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["operation"], "getToken");
  EXPECT_EQ(doc["findings"][0]["code"], "TG_FORMAT");
}
TEST(ValidateOpenApi, RequestBodyThroughRefsAcrossFiles) {
  EXPECT_EQ(run_tool("validate --openapi " + kVault + " --operation createToken -", R"({"name":"a","ttl":"P1D"})").status, 0);
  const ToolRun r = run_tool("validate --openapi " + kVault + " --operation createToken -", R"({"name":"a","ttl":"1d"})");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("ISO 8601 duration"), std::string::npos) << r.out;
}
TEST(ValidateOpenApi, ResponseThroughComponentsResponses) {
  EXPECT_EQ(run_tool("validate --openapi " + kVault + " --operation getToken --status 404 -", R"({"code":404})").status, 0);
  EXPECT_EQ(run_tool("validate --openapi " + kVault + " --operation getToken --status 404 -", R"({})").status, 1);
}
TEST(ValidateOpenApi, LinesGiveOneVerdictEach) {
  const ToolRun r = run_tool_stdout("validate --openapi " + kVault + " --operation createToken --lines -",
                                    "{\"name\":\"a\",\"ttl\":\"P1D\"}\n{\"name\":\"a\"}\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("valid  line 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("invalid  line 2"), std::string::npos) << r.out;
}
TEST(ValidateOpenApi, UnknownOperationIsAUsageError) {
  EXPECT_EQ(run_tool("validate --openapi " + kVault + " --operation nope -", "{}").status, 2);
}
TEST(ValidateOpenApi, DanglingRefNamesTheRef) {
  const std::string path = ::testing::TempDir() + "tg_dangling.yaml";
  std::ofstream(path) << "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
                         "      responses:\n        '200':\n          $ref: '#/components/responses/Gone'\n";
  const ToolRun r = run_tool("validate --openapi " + path + " --operation 'GET /a' -", "{}");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("#/components/responses/Gone"), std::string::npos) << r.out;
}
TEST(ValidateSchema, YamlSchemaWithARelativeRef) {
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "tg_person.yaml") << "type: object\nproperties:\n  age:\n    $ref: tg_age.yaml\n";
  std::ofstream(dir + "tg_age.yaml") << "type: integer\nminimum: 0\n";
  EXPECT_EQ(run_tool("validate --schema " + dir + "tg_person.yaml -", R"({"age":3})").status, 0);
  EXPECT_EQ(run_tool("validate --schema " + dir + "tg_person.yaml -", R"({"age":-3})").status, 1);
}
TEST(ValidateSchema, RefMapServesRemotes) {
  const std::string dir = ::testing::TempDir() + "tg_remotes";
  std::filesystem::create_directories(dir + "/sub");
  std::ofstream(dir + "/sub/int.json") << R"({"type":"integer"})";
  std::ofstream(dir + "/../tg_remote_schema.json") << R"({"$ref":"http://example.test/sub/int.json"})";
  const std::string cmd = "validate --schema " + dir + "/../tg_remote_schema.json --ref http://example.test/=" + dir + " -";
  EXPECT_EQ(run_tool(cmd, "3").status, 0);
  EXPECT_EQ(run_tool(cmd, "\"x\"").status, 1);
  // Without the map the reference cannot be resolved: nothing is fetched.
  EXPECT_EQ(run_tool("validate --schema " + dir + "/../tg_remote_schema.json -", "3").status, 2);
}
TEST(ValidateSchema, FormatsOption) {
  const std::string path = ::testing::TempDir() + "tg_email.json";
  std::ofstream(path) << R"({"$schema":"https://json-schema.org/draft/2020-12/schema","format":"email"})";
  EXPECT_EQ(run_tool("validate --schema " + path + " -", "\"nope\"").status, 0);  // 2020-12: an annotation
  EXPECT_EQ(run_tool("validate --schema " + path + " --formats assert -", "\"nope\"").status, 1);
}
TEST(Lint, ListsDiagnosticsAndExitsOne) {
  const ToolRun r = run_tool_stdout("lint --openapi " + kVault);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("status range \"4xx\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 operations, 1 webhooks"), std::string::npos) << r.out;
}
TEST(Lint, CleanSchemaExitsZero) {
  const std::string path = ::testing::TempDir() + "tg_clean.json";
  std::ofstream(path) << R"({"type":"string","format":"uuid"})";
  EXPECT_EQ(run_tool("lint --schema " + path).status, 0);
}
TEST(Lint, UnknownFormatAndUnrunnablePattern) {
  const std::string path = ::testing::TempDir() + "tg_lint.json";
  std::ofstream(path) << R"({"properties":{"a":{"format":"date-span"},"b":{"pattern":"(?<=a+)b"}}})";
  const ToolRun r = run_tool_stdout("lint --schema " + path + " --json");
  EXPECT_EQ(r.status, 1);
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["diagnostics"].size(), 2u) << r.out;
  EXPECT_EQ(doc["diagnostics"][0]["keyword"], "format");
  EXPECT_EQ(doc["diagnostics"][1]["keyword"], "pattern");
}
TEST(CheckLines, OpenApiDocumentLoadedOnceForTheBatch) {
  const std::string lines =
      R"({"method":"GET","path":"/vaults/6f1c2a9e-3b1d-4c8e-9f00-1234567890ab/tokens?per_page=1000"})" "\n"
      R"({"method":"POST","path":"/vaults/6f1c2a9e-3b1d-4c8e-9f00-1234567890ab/tokens","request":{"name":"a","ttl":"P1D"}})" "\n";
  const ToolRun r = run_tool_stdout("check-lines --openapi " + kVault + " -", lines);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("TG_MAXIMUM"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 valid, 1 invalid"), std::string::npos) << r.out;
}

TEST(Operations, ListsAUsersDocumentAndItsWebhooks) {
  const ToolRun r = run_tool_stdout("operations --openapi " + kVault);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("getToken"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("webhook tokenRotated (listed, not routed)"), std::string::npos) << r.out;
}
TEST(CheckLines, RecordMayNameItsOperation) {
  const ToolRun r = run_tool_stdout("check-lines --json --openapi " + kVault + " -",
                                    R"({"operation":"getToken","status":200,"response":{"id":"x","name":"a"}})" "\n");
  EXPECT_EQ(r.status, 1) << r.out;
  const json line = json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(line["operation"], "getToken");
  EXPECT_EQ(line["response"]["findings"][0]["code"], "TG_PATTERN");
}

}  // namespace
