// A result filled in place (check_request(..., result)) holds exactly what a
// new result of the same check would: every finding's fields, the notes,
// the verdict and the operation, whatever the result held before (more
// findings, longer strings, other locations, notes).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "example_payloads.h"
#include "same_result.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"

namespace tokenguard {
namespace {

using testing::check_example;
using testing::expect_same;
using testing::ExamplePayload;

std::string name_of(const ExamplePayload& e) {
  return e.operation->id + (e.request ? " request" : " response " + std::to_string(e.status));
}

// Every example into one result, in the order given, each compared with a
// new result of the same check.
void replay(const std::vector<ExamplePayload>& examples, CheckResult& reused, const CheckOptions& o) {
  for (const ExamplePayload& e : examples) {
    check_example(e, reused, o);
    CheckResult fresh;
    check_example(e, fresh, o);
    expect_same(reused, fresh, name_of(e));
    EXPECT_EQ(reused.operation, e.operation) << name_of(e);
  }
}

std::vector<ExamplePayload> examples() {
  return testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog");
}

TEST(ResultReuse, EveryExampleInPlaceIsWhatANewResultIs) {
  std::vector<ExamplePayload> all = examples();
  ASSERT_GE(all.size(), 100u);
  CheckResult reused;
  replay(all, reused, {});
  std::reverse(all.begin(), all.end());
  replay(all, reused, {});
}

TEST(ResultReuse, EveryExampleInPlaceIsWhatANewResultIsUnderEveryOption) {
  const std::vector<ExamplePayload> all = examples();
  CheckOptions fail_fast;
  fail_fast.fail_fast = true;
  CheckOptions one;
  one.max_findings = 1;
  CheckOptions full_path;
  full_path.quick_plan = false;
  CheckOptions nlohmann;
  nlohmann.reader = BodyReader::kNlohmann;
  CheckOptions strict;
  strict.strict = true;
  CheckResult reused;
  for (const CheckOptions& o : {fail_fast, one, full_path, nlohmann, strict}) replay(all, reused, o);
}

TEST(ResultReuse, AWarningAfterManyErrorsKeepsNoneOfThem) {
  const Operation& op = *Catalog::embedded()->find("cloudflare.user.tokens.update");
  CheckResult r;
  HttpRequest bad;
  bad.body = R"({"name": 7, "status": "gone", "policies": 3, "expires_on": "never", "not_before": "soon"})";
  check_request(op, bad, {}, r);
  ASSERT_FALSE(r.valid);
  ASSERT_GE(r.findings.size(), 4u);
  HttpRequest warned;
  warned.body = R"({"name": "ci", "policies": [], "condition": {"request_ip": {"in": ["10.0.0.0/8"],
                   "not_in": ["10.0.0.0/7"]}}})";
  check_request(op, warned, {}, r);
  EXPECT_TRUE(r.valid);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TG_CIDR_EXCLUDED");
  EXPECT_EQ(r.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(r.findings[0].pointer, "/condition/request_ip/not_in/0");
  EXPECT_EQ(r.findings[0].location, "body");
  expect_same(r, check_request(op, warned), "the warning");
}

TEST(ResultReuse, RouteHeaderAndNoteFindingsReplaceABodysFindings) {
  const auto catalog = Catalog::embedded();
  CheckResult r;
  // A body finding first, then a request no route matches: no operation,
  // the route finding alone.
  HttpRequest warned;
  warned.method = "PUT";
  warned.path = "/user/tokens/ed17574386854bf78a67040be0a770b0";
  warned.body = R"({"name": "ci", "policies": [], "condition": {"request_ip": {"in": ["10.0.0.0/8"],
                   "not_in": ["10.0.0.0/7"]}}})";
  check_request(*catalog, warned, {}, r);
  ASSERT_EQ(r.findings.size(), 1u);
  ASSERT_FALSE(r.notes.empty());  // no headers given
  HttpRequest nowhere;
  nowhere.method = "GET";
  nowhere.path = "/no/such/route";
  check_request(*catalog, nowhere, {}, r);
  EXPECT_EQ(r.operation, nullptr);
  expect_same(r, check_request(*catalog, nowhere), "no route");
  EXPECT_EQ(r.findings.at(0).location, "route");
  // Headers with a finding of their own, then none: notes and findings
  // both go.
  const std::vector<HttpHeader> none;
  HttpRequest unauthorised = warned;
  unauthorised.headers = &none;
  check_request(*catalog, unauthorised, {}, r);
  expect_same(r, check_request(*catalog, unauthorised), "no credentials");
  const std::vector<HttpHeader> headers = {{"Authorization", "Bearer abcdefghijklmnopqrstuvwxyz0123456789"},
                                           {"Content-Type", "application/json"}};
  HttpRequest clean = warned;
  clean.headers = &headers;
  clean.body = R"({"name": "ci", "policies": []})";
  check_request(*catalog, clean, {}, r);
  EXPECT_TRUE(r.valid);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.notes.empty());
}

}  // namespace
}  // namespace tokenguard
