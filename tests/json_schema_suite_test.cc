// Runs every required case of the JSON-Schema-Test-Suite (Debian's
// json-schema-test-suite package) through tokenguard's schema engine, for
// drafts 4, 6 and 7. Every case that does not give the expected verdict must
// be listed, with its reason, in tests/data/json_schema_suite_known_failures.txt;
// a listed case that now passes fails the test too, so the list stays exact.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tokenguard/schema.h"

// valijson, as the reference: its own Validator over the same cases.
#include "valijson_reference.h"  // fuzz/: valijson's Validator as a reference

namespace tokenguard {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string suite_root() {
  if (const char* env = std::getenv("TOKENGUARD_JSON_SCHEMA_TEST_SUITE")) return env;
  return "/usr/share/json-schema-test-suite";
}

// "draft7/ref.json: group description: test description" -> reason
std::map<std::string, std::string> known_failures() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(TOKENGUARD_TEST_DATA) + "/json_schema_suite_known_failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto bar = line.find(" | ");
    out[line.substr(0, bar)] = bar == std::string::npos ? "" : line.substr(bar + 3);
  }
  return out;
}

struct Tally {
  int passed = 0;
  int failed = 0;
  std::set<std::string> failures;
  int valijson_passed = 0;
};

Tally run_draft(const std::string& draft, Dialect dialect) {
  Tally t;
  const fs::path dir = fs::path(suite_root()) / "tests" / draft;
  EXPECT_TRUE(fs::is_directory(dir)) << dir << " missing (apt-get install json-schema-test-suite)";
  if (!fs::is_directory(dir)) return t;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    const json groups = json::parse(in);
    for (const auto& g : groups) {
      SchemaOptions options;
      options.dialect = dialect;
      const Schema schema = Schema::compile(g.at("schema"), "", options);
      for (const auto& c : g.at("tests")) {
        const std::string id = draft + "/" + file.filename().string() + ": " +
                               g.at("description").get<std::string>() + ": " +
                               c.at("description").get<std::string>();
        const bool expected = c.at("valid").get<bool>();
        const ValidationResult r = validate(schema, c.at("data"));
        // Fail-fast and collect-all must agree on every case.
        ValidateOptions fast;
        fast.fail_fast = true;
        EXPECT_EQ(validate(schema, c.at("data"), fast).valid, r.valid) << id;
        EXPECT_EQ(is_valid(schema, c.at("data")), r.valid) << id;
        const auto reference = tokenguard::fuzz::valijson_verdict(g.at("schema"), c.at("data"), dialect == Dialect::kDraft4);
        if (reference && *reference == expected) ++t.valijson_passed;
        if (r.valid == expected) {
          ++t.passed;
        } else {
          ++t.failed;
          t.failures.insert(id);
        }
      }
    }
  }
  return t;
}

void check_against_known(const std::string& draft, const Tally& t) {
  const auto known = known_failures();
  for (const auto& f : t.failures)
    EXPECT_TRUE(known.count(f)) << "unexpected failure (add it, with its reason, to the known-failures file): " << f;
  for (const auto& [k, reason] : known) {
    if (k.rfind(draft + "/", 0) != 0) continue;
    EXPECT_TRUE(t.failures.count(k)) << "listed as a known failure but passes now (remove it): " << k;
    EXPECT_FALSE(reason.empty()) << "known failure without a reason: " << k;
  }
  std::printf("JSON-Schema-Test-Suite %s: tokenguard passes %d of %d cases, valijson 1.0 %d\n",
              draft.c_str(), t.passed, t.passed + t.failed, t.valijson_passed);
  EXPECT_GE(t.passed, t.valijson_passed) << "tokenguard must pass at least as many cases as valijson";
}

TEST(JsonSchemaSuite, Draft7PassesEveryCaseButTheKnownFailures) {
  const Tally t = run_draft("draft7", Dialect::kDraft7);
  check_against_known("draft7", t);
}

TEST(JsonSchemaSuite, Draft6PassesEveryCaseButTheKnownFailures) {
  check_against_known("draft6", run_draft("draft6", Dialect::kDraft6));
}

TEST(JsonSchemaSuite, Draft4PassesEveryCaseButTheKnownFailures) {
  check_against_known("draft4", run_draft("draft4", Dialect::kDraft4));
}

}  // namespace
}  // namespace tokenguard
