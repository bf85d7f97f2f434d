// The two body readers, simdjson's tape (the default) and nlohmann::json,
// give one result: the same verdict, findings and notes on every bundled
// example and on every kind of bad input, collecting all or failing fast.
// And the body limits per direction: a request keeps the safe 1 MiB bound,
// a list response may be large and is checked whole.
#include <algorithm>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "example_payloads.h"
#include "same_result.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

CheckOptions with(BodyReader reader, bool fail_fast) {
  CheckOptions o;
  o.reader = reader;
  o.fail_fast = fail_fast;
  return o;
}

using testing::expect_same;

CheckResult check_body(const Operation& op, bool request, int status, std::string_view body, const CheckOptions& o) {
  if (!request) return check_response(op, status, body, o);
  HttpRequest req;
  req.body = body;
  return check_request(op, req, o);
}

void expect_readers_agree(const Operation& op, bool request, int status, std::string_view body,
                          const std::string& what) {
  for (const bool fast : {false, true}) {
    expect_same(check_body(op, request, status, body, with(BodyReader::kSimdjson, fast)),
                check_body(op, request, status, body, with(BodyReader::kNlohmann, fast)),
                what + (fast ? " (fail-fast)" : ""));
  }
}

const Operation& op(const char* id) { return *Catalog::embedded()->find(id); }

TEST(BodyReaders, AgreeOnEveryBundledExample) {
  std::size_t n = 0;
  for (const auto& e : testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog")) {
    expect_readers_agree(*e.operation, e.request, e.status, e.body,
                         e.operation->id + (e.request ? " request" : " response"));
    ++n;
  }
  EXPECT_GT(n, 100u);
}

TEST(BodyReaders, AgreeOnBadInput) {
  const std::vector<std::string> bodies = {
      "", "   ", "\xEF\xBB\xBF{}", std::string("{\"name\":\"a\"}\0", 13), "{\"name\":\"a\"} x", "{\"name\":",
      R"({"name":"a","name":"b"})", R"({"name":"a","NAME":"b"})", R"({"name":"a","\u212Aey":1,"key":2})",
      R"({"Name":"a","policies":[]})", std::string(70, '[') + std::string(70, ']'),
      R"({"name":"t","policies":[],"x":1e400})", R"({"name":"t","policies":[],"x":-1e-400})",
      R"({"name":"t","policies":[],"x":123456789012345678901234567890})",
      R"({"name":"t","policies":[],"x":-9223372036854775809})", R"({"name":"t","policies":[],"x":18446744073709551615})",
      R"({"name":"\ud800"})", R"({"name":"\udc00x"})", "{\"name\":\"\xff\"}", "{\"name\":\"\xc0\xaf\"}",
      R"({"name":"a\u0000b","policies":[]})", R"({"client_secret_version":-0})", R"({"client_secret_version":0.5})",
      R"({"":1,"a~b/c":2,"name":7})", R"({"z":1,"y":2,"x":3,"name":4,"policies":5})", "null", "[]", "7", "\"x\"",
      R"({"name":"t","policies":[{"effect":"allow","resources":{"com.cloudflare.api.account.x":"*"},"permission_groups":[{"id":"nope"}]}]})",
      R"({"name":"t","policies":[],"not_before":"2030-01-01T00:00:00Z","expires_on":"2020-01-01T00:00:00Z"})",
      R"({"name":"t","policies":[],"condition":{"request_ip":{"in":["10.0.0.0/8","10.0.0.0/8"],"not_in":["10.0.0.0/7"]}}})",
      // semantic members deep among objects and arrays that hold none
      R"({"name":"t","policies":[],"x":[{"a":{"b":[]}},{"b":[[],{"request_ip":{"in":["10.0.0.0/8"],"not_in":["10.0.0.0/7"]}}]},{"c":{"client_secret_version":0.5}}]})",
  };
  for (const char* id : {"cloudflare.user.tokens.create", "cloudflare.access.service_tokens.update",
                         "softwareone.tokens.create"}) {
    const Operation* o = Catalog::embedded()->find(id);
    if (o == nullptr) continue;
    for (const std::string& b : bodies) {
      expect_readers_agree(*o, true, 0, b, std::string(id) + " request " + json(b).dump(-1, ' ', true, json::error_handler_t::replace));
      expect_readers_agree(*o, false, 200, b, std::string(id) + " response " + json(b).dump(-1, ' ', true, json::error_handler_t::replace));
    }
  }
}

TEST(BodyReaders, MembersAreReadInKeyOrderWhateverTheirOrderInTheBody) {
  const auto r = check_response(op("cloudflare.access.service_tokens.update"), 200,
                                R"({"success":true,"errors":[],"messages":[],"result":{"updated_at":1,"name":2,"created_at":3}})");
  ASSERT_GE(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[0].pointer, "/result/created_at");
  EXPECT_EQ(r.findings[1].pointer, "/result/name");
  EXPECT_EQ(r.findings[2].pointer, "/result/updated_at");
}

