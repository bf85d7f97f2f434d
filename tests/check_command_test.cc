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
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 27);
  EXPECT_NE(r.out.find("cloudflare.user.tokens.roll"), std::string::npos);
  EXPECT_NE(r.out.find("/user/tokens/{token_id}/value"), std::string::npos);
}
TEST(OperationsCommand, PrintsJson) {
  const auto list = nlohmann::json::parse(run_tool_stdout("operations --json").out);
  ASSERT_EQ(list.size(), 27u);
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

TEST(CheckHarCommand, ChecksCatalogEntriesAndSkipsTheRest) {
  const ToolRun r = run_tool_stdout("check-har " + kSrc + "/tests/data/sample.har");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cloudflare.user.tokens.verify"), std::string::npos);
  EXPECT_NE(r.out.find("/duration"), std::string::npos);
  EXPECT_NE(r.out.find("/result/created_at"), std::string::npos);
  EXPECT_NE(r.out.find("4 exchanges: 2 valid, 1 invalid, 1 not in the catalog, 0 malformed"), std::string::npos) << r.out;
}
TEST(CheckHarCommand, NeverPrintsCredentials) {
  EXPECT_EQ(run_tool("check-har " + kSrc + "/tests/data/sample.har").out.find("HAR-SECRET"), std::string::npos);
}
TEST(CheckHarCommand, PrintsJsonLinesAndASummary) {
  const ToolRun r = run_tool_stdout("check-har --json " + kSrc + "/tests/data/sample.har");
  std::size_t lines = 0;
  std::size_t start = 0;
  nlohmann::json last;
  while (start < r.out.size()) {
    const std::size_t end = r.out.find('\n', start);
    last = nlohmann::json::parse(r.out.substr(start, end - start));
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, 5u);
  EXPECT_EQ(last["summary"]["invalid"], 1);
}
// tests/data/browser.har: recorded by Debian's chromium through
// playwright-core against tests/gateway/upstream.py (tests/har/record.sh).
TEST(CheckHarCommand, BrowserRecordedArchiveGivesEachExchangesVerdict) {
  const ToolRun r = run_tool_stdout("check-har --json " + kSrc + "/tests/data/browser.har");
  EXPECT_EQ(r.status, 1);
  std::map<std::string, std::vector<std::string>> codes;  // operation -> error codes
  nlohmann::json summary;
  std::size_t start = 0;
  while (start < r.out.size()) {
    const std::size_t end = r.out.find('\n', start);
    const nlohmann::json line = nlohmann::json::parse(r.out.substr(start, end - start));
    if (line.contains("summary")) {
      summary = line["summary"];
    } else if (line.contains("operation") && line["operation"].is_string()) {
      std::vector<std::string>& c = codes[line["operation"].get<std::string>()];
      for (const char* part : {"request", "response"})
        if (line.contains(part) && line[part].contains("findings"))
          for (const auto& f : line[part]["findings"])
            if (f["severity"] == "error") c.push_back(f["code"].get<std::string>());
    }
    start = end + 1;
  }
  EXPECT_EQ(summary["valid"], 6) << r.out;
  EXPECT_EQ(summary["invalid"], 6) << r.out;
  using V = std::vector<std::string>;
  EXPECT_EQ(codes["cloudflare.access.service_tokens.list"], V{});
  EXPECT_EQ(codes["cloudflare.access.service_tokens.update"], V{"TG_FORMAT"});
  EXPECT_EQ(codes["cloudflare.access.service_tokens.get"], V{"TG_FORMAT"});
  EXPECT_EQ(codes["cloudflare.access.service_tokens.rotate"], V{"TG_REQUIRED"});
  EXPECT_EQ(codes["cloudflare.user.tokens.update"], V{"TG_FORMAT"});
  EXPECT_EQ(codes["softwareone.accounts.api_tokens.create"], V{"TG_ADDITIONAL_PROPERTY"});
  EXPECT_EQ(codes["softwareone.accounts.api_tokens.get"], V{"TG_UNDECLARED_STATUS"});
  EXPECT_EQ(codes["softwareone.accounts.api_tokens.disable"], V{});
}
TEST(CheckHarCommand, BrowserRecordedArchiveNeverPrintsTheBearerToken) {
  for (const char* flags : {"", "--json "}) {
    const ToolRun r = run_tool(std::string("check-har ") + flags + kSrc + "/tests/data/browser.har");
    EXPECT_EQ(r.out.find("HAR-BROWSER-SECRET"), std::string::npos) << flags;
  }
}
TEST(CheckHarCommand, NotAnArchiveIsAUsageError) {
  EXPECT_EQ(run_tool("check-har -", "{}").status, 2);
  EXPECT_EQ(run_tool("check-har /nonexistent.har").status, 2);
}
TEST(CheckLinesCommand, StreamsRecordsAndCounts) {
  const std::string input =
      R"({"method":"PUT","path":"/user/tokens/ed17574386854bf78a67040be0a770b0","request":{"name":"t","policies":[]}})" "\n"
      R"({"method":"POST","path":"/user/tokens","request":{"name":7}})" "\n"
      R"({"method":"GET","path":"/not/here"})" "\n"
      "not json\n";
  const ToolRun r = run_tool_stdout("check-lines", input);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("3 exchanges: 1 valid, 1 invalid, 1 not in the catalog, 1 malformed"), std::string::npos) << r.out;
}
TEST(CheckLinesCommand, AllValidExitsZero) {
  EXPECT_EQ(run_tool("check-lines", R"({"method":"GET","path":"/user/tokens/verify","status":200,"response":{"success":true,"errors":[],"messages":[],"result":{"id":"ed17574386854bf78a67040be0a770b0","status":"active"}}})" "\n").status, 0);
}
TEST(CheckLinesCommand, HelpHasAnExample) { EXPECT_NE(run_tool("check-lines --help").out.find("example:"), std::string::npos); }

}  // namespace
