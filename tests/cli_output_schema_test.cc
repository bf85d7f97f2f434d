// Every command's --json output validates against
// schemas/cli-output.schema.json, checked with tokenguard's own validator:
// check and validate (one result), validate --lines, check-har and
// check-lines (NDJSON records and a summary), and operations (an array).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tokenguard/schema.h"
#include "tool_runner.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;
using testing::run_tool_stdout;

const Schema& output_schema() {
  static const Schema s = [] {
    std::ifstream in(TOKENGUARD_SOURCE_DIR "/schemas/cli-output.schema.json");
    return Schema::compile(json::parse(in));
  }();
  return s;
}

// Each line of `out` is one JSON value that validates.
void expect_valid_lines(const std::string& out, const std::string& what, std::size_t at_least = 1) {
  ASSERT_TRUE(output_schema().ok()) << output_schema().error();
  std::istringstream lines(out);
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const json j = json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << what << ": " << line.substr(0, 200);
    const ValidationResult r = validate(output_schema(), j);
    EXPECT_TRUE(r.valid) << what << ": " << line.substr(0, 200) << "\n"
                         << (r.findings.empty() ? "" : r.findings[0].pointer + " " + r.findings[0].message);
    ++n;
  }
  EXPECT_GE(n, at_least) << what;
}

const std::string kExamples = TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog/";

TEST(CliOutputSchema, CheckResults) {
  expect_valid_lines(run_tool_stdout("check request cloudflare.access.service_tokens.update --json " + kExamples +
                                     "cloudflare.access.service_tokens.update/request.invalid.TG_FORMAT.duration-1d.json").out,
                     "check request");
  expect_valid_lines(run_tool_stdout("check response cloudflare.user.tokens.get --status 200 --json " + kExamples +
                                     "cloudflare.user.tokens.get/response.200.valid.json").out,
                     "check response");
  expect_valid_lines(run_tool_stdout("check request --method GET --path /nowhere --json").out, "no route");
}

TEST(CliOutputSchema, ValidateResults) {
  expect_valid_lines(run_tool_stdout("validate --openapi " TOKENGUARD_SOURCE_DIR
                                     "/tests/data/openapi/vault/openapi.yaml --operation createToken --json -",
                                     "{\"name\": 7}").out,
                     "validate --openapi");
  expect_valid_lines(run_tool_stdout("validate --openapi " TOKENGUARD_SOURCE_DIR
                                     "/tests/data/openapi/vault/openapi.yaml --operation createToken --json --lines -",
                                     "{\"name\": \"x\"}\n{}\n[1]\nnot json\n").out,
                     "validate --lines", 4);
}

TEST(CliOutputSchema, BatchRecordsAndSummaries) {
  expect_valid_lines(run_tool_stdout("check-har --json " TOKENGUARD_SOURCE_DIR "/tests/data/browser.har").out,
                     "check-har", 13);
  expect_valid_lines(run_tool_stdout("check-lines --json -",
                                     "{\"method\":\"GET\",\"path\":\"/user/tokens?page=1\",\"status\":200,"
                                     "\"response\":{\"success\":true}}\nnot json\n"
                                     "{\"method\":\"GET\",\"path\":\"/nowhere\"}\n").out,
                     "check-lines", 3);
}

TEST(CliOutputSchema, Operations) {
  for (const char* args : {"operations --json", "operations --json --openapi " TOKENGUARD_SOURCE_DIR
                                                "/tests/data/openapi/vault/openapi.yaml"}) {
    const json j = json::parse(run_tool_stdout(args).out, nullptr, false);  // one document, indented
    ASSERT_TRUE(j.is_array()) << args;
    EXPECT_TRUE(validate(output_schema(), j).valid) << args;
  }
}

TEST(CliOutputSchema, TheSchemaCanFail) {
  // A finding without its keyword (as a renderer of its own once printed)
  // does not pass.
  const json bad = json::parse(R"({"valid":false,"operation":null,"notes":[],
    "findings":[{"severity":"error","location":"body","pointer":"","code":"TG_TYPE","message":"m"}]})");
  EXPECT_FALSE(validate(output_schema(), bad).valid);
}

}  // namespace
}  // namespace tokenguard