// A body the schema passes has its semantic checks read on the raw tape,
// at the objects the plan named, which it names in the body's order: the
// findings still come as the walk of a parsed document gives them, members
// in the byte order of their keys and each object before those inside it.
TEST(BodyReaders, SemanticFindingsComeInKeyOrderWhateverTheBodysOrder) {
  const std::string body = R"({
    "policies": [
      {"effect": "allow", "permission_groups": [{"id": "6d7f2f5f5b1d4a0e9081fdc98d432fd1"}],
       "resources": {"com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4": {"com.example.zone.*": "*"}}},
      {"effect": "deny", "permission_groups": [{"id": "6d7f2f5f5b1d4a0e9081fdc98d432fd2"}],
       "resources": {"com.example.b": "*"}}],
    "not_before": "2030-01-01T00:00:00Z", "name": "t", "expires_on": "2020-01-01T00:00:00Z",
    "condition": {"request.ip": {"in": ["10.0.0.0/8"], "not_in": ["10.0.0.0/7"]},
                  "request_ip": {"in": ["10.0.0.0/8", "10.0.0.0/8"], "not_in": ["10.0.0.0/7"]}}})";
  const Operation& create = op("cloudflare.user.tokens.create");
  expect_readers_agree(create, true, 0, body, "sites out of key order");
  HttpRequest req;
  req.body = body;
  const CheckResult r = check_request(create, req);
  std::vector<std::string> pointers;
  for (const Finding& f : r.findings) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{
                          "/not_before",
                          "/condition/request_ip/in/1",
                          "/condition/request_ip/not_in/0",
                          "/condition/request.ip/not_in/0",
                          "/policies/0/resources/com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4/com.example.zone.*",
                          "/policies/1/resources/com.example.b",
                      }));
}

// The tape tells the semantic checks when no key of the body is one they
// look for; they then skip their walk, which must change nothing: not the
// findings of a body that has such keys (in an object of more than 16
// members too), and not the work bound of one that has none.
TEST(BodyReaders, SemanticChecksReadKeysAsGoDoes) {
  // Go's encoding/json (and ASP.NET) read "NOT_BEFORE", or "expire\u017f_on"
  // (U+017F folds to 's'), as the member: the checks do too, and the
  // finding points at the key as written.
  const Operation& rotate = op("cloudflare.access.service_tokens.rotate");
  for (const std::string& body : {std::string(R"({"NOT_BEFORE": "2030-01-01T00:00:00Z", "Expires_On": "2020-01-01T00:00:00Z"})"),
                                  std::string(R"({"NOT_BEFORE": "2030-01-01T00:00:00Z", "expire\u017f_on": "2020-01-01T00:00:00Z"})")}) {
    HttpRequest req;
    req.body = body;
    const CheckResult r = check_request(rotate, req);
    EXPECT_FALSE(r.valid) << body;
    const auto it = std::find_if(r.findings.begin(), r.findings.end(),
                                 [](const Finding& f) { return f.code == "TG_NOT_BEFORE_AFTER_EXPIRY"; });
    ASSERT_NE(it, r.findings.end()) << body;
    EXPECT_EQ(it->pointer, "/NOT_BEFORE");
    expect_readers_agree(rotate, true, 0, body, body);
  }
}

TEST(BodyReaders, SemanticChecksFindTheirKeysInObjectsOfAnySize) {
  std::string body = R"({"name":"t","policies":[],"not_before":"2030-01-01T00:00:00Z","expires_on":"2020-01-01T00:00:00Z")";
  for (int i = 0; i < 20; ++i) body += ",\"x" + std::to_string(i) + "\":" + std::to_string(i);
  body += "}";
  const auto& create = op("cloudflare.user.tokens.create");
  expect_readers_agree(create, true, 0, body, "20 more members");
  HttpRequest req;
  req.body = body;
  const auto r = check_request(create, req);
  EXPECT_TRUE(std::any_of(r.findings.begin(), r.findings.end(),
                          [](const Finding& f) { return f.code == "TG_NOT_BEFORE_AFTER_EXPIRY"; }));
}

// An object whose keys are all lower-case ASCII skips the fold check
// against properties named the same way; one upper-case key anywhere in it
// brings the check back.
TEST(BodyReaders, KeyCaseIsCheckedUnlessEveryKeyIsLowerCase) {
  const auto& update = op("cloudflare.access.service_tokens.update");
  const std::string lower = R"({"success":true,"errors":[],"messages":[],"result":{"name":"x","client_id":"y"}})";
  const std::string upper = R"({"success":true,"errors":[],"messages":[],"result":{"Name":"x","client_id":"y"}})";
  const std::string outer = R"({"Success":true,"errors":[],"messages":[],"result":{"name":"x"}})";
  for (const std::string* body : {&lower, &upper, &outer}) expect_readers_agree(update, false, 200, *body, *body);
  const auto codes = [&](const std::string& body) {
    std::vector<std::string> out;
    for (const Finding& f : check_response(update, 200, body).findings) out.push_back(f.code + " " + f.pointer);
    return out;
  };
  EXPECT_TRUE(codes(lower).empty());
  EXPECT_EQ(codes(upper), std::vector<std::string>{"TG_JSON_KEY_CASE_VARIANT /result/Name"});
  const auto o = codes(outer);
  EXPECT_NE(std::find(o.begin(), o.end(), "TG_JSON_KEY_CASE_VARIANT /Success"), o.end());
}

