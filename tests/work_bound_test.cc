// Work bounded per check: every generated worst case (tests/support/worst_cases.h)
// ends with a verdict; schemas built to make evaluation exponential or
// quadratic stay linear (combinator branches are memoised, uniqueItems is
// hashed); a check that runs out of its budget says so with TG_WORK_LIMIT
// and is invalid. No timing is asserted (bench/worst_case_bench.cc measures
// them); ctest's TIMEOUT guards against a hang.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tokenguard/check.h"
#include "tokenguard/tokenguard.h"
#include "tool_runner.h"
#include "worst_cases.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

bool has_code(const std::vector<Finding>& f, const std::string& code) {
  for (const Finding& x : f)
    if (x.code == code) return true;
  return false;
}

TEST(WorstCases, EveryCaseEndsWithAVerdict) {
  const auto catalog = Catalog::embedded();
  std::set<std::string> seen;  // one operation per family and direction is enough here
  for (const auto& c : testing::worst_cases(*catalog)) {
    const std::string family = c.operation->id.substr(0, c.operation->id.find('.', 11));
    if (!seen.insert(family + c.name + (c.request ? "q" : "s")).second) continue;
    SCOPED_TRACE(c.operation->id + " " + c.name);
    CheckResult r;
    if (c.request) {
      HttpRequest req;
      req.body = c.body;
      r = check_request(*c.operation, req);
    } else {
      r = check_response(*c.operation, c.status, c.body);
    }
    EXPECT_LE(r.findings.size(), CheckOptions{}.max_findings);
    EXPECT_FALSE(has_code(r.findings, "TG_WORK_LIMIT"));  // the catalog's checks fit the default budget
  }
}

// {"anyOf": [L, L]} nested `levels` deep over a leaf {"type": "string"}:
// without memoised branches a number costs 2^levels evaluations.
json any_of_chain(int levels, const char* combinator = "anyOf") {
  json doc = {{"definitions", json::object()}};
  doc["definitions"]["l0"] = {{"type", "string"}};
  for (int i = 1; i <= levels; ++i) {
    const std::string below = "#/definitions/l" + std::to_string(i - 1);
    doc["definitions"]["l" + std::to_string(i)] = {{combinator, json::array({{{"$ref", below}}, {{"$ref", below}}})}};
  }
  doc["$ref"] = "#/definitions/l" + std::to_string(levels);
  return doc;
}

TEST(WorkBound, AnyOfChainOfFortyLevelsIsLinear) {
  const Schema s = Schema::compile(any_of_chain(40));
  ASSERT_TRUE(s.ok()) << s.error();
  const ValidationResult bad = validate(s, json(5));
  EXPECT_FALSE(bad.valid);
  EXPECT_TRUE(has_code(bad.findings, "TG_ANY_OF"));
  EXPECT_FALSE(has_code(bad.findings, "TG_WORK_LIMIT"));
  EXPECT_LT(bad.work, 100000u);  // steps, not time: 2^40 without the memo
  EXPECT_TRUE(validate(s, json("text")).valid);
  EXPECT_FALSE(is_valid(s, json(5)));
}
TEST(WorkBound, OneOfChainIsLinear) {
  const Schema s = Schema::compile(any_of_chain(40, "oneOf"));
  ASSERT_TRUE(s.ok());
  const ValidationResult r = validate(s, json(5));
  EXPECT_FALSE(r.valid);
  EXPECT_FALSE(has_code(r.findings, "TG_WORK_LIMIT"));
}
TEST(WorkBound, AllOfChainKeepsItsFindingsAndIsLinear) {
  const Schema s = Schema::compile(any_of_chain(40, "allOf"));
  ASSERT_TRUE(s.ok());
  const ValidationResult r = validate(s, json(5));
  EXPECT_FALSE(r.valid);
  EXPECT_TRUE(has_code(r.findings, "TG_TYPE"));
  EXPECT_FALSE(has_code(r.findings, "TG_WORK_LIMIT"));
  EXPECT_TRUE(validate(s, json("x")).valid);
}
TEST(WorkBound, ExhaustedBudgetIsAnErrorNotAHang) {
  const Schema s = Schema::compile(json::parse(R"({"type":"array","items":{"type":"integer"}})"));
  ValidateOptions o;
  o.max_work = 100;
  const ValidationResult r = validate(s, json(std::vector<int>(1000, 1)), o);
  EXPECT_FALSE(r.valid);
  EXPECT_TRUE(has_code(r.findings, "TG_WORK_LIMIT"));
  EXPECT_FALSE(is_valid(s, json(std::vector<int>(1000, 1)), o));
  o.max_work = 2000;
  EXPECT_TRUE(validate(s, json(std::vector<int>(1000, 1)), o).valid);
}
TEST(WorkBound, UniqueItemsOfFortyThousandIsHashed) {
  const Schema s = Schema::compile(json::parse(R"({"type":"array","uniqueItems":true})"));
  json items = json::array();
  for (int i = 0; i < 40000; ++i) items.push_back(i);
  const ValidationResult ok = validate(s, items);
  EXPECT_TRUE(ok.valid);
  EXPECT_LT(ok.work, 200000u);
  items.push_back(39999.0);  // equal to 39999 under JSON equality
  const ValidationResult dup = validate(s, items);
  ASSERT_FALSE(dup.valid);
  EXPECT_EQ(dup.findings[0].message, "items 39999 and 40000 are equal; items must be unique");
}
TEST(WorkBound, UniqueItemsReportsTheFirstEqualPair) {
  const Schema s = Schema::compile(json::parse(R"({"uniqueItems":true})"));
  const ValidationResult r = validate(s, json::parse(R"([3, {"a":[1]}, 2, {"a":[1.0]}, 3])"));
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings[0].message, "items 0 and 4 are equal; items must be unique");
  EXPECT_TRUE(validate(s, json::parse(R"([1, "1", [1], {"1":1}, true, null, 0, -0.5])")).valid);
}

