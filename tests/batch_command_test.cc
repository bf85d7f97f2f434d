// The batch commands, check-har and check-lines, run as the real binary:
// verdicts, output, secrecy, and memory that follows the largest entry or
// line, not the input.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tool_runner.h"

namespace {

using tokenguard::testing::run_tool;
using tokenguard::testing::run_tool_stdout;
using tokenguard::testing::ToolRun;

const std::string kSrc = TOKENGUARD_SOURCE_DIR;

// Sanitizer runtimes keep shadow memory and quarantines of their own: the
// memory bounds are asserted in the plain builds only.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kMeasuresMemory = false;
#else
constexpr bool kMeasuresMemory = true;
#endif

// The largest resident set of any child this test process has waited for
// (each test runs in a process of its own under ctest), in MiB.
double children_max_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

std::string temp_file(const std::string& name) { return ::testing::TempDir() + name; }

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
  // The recorded user-token answers carry an empty resources map, which
  // upstream's oneOf (a string map or a nested map: {} is both) refuses; the
  // SoftwareOne create's unknown member and get's undeclared 503 are
  // warnings (ASP.NET ignores such members; an error answer passes on).
  EXPECT_EQ(summary["valid"], 7) << r.out;
  EXPECT_EQ(summary["invalid"], 5) << r.out;
  using V = std::vector<std::string>;
  EXPECT_EQ(codes["cloudflare.access.service_tokens.list"], V{});
  EXPECT_EQ(codes["cloudflare.access.service_tokens.update"], V{"TG_FORMAT"});
  EXPECT_EQ(codes["cloudflare.access.service_tokens.get"], V{"TG_FORMAT"});
  EXPECT_EQ(codes["cloudflare.access.service_tokens.rotate"], V{"TG_REQUIRED"});
  EXPECT_EQ(codes["cloudflare.user.tokens.update"], (V{"TG_FORMAT", "TG_ONE_OF"}));
  EXPECT_EQ(codes["cloudflare.user.tokens.get"], V{"TG_ONE_OF"});
  EXPECT_EQ(codes["softwareone.accounts.api_tokens.create"], V{});
  EXPECT_EQ(codes["softwareone.accounts.api_tokens.get"], V{});
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
TEST(CheckLinesCommand, NoSemanticChecksChecksEachBodyAgainstItsSchemaAlone) {
  // a token that is never valid: an error of the semantic checks, not of the schema
  const std::string input =
      R"({"method":"POST","path":"/user/tokens","request":{"name":"t","policies":[],)"
      R"("not_before":"2030-01-01T00:00:00Z","expires_on":"2020-01-01T00:00:00Z"}})" "\n";
  const ToolRun on = run_tool_stdout("check-lines", input);
  EXPECT_EQ(on.status, 1) << on.out;
  EXPECT_NE(on.out.find("TG_NOT_BEFORE_AFTER_EXPIRY"), std::string::npos) << on.out;
  const ToolRun off = run_tool_stdout("check-lines --no-semantic-checks", input);
  EXPECT_EQ(off.status, 0) << off.out;
  EXPECT_EQ(off.out.find("TG_NOT_BEFORE_AFTER_EXPIRY"), std::string::npos) << off.out;
}
TEST(CheckLinesCommand, AllValidExitsZero) {
  EXPECT_EQ(run_tool("check-lines", R"({"method":"GET","path":"/user/tokens/verify","status":200,"response":{"success":true,"errors":[],"messages":[],"result":{"id":"ed17574386854bf78a67040be0a770b0","status":"active"}}})" "\n").status, 0);
}
std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(BatchJunit, OneTestCasePerExchangeWithFailuresAndSkips) {
  const ToolRun r = run_tool_stdout("check-har --format junit " + kSrc + "/tests/data/sample.har");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("<testsuite name=\"tokenguard check-har\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\">"),
            std::string::npos) << r.out;
  EXPECT_EQ(count_of(r.out, "<testcase "), 4u);
  EXPECT_EQ(count_of(r.out, "</testcase>"), 4u);
  EXPECT_NE(r.out.find("<failure type=\"TG_CONTENT_TYPE\""), std::string::npos);  // the first error names the type
  EXPECT_NE(r.out.find("TG_FORMAT"), std::string::npos);                         // every finding is in the text
  EXPECT_NE(r.out.find("</testsuites>\n"), std::string::npos);
}
TEST(BatchJunit, MalformedLinesAreErrorsAndTextIsEscaped) {
  const std::string input = R"({"method":"POST","path":"/user/tokens?api_key=QUERY-SECRET","request":{"name":7}})" "\n"
                            "not json\n";
  const ToolRun r = run_tool_stdout("check-lines --format junit", input);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("tests=\"2\" failures=\"1\" errors=\"1\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<error type=\"malformed\""), std::string::npos);
  EXPECT_EQ(r.out.find("QUERY-SECRET"), std::string::npos);  // the query is never printed
  EXPECT_EQ(r.out.find("\"2h45m\""), std::string::npos);    // quotes inside attributes are escaped
  EXPECT_EQ(run_tool("check-lines --format xml", "").status, 2);
}
TEST(BatchJunit, NeverPrintsCredentials) {
  EXPECT_EQ(run_tool("check-har --format junit " + kSrc + "/tests/data/browser.har").out.find("HAR-BROWSER-SECRET"),
            std::string::npos);
}