TEST(BodyReaders, SemanticWorkBoundHoldsWithoutTheirKeys) {
  std::string body = R"({"success":true,"errors":[],"messages":[],"result":{"name":"n","x":[)";
  for (int i = 0; i < 200; ++i) body += std::string(i == 0 ? "" : ",") + "[]";
  body += "]}}";
  const auto& update = op("cloudflare.access.service_tokens.update");
  for (const std::size_t work : {std::size_t{150}, std::size_t{10000}}) {
    CheckOptions a = with(BodyReader::kSimdjson, false), b = with(BodyReader::kNlohmann, false);
    a.max_work = b.max_work = work;
    const auto simd = check_response(update, 200, body, a);
    expect_same(simd, check_response(update, 200, body, b), "max_work " + std::to_string(work));
    EXPECT_EQ(std::any_of(simd.findings.begin(), simd.findings.end(),
                          [](const Finding& f) { return f.code == "TG_WORK_LIMIT"; }),
              work == 150)
        << work;
  }
}

TEST(BodyReaders, APaddedBodyGivesTheSameResult) {
  std::string body = R"({"name":"ci","policies":[],"expires_on":"not a date"})";
  const std::size_t size = body.size();
  body.append(kBodyPadding, 'x');  // whatever lies after the body is never read as JSON
  CheckOptions padded;
  padded.body_padded = true;
  HttpRequest req;
  req.body = std::string_view(body).substr(0, size);
  expect_same(check_request(op("cloudflare.user.tokens.create"), req, padded),
              check_request(op("cloudflare.user.tokens.create"), req), "padded");
}

std::string token_list(std::size_t n) {
  json doc = json::parse(R"({"success":true,"errors":[],"messages":[],"result":[]})");
  for (std::size_t i = 0; i < n; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "f174e90a-fafe-4643-bbbc-%012zx", i);
    doc["result"].push_back({{"client_id", "88bf3b6d86161464f6509f7219099e57.access.example.com"},
                             {"created_at", "2014-01-01T05:20:00.12345Z"},
                             {"duration", "60m"},
                             {"expires_at", "2015-01-01T05:20:00.12345Z"},
                             {"id", id},
                             {"last_seen_at", "2014-06-01T05:20:00.12345Z"},
                             {"name", "token " + std::to_string(i)},
                             {"updated_at", "2014-01-01T05:20:00.12345Z"}});
  }
  return doc.dump();
}

TEST(BodyLimits, ATenThousandTokenListIsCheckedWhole) {
  const std::string body = token_list(10000);
  ASSERT_GT(body.size(), std::size_t{3} << 20);
  const auto r = check_response(op("cloudflare.access.service_tokens.list"), 200, body);
  EXPECT_TRUE(r.valid);
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().code;
  const auto n = check_response(op("cloudflare.access.service_tokens.list"), 200, body, with(BodyReader::kNlohmann, false));
  expect_same(r, n, "10,000 tokens");
}

TEST(BodyLimits, AnErrorDeepInALargeListIsFound) {
  std::string body = token_list(5000);
  const std::size_t at = body.rfind("\"60m\"");
  body.replace(at, 5, "\"60x\"");
  const auto r = check_response(op("cloudflare.access.service_tokens.list"), 200, body);
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.front().code, "TG_FORMAT");
  EXPECT_EQ(r.findings.front().pointer, "/result/4999/duration");
}

TEST(BodyLimits, RequestsKeepTheOneMebibyteBound) {
  HttpRequest req;
  const std::string body = "{\"name\":\"" + std::string((1u << 20) + 1, 'a') + "\"}";
  req.body = body;
  const auto r = check_request(op("cloudflare.user.tokens.create"), req);
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.front().code, "TG_BODY_TOO_LARGE");
}

TEST(BodyLimits, ResponsesHaveTheirOwnBound) {
  CheckOptions o;
  o.max_response_bytes = 1000;
  const auto r = check_response(op("cloudflare.access.service_tokens.list"), 200, token_list(10), o);
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.front().code, "TG_BODY_TOO_LARGE");
  o.limits.max_bytes = 10;  // the request bound does not apply to responses
  o.max_response_bytes = std::size_t{32} << 20;
  EXPECT_TRUE(check_response(op("cloudflare.access.service_tokens.list"), 200, token_list(10), o).valid);
}

}  // namespace
}  // namespace tokenguard