// The same budget for a user's own OpenAPI document, through each way in.
std::string chain_document() {
  json schema = any_of_chain(40);
  json doc = {{"openapi", "3.0.3"}, {"info", {{"title", "t"}, {"version", "1"}}},
              {"paths", {{"/things", {{"post", {{"operationId", "createThing"},
                                                 {"requestBody", {{"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/l40"}}}}}}}}},
                                                 {"responses", {{"200", {{"description", "ok"}}}}}}}}}}},
              {"components", {{"schemas", json::object()}}}};
  for (auto& [name, s] : schema["definitions"].items()) {
    std::string text = s.dump();
    for (std::size_t at; (at = text.find("#/definitions/")) != std::string::npos;)
      text.replace(at, 14, "#/components/schemas/");
    doc["components"]["schemas"][name] = json::parse(text);
  }
  return doc.dump();
}

TEST(WorkBound, UserDocumentThroughTheCppApi) {
  const auto c = Catalog::from_openapi(json::parse(chain_document()));
  ASSERT_TRUE(c->ok()) << c->error();
  HttpRequest req;
  req.body = "5";
  const CheckResult r = check_request(*c->find("createThing"), req);
  EXPECT_FALSE(r.valid);
  EXPECT_TRUE(has_code(r.findings, "TG_ANY_OF"));
  CheckOptions tight;
  tight.max_work = 50;
  const CheckResult t = check_request(*c->find("createThing"), req, tight);
  EXPECT_FALSE(t.valid);
  EXPECT_TRUE(has_code(t.findings, "TG_WORK_LIMIT"));
}
TEST(WorkBound, UserDocumentThroughTheCApi) {
  const std::string doc = chain_document();
  tg_catalog* c = nullptr;
  ASSERT_EQ(tg_catalog_from_openapi(doc.data(), doc.size(), &c, nullptr, 0), TG_OK);
  tg_result* r = nullptr;
  EXPECT_EQ(tg_check_request(c, "createThing", 11, nullptr, 0, nullptr, 0, nullptr, 0, 0, "5", 1, &r), TG_INVALID);
  tg_result_free(r);
  r = nullptr;
  EXPECT_EQ(tg_check_request(c, "createThing", 11, nullptr, 0, nullptr, 0, nullptr, 0, 0, "\"x\"", 3, &r), TG_OK);
  tg_result_free(r);
  tg_catalog_free(c);
}
TEST(WorkBound, UserDocumentThroughTheTool) {
  const std::string path = ::testing::TempDir() + "tokenguard_chain.openapi.json";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string doc = chain_document();
  std::fwrite(doc.data(), 1, doc.size(), f);
  std::fclose(f);
  const auto r = testing::run_tool("validate --openapi " + path + " --operation createThing --json -", "5");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("TG_ANY_OF"), std::string::npos) << r.out;
  EXPECT_EQ(testing::run_tool("validate --openapi " + path + " --operation createThing -", "\"x\"").status, 0);
}

TEST(WorkBound, CappedFindingsSayWhatWasNotListed) {
  const auto catalog = Catalog::embedded();
  std::string list;
  for (int i = 0; i < 500; ++i) list += (i ? "," : "") + std::string("\"10.0.0.0/8\"");
  HttpRequest req;
  const std::string body = R"({"name":"t","policies":[],"condition":{"request_ip":{"in":[)" + list + "]}}}";
  req.body = body;
  const CheckResult r = check_request(*catalog->find("cloudflare.user.tokens.create"), req);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.findings.size(), 100u);
  bool noted = false;
  for (const auto& n : r.notes) noted = noted || n.text().find("only the first 100 are listed") != std::string::npos;
  EXPECT_TRUE(noted);
}
TEST(WorkBound, AnErrorPastTheCapStillMakesTheResultInvalid) {
  const auto catalog = Catalog::embedded();
  std::string list;
  for (int i = 0; i < 200; ++i) list += (i ? "," : "") + std::string("\"10.0.0.0/8\"");
  HttpRequest req;
  // 199 duplicate warnings fill the cap before the not_before error is found.
  const std::string body = R"({"name":"t","policies":[],"condition":{"request_ip":{"in":[)" + list +
                           R"(]}},"not_before":"2030-01-01T00:00:00Z","expires_on":"2020-01-01T00:00:00Z"})";
  req.body = body;
  const CheckResult r = check_request(*catalog->find("cloudflare.user.tokens.create"), req);
  EXPECT_FALSE(r.valid);
}

}  // namespace
}  // namespace tokenguard