TEST(CheckLinesCommand, HelpHasAnExample) { EXPECT_NE(run_tool("check-lines --help").out.find("example:"), std::string::npos); }

// A 32 MiB archive of 1,000 entries is read as a stream: the tool's memory
// follows one entry (about 32 KiB), not the archive.
TEST(CheckHarCommand, MemoryFollowsTheLargestEntryNotTheArchive) {
  const std::string path = temp_file("tokenguard_large.har");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string filler(32 << 10, 'x');
  std::fputs(R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)", f);
  for (int i = 0; i < 1000; ++i)
    std::fprintf(f, R"(%s{"request":{"method":"GET","url":"https://api.cloudflare.com/client/v4/user/tokens/verify","headers":[{"name":"Authorization","value":"Bearer t"},{"name":"X-Pad","value":"%s"}]},"response":{"status":200,"content":{"text":"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":\"ed17574386854bf78a67040be0a770b0\",\"status\":\"active\"}}"}}})",
                 i ? "," : "", filler.c_str());
  std::fputs("]}}", f);
  std::fclose(f);
  const ToolRun r = run_tool_stdout("check-har " + path);
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 0) << r.out.substr(r.out.size() > 300 ? r.out.size() - 300 : 0);
  EXPECT_NE(r.out.find("1000 exchanges: 1000 valid"), std::string::npos);
  if (kMeasuresMemory) {
    EXPECT_LT(children_max_rss_mib(), 24.0);  // the archive alone is 32 MiB
  }
}
TEST(CheckHarCommand, ValidJsonButNoEntriesIsAUsageError) {
  EXPECT_EQ(run_tool("check-har -", R"({"log":{"entries":{}}})").status, 2);
  EXPECT_EQ(run_tool("check-har -", R"([1,2,3])").status, 2);
}
TEST(CheckHarCommand, TruncatedArchiveStillReportsWhatItChecked) {
  const ToolRun r = run_tool("check-har -", R"({"log":{"entries":[{"request":{"method":"GET","url":"/user/tokens/verify"}},{"requ)");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("not valid JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 exchanges"), std::string::npos) << r.out;
}
// A 40 MiB line without a newline is refused once it passes the limit,
// never held: the tool's memory stays near the limit.
TEST(CheckLinesCommand, AnOverlongLineIsSkippedWithoutBeingHeld) {
  const std::string path = temp_file("tokenguard_long_line.ndjson");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"method":"POST","path":"/user/tokens","request":")", f);
  const std::string chunk(1 << 20, 'a');
  for (int i = 0; i < 40; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
  std::fputs("\"}\n", f);
  std::fputs(R"({"method":"GET","path":"/user/tokens/verify"})" "\n", f);
  std::fclose(f);
  const ToolRun r = run_tool_stdout("check-lines " + path);
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("line 1: longer than"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 exchanges: 1 valid, 0 invalid, 0 not in the catalog, 1 malformed"), std::string::npos) << r.out;
  if (kMeasuresMemory) {
    EXPECT_LT(children_max_rss_mib(), 24.0);
  }
}

}  // namespace
