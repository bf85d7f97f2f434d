// The JSON-Schema-Test-Suite through the command line: every group's schema
// written to a file, its cases to an NDJSON file, and one
// `tokenguard validate --schema S --lines --json CASES` per group, with
// --ref serving the suite's remotes and the meta-schemas from disk. Every
// required case of every draft, and the optional format cases, must get
// the suite's verdict (json_schema_suite_test.cc runs the same through the
// C++ API, with the list of known failures, which is empty).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tool_runner.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using tokenguard::testing::run_tool_stdout;

fs::path suite_root() {
  if (const char* env = std::getenv("TOKENGUARD_JSON_SCHEMA_TEST_SUITE")) return env;
  const fs::path shared = fs::path(TOKENGUARD_SOURCE_DIR) / ".." / "shared" / "json-schema-test-suite";
  if (fs::is_directory(shared)) return shared;
  return "/usr/share/json-schema-test-suite";
}

// The meta-schemas laid out by URI path, for --ref (from Debian's
// python3-jsonschema; nothing is fetched).
fs::path meta_schema_dir() {
  const fs::path dir = fs::path(::testing::TempDir()) / ("tg_meta_schemas_" + std::to_string(getpid()));
  const fs::path src = "/usr/lib/python3/dist-packages/jsonschema/schemas";
  const std::map<std::string, std::string> files = {{"draft-04/schema", "draft4.json"},
                                                    {"draft-06/schema", "draft6.json"},
                                                    {"draft-07/schema", "draft7.json"},
                                                    {"draft/2019-09/schema", "draft2019-09.json"},
                                                    {"draft/2020-12/schema", "draft2020-12.json"}};
  for (const auto& [path, file] : files) {
    fs::create_directories((dir / path).parent_path());
    std::error_code ec;
    fs::copy_file(src / file, dir / path, fs::copy_options::overwrite_existing, ec);
  }
  std::ifstream in(src / "vocabularies.json");
  if (in) {
    const json vocabularies = json::parse(in, nullptr, false);
    if (vocabularies.is_object())
      for (const auto& [uri, schema] : vocabularies.items()) {
        const std::string prefix = "https://json-schema.org/";
        if (uri.rfind(prefix, 0) != 0) continue;
        const fs::path p = dir / uri.substr(prefix.size());
        fs::create_directories(p.parent_path());
        std::ofstream(p) << schema.dump();
      }
  }
  return dir;
}

struct Tally {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;
};

void run_draft(const std::string& draft, const std::string& subdir, const std::string& dialect, Tally& t) {
  const fs::path dir = suite_root() / "tests" / draft / subdir;
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " is not in this copy of the suite";
  static const fs::path meta = meta_schema_dir();
  // (the process id too: another build's tests may run the same draft at once)
  const std::string scratch = ::testing::TempDir() + "tg_suite_" + draft + (subdir.empty() ? "" : "_formats") + "_" +
                              std::to_string(getpid());
  const std::string refs = " --ref http://localhost:1234/=" + (suite_root() / "remotes").string() +
                           " --ref http://json-schema.org/=" + meta.string() + " --ref https://json-schema.org/=" +
                           meta.string();
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    const json groups = json::parse(in);
    for (const auto& g : groups) {
      std::ofstream(scratch + ".schema.json") << g.at("schema").dump();
      {
        std::ofstream cases(scratch + ".cases.ndjson");
        for (const auto& c : g.at("tests")) cases << c.at("data").dump() << "\n";
      }
      const auto r = run_tool_stdout("validate --schema " + scratch + ".schema.json --dialect " + dialect + refs +
                                     (subdir.empty() ? "" : " --formats assert") + " --lines --json " + scratch +
                                     ".cases.ndjson");
      std::istringstream lines(r.out);
      std::string line;
      for (const auto& c : g.at("tests")) {
        const std::string id = draft + "/" + file.filename().string() + ": " + g.at("description").get<std::string>() +
                               ": " + c.at("description").get<std::string>();
        bool verdict = !c.at("valid").get<bool>();
        if (std::getline(lines, line)) {
          const json result = json::parse(line, nullptr, false);
          if (result.is_object() && result.contains("valid")) verdict = result["valid"].get<bool>();
        }
        if (verdict == c.at("valid").get<bool>()) {
          ++t.passed;
        } else {
          ++t.failed;
          t.failures.push_back(id + (r.status == 2 ? " (the tool refused the schema)" : ""));
        }
      }
    }
  }
  for (const auto& f : t.failures) ADD_FAILURE() << f;
  std::printf("JSON-Schema-Test-Suite %s%s through tokenguard validate: %d of %d cases\n", draft.c_str(),
              subdir.empty() ? "" : (" " + subdir).c_str(), t.passed, t.passed + t.failed);
}

TEST(JsonSchemaSuiteTool, Draft4) { Tally t; run_draft("draft4", "", "draft4", t); }
TEST(JsonSchemaSuiteTool, Draft6) { Tally t; run_draft("draft6", "", "draft6", t); }
TEST(JsonSchemaSuiteTool, Draft7) { Tally t; run_draft("draft7", "", "draft7", t); }
TEST(JsonSchemaSuiteTool, Draft2019) { Tally t; run_draft("draft2019-09", "", "2019-09", t); }
TEST(JsonSchemaSuiteTool, Draft2020) { Tally t; run_draft("draft2020-12", "", "2020-12", t); }
TEST(JsonSchemaSuiteTool, Draft7Formats) { Tally t; run_draft("draft7", "optional/format", "draft7", t); }
TEST(JsonSchemaSuiteTool, Draft2020Formats) { Tally t; run_draft("draft2020-12", "optional/format", "2020-12", t); }

}  // namespace
