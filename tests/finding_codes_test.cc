// The finding codes are one list (tokenguard/finding_codes.def): every code
// the library's sources write is in it, every code in it is expected by
// some test, the README's table is the list, and lookups use it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>  // tests only: the library has none
#include <set>
#include <sstream>
#include <string>

#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"
#include "tokenguard/schema.h"
#include "tokenguard/finding_codes.h"

namespace tokenguard {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}


// The library names codes only through FindingCode (so a misspelt code
// does not compile), never as a string literal; and every listed code is
// one it can give.
TEST(FindingCodes, TheLibraryWritesCodesOnlyThroughTheEnum) {
  const std::regex literal("\"(TG_[A-Z0-9_]+)\"");
  const std::regex typed("FindingCode::(TG_[A-Z0-9_]+)");
  std::set<std::string> used;
  for (const auto& e : fs::recursive_directory_iterator(TOKENGUARD_SOURCE_DIR "/src")) {
    const std::string ext = e.path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    const std::string text = read(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it)
      ADD_FAILURE() << (*it)[1].str() << " written as a string in " << e.path().filename();
    for (std::sregex_iterator it(text.begin(), text.end(), typed), end; it != end; ++it) used.insert((*it)[1].str());
  }
  for (const auto& c : finding_codes()) EXPECT_TRUE(used.count(std::string(c.name))) << c.name << " is never given";
}

TEST(FindingCodes, EveryListedCodeIsExpectedBySomeTest) {
  std::string corpus;
  for (const char* dir : {"/tests", "/schemas/examples"}) {
    for (const auto& e : fs::recursive_directory_iterator(std::string(TOKENGUARD_SOURCE_DIR) + dir)) {
      if (!e.is_regular_file()) continue;
      corpus += e.path().filename().string() + "\n";  // examples name their code
      const std::string ext = e.path().extension().string();
      if (ext == ".cc" || ext == ".c" || ext == ".h" || ext == ".py" || ext == ".sh") corpus += read(e.path());
    }
  }
  for (const auto& c : finding_codes()) {
    // TG_INTERNAL reports an exception inside the library, which no input
    // reaches (every path to one is a bug): nothing can expect it.
    if (c.name == "TG_INTERNAL") continue;
    EXPECT_NE(corpus.find(std::string(c.name) + '"'), std::string::npos) << c.name;
  }
}

bool has(const std::vector<Finding>& findings, std::string_view code) {
  for (const Finding& f : findings)
    if (f.code == code) return true;
  return false;
}

// Each schema keyword's code, emitted (2020-12, so every keyword is there).
TEST(FindingCodes, EachKeywordCodeIsEmitted) {
  struct Case {
    const char* code;
    const char* schema;
    const char* instance;
  };
  const Case cases[] = {
      {"TG_CONST", R"({"const": 1})", "2"},
      {"TG_MIN_LENGTH", R"({"minLength": 3})", R"("ab")"},
      {"TG_MULTIPLE_OF", R"({"multipleOf": 3})", "7"},
      {"TG_MIN_ITEMS", R"({"minItems": 2})", "[1]"},
      {"TG_MAX_ITEMS", R"({"maxItems": 1})", "[1, 2]"},
      {"TG_UNIQUE_ITEMS", R"({"uniqueItems": true})", "[1, 1.0]"},
      {"TG_CONTAINS", R"({"contains": {"type": "string"}})", "[1]"},
      {"TG_MIN_PROPERTIES", R"({"minProperties": 1})", "{}"},
      {"TG_MAX_PROPERTIES", R"({"maxProperties": 0})", R"({"a": 1})"},
      {"TG_PROPERTY_NAMES", R"({"propertyNames": {"maxLength": 1}})", R"({"ab": 1})"},
      {"TG_DEPENDENCIES", R"({"dependentRequired": {"a": ["b"]}})", R"({"a": 1})"},
      {"TG_FALSE_SCHEMA", R"({"properties": {"a": false}})", R"({"a": 1})"},
      {"TG_NOT", R"({"not": {"type": "integer"}})", "1"},
      {"TG_UNEVALUATED_ITEM", R"({"prefixItems": [true], "unevaluatedItems": false})", "[1, 2]"},
      {"TG_SCHEMA", R"({"$ref": "#/nowhere"})", "1"},
  };
  for (const Case& c : cases) {
    SchemaOptions o;
    o.dialect = Dialect::kDraft2020;
    const Schema schema = Schema::compile(nlohmann::json::parse(c.schema), "", o);
    const ValidationResult r = validate(schema, nlohmann::json::parse(c.instance));
    EXPECT_FALSE(r.valid) << c.code;
    EXPECT_TRUE(has(r.findings, c.code)) << c.code;
  }
}

// The request and parse codes no other test expects by name.
TEST(FindingCodes, EachCheckCodeIsEmitted) {
  const auto catalog = Catalog::embedded();
  const Operation& update = *catalog->find("cloudflare.user.tokens.update");
  HttpRequest wrong_method;
  wrong_method.method = "GET";
  wrong_method.body = R"({"name": "t", "policies": []})";
  EXPECT_TRUE(has(check_request(update, wrong_method).findings, "TG_METHOD_MISMATCH"));
  HttpRequest wrong_path;
  wrong_path.path = "/user/tokens";
  wrong_path.body = R"({"name": "t", "policies": []})";
  EXPECT_TRUE(has(check_request(update, wrong_path).findings, "TG_PATH_MISMATCH"));
  const ParsedJson blank = parse_json("  \n ");
  EXPECT_FALSE(blank.ok);
  EXPECT_EQ(blank.error.code, "TG_BODY_EMPTY");
}

TEST(FindingCodes, TheReadmeTableIsTheList) {
  const std::string readme = read(TOKENGUARD_SOURCE_DIR "/README.md");
  const std::regex row("\\| `(TG_[A-Z0-9_]+)` \\| (\\d+) \\| (error|warning) \\| ([^|]+) \\|");
  std::vector<std::string> rows;
  for (std::sregex_iterator it(readme.begin(), readme.end(), row), end; it != end; ++it) {
    const auto code = find_code((*it)[1].str());
    ASSERT_TRUE(code) << (*it)[1].str();
    EXPECT_EQ(std::to_string(code_number(*code)), (*it)[2].str()) << (*it)[1].str();
    EXPECT_EQ(code_info(*code).severity == Severity::kError ? "error" : "warning", (*it)[3].str()) << (*it)[1].str();
    std::string meaning = (*it)[4].str();
    while (!meaning.empty() && meaning.back() == ' ') meaning.pop_back();
    EXPECT_EQ(std::string(code_meaning(*code)), meaning) << (*it)[1].str();
    rows.push_back((*it)[1].str());
  }
  ASSERT_EQ(rows.size(), finding_codes().size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i], finding_codes()[i].name);
}

TEST(FindingCodes, NamesFindTheirCodes) {
  for (const auto& c : finding_codes()) {
    const auto found = find_code(c.name);
    ASSERT_TRUE(found) << c.name;
    EXPECT_EQ(*found, c.code);
    EXPECT_EQ(numeric_code(c.name), c.number);
  }
  EXPECT_FALSE(find_code("TG_FROMAT"));
  EXPECT_EQ(numeric_code("TG_FROMAT"), 7000);
  EXPECT_EQ(numeric_code("TG_FORMAT"), 7006);
}

}  // namespace
}  // namespace tokenguard
