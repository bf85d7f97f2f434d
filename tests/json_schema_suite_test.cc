// Runs the JSON-Schema-Test-Suite through tokenguard's schema engine: every
// required case of drafts 4, 6, 7, 2019-09 and 2020-12, and the optional
// format cases of every format tokenguard asserts. The suite is the current
// copy in ../shared/json-schema-test-suite/ (TOKENGUARD_JSON_SCHEMA_TEST_SUITE
// overrides it); its remotes are served from disk for
// http://localhost:1234/ (nothing is fetched from the network). Every case
// that does not give the expected verdict must be listed, with its reason,
// in tests/data/json_schema_suite_known_failures.txt; a listed case that now
// passes fails the test too, so the list stays exact. For drafts 4, 6 and 7,
// valijson 1.0's own Validator runs the same cases as a reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "json_tape.h"
#include "schema/evaluator.h"
#include "schema/program.h"
#include "schema/quick_plan.h"
#include "tokenguard/schema.h"

// valijson, as the reference: its own Validator over the same cases.
#include "valijson_reference.h"  // tests/support: valijson's Validator as a reference

namespace tokenguard {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The current copy beside the checkout; else Debian's older package
// (drafts 4 to 7 only: the newer drafts are then skipped, saying so).
fs::path suite_root() {
  if (const char* env = std::getenv("TOKENGUARD_JSON_SCHEMA_TEST_SUITE")) return env;
  const fs::path shared = fs::path(TOKENGUARD_SOURCE_DIR) / ".." / "shared" / "json-schema-test-suite";
  if (fs::is_directory(shared)) return shared;
  return "/usr/share/json-schema-test-suite";
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The official meta-schemas, which some cases refer to, from Debian's
// python3-jsonschema (installed by the test command); nothing is fetched.
std::optional<std::string> meta_schema(const std::string& uri) {
  const fs::path dir = "/usr/lib/python3/dist-packages/jsonschema/schemas";
  static const std::map<std::string, std::string> kFiles = {
      {"http://json-schema.org/draft-04/schema", "draft4.json"},
      {"http://json-schema.org/draft-06/schema", "draft6.json"},
      {"http://json-schema.org/draft-07/schema", "draft7.json"},
      {"https://json-schema.org/draft/2019-09/schema", "draft2019-09.json"},
      {"https://json-schema.org/draft/2020-12/schema", "draft2020-12.json"}};
  if (const auto it = kFiles.find(uri); it != kFiles.end()) return read_file(dir / it->second);
  // The vocabularies' meta-schemas are one file of {uri: schema}.
  static const json vocabularies = [&] {
    const auto text = read_file(dir / "vocabularies.json");
    return text ? json::parse(*text, nullptr, false) : json();
  }();
  if (vocabularies.is_object() && vocabularies.contains(uri)) return vocabularies[uri].dump();
  return std::nullopt;
}

// The remotes, as the suite's README asks: http://localhost:1234/<path> is
// remotes/<path>; and the meta-schemas.
DocumentLoader remotes_loader() {
  return [](const std::string& uri) -> std::optional<std::string> {
    constexpr std::string_view kHost = "http://localhost:1234/";
    if (uri.rfind(kHost, 0) == 0) return read_file(suite_root() / "remotes" / uri.substr(kHost.size()));
    return meta_schema(uri);
  };
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
  int tape_compared = 0;  // cases also read through the tape view
  int plan_decided = 0;   // cases the verdict-only plan found clean
  bool found = false;
};

Dialect dialect_of(const std::string& draft) {
  if (draft == "draft4") return Dialect::kDraft4;
  if (draft == "draft6") return Dialect::kDraft6;
  if (draft == "draft7") return Dialect::kDraft7;
  if (draft == "draft2019-09") return Dialect::kDraft2019;
  return Dialect::kDraft2020;
}

// Runs every case of the files in `subdir` of the draft's folder ("" for
// the required ones; "optional/format" for the format ones).
void run_files(const std::string& draft, const std::string& subdir, Tally& t) {
  const fs::path dir = suite_root() / "tests" / draft / subdir;
  if (!fs::is_directory(dir)) return;
  t.found = true;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  const Dialect dialect = dialect_of(draft);
  const bool reference = dialect == Dialect::kDraft4 || dialect == Dialect::kDraft6 || dialect == Dialect::kDraft7;
  for (const auto& file : files) {
    std::ifstream in(file);
    const json groups = json::parse(in);
    const std::string prefix = draft + "/" + (subdir.empty() ? "" : subdir + "/") + file.filename().string();
    for (const auto& g : groups) {
      SchemaOptions options;
      options.dialect = dialect;
      options.loader = remotes_loader();
      if (subdir == "optional/format") options.formats = SchemaOptions::Formats::kAssert;
      const Schema schema = Schema::compile(g.at("schema"), "", options);
      for (const auto& c : g.at("tests")) {
        const std::string id = prefix + ": " + g.at("description").get<std::string>() + ": " +
                               c.at("description").get<std::string>();
        const bool expected = c.at("valid").get<bool>();
        const ValidationResult r = validate(schema, c.at("data"));
        // Fail-fast, collect-all and the verdict alone must agree on every case.
        ValidateOptions fast;
        fast.fail_fast = true;
        EXPECT_EQ(validate(schema, c.at("data"), fast).valid, r.valid) << id;
        EXPECT_EQ(is_valid(schema, c.at("data")), r.valid) << id;
        // The tape view (simdjson, as checks from bytes read bodies) must
        // give the same verdict and findings. simdjson refuses integers past
        // 64 bits, which checks read through nlohmann instead.
        {
          detail::TapeLease tape;
          const std::string text = c.at("data").dump();
          if (tape->parse(text, false, InputLimits{})) {
            const ValidationResult tr = detail::validate_view(schema, tape->root(), ValidateOptions{});
            EXPECT_EQ(tr.valid, r.valid) << id << " (tape view)";
            EXPECT_EQ(tr.findings.size(), r.findings.size()) << id << " (tape view)";
            for (std::size_t i = 0; i < std::min(tr.findings.size(), r.findings.size()); ++i) {
              EXPECT_EQ(tr.findings[i].code, r.findings[i].code) << id << " (tape view)";
              EXPECT_EQ(tr.findings[i].pointer, r.findings[i].pointer) << id << " (tape view)";
              EXPECT_EQ(tr.findings[i].message, r.findings[i].message) << id << " (tape view)";
            }
            ++t.tape_compared;
          }
          // The verdict-only plan (schema/quick_plan.h) may call a value
          // clean only where the evaluator finds nothing.
          const detail::QuickPlan* plan =
              schema.ok() ? detail::quick_plan(*detail::SchemaAccess::program(schema), Direction::kAny) : nullptr;
          detail::TapeDocument raw;
          if (plan != nullptr && raw.load(text, false)) {
            detail::QuickLimits limits;
            limits.max_body_depth = InputLimits{}.max_depth;
            limits.max_eval_depth = ValidateOptions{}.max_depth;
            limits.max_work = ValidateOptions{}.max_work;
            // (kSchemaClean: the schema is silent; the catalog's semantic
            // checks are no part of validation)
            if (detail::quick_verdict(*plan, raw.raw(), limits) != detail::QuickVerdict::kUnknown) {
              EXPECT_TRUE(r.valid && r.findings.empty()) << id << " (plan)";
              ++t.plan_decided;
            }
          }
        }
        if (reference && subdir.empty()) {
          const auto v = tokenguard::fuzz::valijson_verdict(g.at("schema"), c.at("data"), dialect == Dialect::kDraft4);
          if (v && *v == expected) ++t.valijson_passed;
        }
        if (r.valid == expected) {
          ++t.passed;
        } else {
          ++t.failed;
          t.failures.insert(id + (schema.ok() ? "" : " (did not compile: " + schema.error().substr(0, 200) + ")"));
        }
      }
    }
  }
}

void check_against_known(const std::string& draft, const std::string& subdir, const Tally& t) {
  if (!t.found) GTEST_SKIP() << suite_root() << "/tests/" << draft << " is not in this copy of the suite";
  const std::string prefix = draft + "/" + (subdir.empty() ? "" : subdir + "/");
  const auto known = known_failures();
  std::set<std::string> failed_ids;
  for (const auto& f : t.failures) {
    const std::string id = f.substr(0, f.find(" (did not compile: "));
    failed_ids.insert(id);
    EXPECT_TRUE(known.count(id)) << "unexpected failure (fix it, or list it with its reason): " << f;
  }
  for (const auto& [k, reason] : known) {
    if (k.rfind(prefix, 0) != 0) continue;
    if (subdir.empty() && k.find("/optional/") != std::string::npos) continue;
    EXPECT_TRUE(failed_ids.count(k)) << "listed as a known failure but passes now (remove it): " << k;
    EXPECT_FALSE(reason.empty()) << "known failure without a reason: " << k;
  }
  std::printf("JSON-Schema-Test-Suite %s%s: tokenguard passes %d of %d cases", draft.c_str(),
              subdir.empty() ? "" : (" " + subdir).c_str(), t.passed, t.passed + t.failed);
  if (t.valijson_passed > 0) std::printf(", valijson 1.0 %d", t.valijson_passed);
  std::printf("; %d also through the tape view; the plan decides %d", t.tape_compared, t.plan_decided);
  std::printf("\n");
}

void run_draft(const std::string& draft) {
  Tally required;
  run_files(draft, "", required);
  check_against_known(draft, "", required);
  if (required.valijson_passed > 0) {
    EXPECT_GE(required.passed, required.valijson_passed) << "tokenguard must pass at least as many cases as valijson";
  }
}

// The optional format cases, for the formats tokenguard asserts.
void run_formats(const std::string& draft) {
  Tally formats;
  run_files(draft, "optional/format", formats);
  check_against_known(draft, "optional/format", formats);
}

// valijson compares integers beyond 2^53 through double and reads one above
// INT64_MAX as a negative int64, so the fuzzer's differential leaves such
// numbers out of the shared subset: tokenguard's verdicts here are exact,
// and the reference abstains.
TEST(ValijsonReference, AbstainsOnIntegersAboveInt64Max) {
  SchemaOptions draft7;
  draft7.dialect = Dialect::kDraft7;
  const json maximum = json::parse(R"({"allOf": [{"maximum": 18446744073709551615}]})");
  const auto schema = Schema::compile(maximum, "", draft7);
  ASSERT_TRUE(schema.ok()) << schema.error();
  EXPECT_TRUE(validate(schema, json(25)).valid);
  EXPECT_FALSE(fuzz::reference_verdict(maximum, json(25)).has_value());

  const json small = json::parse(R"({"maximum": 25})");
  const auto small_schema = Schema::compile(small, "", draft7);
  ASSERT_TRUE(small_schema.ok()) << small_schema.error();
  const json big = json::parse("18446744073709551615");
  EXPECT_FALSE(validate(small_schema, big).valid);
  EXPECT_FALSE(fuzz::reference_verdict(small, big).has_value());
}

TEST(ValijsonReference, AbstainsOnIntegersBeyondTwoToThe53) {
  EXPECT_FALSE(fuzz::reference_verdict(json::parse(R"({"const": 9007199254740993})"),
                                       json::parse("9007199254740992")).has_value());
  EXPECT_FALSE(fuzz::reference_verdict(json::parse(R"({"minimum": 1})"), json::parse("-9007199254740993")).has_value());
}

TEST(ValijsonReference, KeepsIntegersUpToTwoToThe53) {
  EXPECT_EQ(fuzz::reference_verdict(json::parse(R"({"maximum": 9007199254740992})"), json(25)),
            std::optional<bool>(true));
  EXPECT_EQ(fuzz::reference_verdict(json::parse(R"({"maximum": 25})"), json::parse("-9007199254740992")),
            std::optional<bool>(true));
}

TEST(JsonSchemaSuite, Draft4) { run_draft("draft4"); }
TEST(JsonSchemaSuite, Draft6) { run_draft("draft6"); }
TEST(JsonSchemaSuite, Draft7) { run_draft("draft7"); }
TEST(JsonSchemaSuite, Draft2019) { run_draft("draft2019-09"); }
TEST(JsonSchemaSuite, Draft2020) { run_draft("draft2020-12"); }
TEST(JsonSchemaSuiteFormats, Draft4) { run_formats("draft4"); }
TEST(JsonSchemaSuiteFormats, Draft6) { run_formats("draft6"); }
TEST(JsonSchemaSuiteFormats, Draft7) { run_formats("draft7"); }
TEST(JsonSchemaSuiteFormats, Draft2019) { run_formats("draft2019-09"); }
TEST(JsonSchemaSuiteFormats, Draft2020) { run_formats("draft2020-12"); }

}  // namespace
}  // namespace tokenguard
