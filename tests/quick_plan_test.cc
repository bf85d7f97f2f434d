// The verdict-only plan (src/schema/quick_plan.h) says "clean" only where
// the full path finds nothing. Every bundled example, and every variant of
// the clean ones (each member or item removed, retyped, made a number past
// int32, renamed by case, repeated, joined by an undeclared or a semantic
// member), gives one result with the plan and without it. And the plan
// does decide: most clean responses never reach the full path, and no
// clean SoftwareOne response does.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "example_payloads.h"
#include "json_tape.h"
#include "same_result.h"
#include "schema/program.h"
#include "schema/quick_plan.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/finding.h"
#include "tokenguard/finding_codes.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;
using testing::expect_same;

CheckResult check(const Operation& op, bool request, int status, std::string_view body, bool plan,
                  bool fail_fast = false) {
  CheckOptions o;
  o.quick_plan = plan;
  o.fail_fast = fail_fast;
  if (!request) return check_response(op, status, body, o);
  HttpRequest req;
  req.body = body;
  return check_request(op, req, o);
}

// The plan's verdict alone (nothing else consulted).
detail::QuickVerdict plan_verdict(const Operation& op, bool request, int status, std::string_view body) {
  const Schema* schema = request && op.request_body ? &*op.request_body : nullptr;
  if (!request) {
    const auto it = op.responses.find(std::to_string(status));
    if (it != op.responses.end()) schema = &it->second;
  }
  if (schema == nullptr || !schema->ok()) return detail::QuickVerdict::kUnknown;
  const detail::QuickPlan* plan = detail::quick_plan(*detail::SchemaAccess::program(*schema),
                                                     request ? Direction::kRequest : Direction::kResponse);
  detail::TapeDocument tape;
  if (plan == nullptr || !tape.load(body, false)) return detail::QuickVerdict::kUnknown;
  detail::QuickLimits limits;
  limits.max_body_depth = InputLimits{}.max_depth;
  limits.max_eval_depth = ValidateOptions{}.max_depth;
  limits.max_work = CheckOptions{}.max_work;
  return detail::quick_verdict(*plan, tape.raw(), limits);
}

// Whether the plan alone finds the body clean.
bool plan_decides(const Operation& op, bool request, int status, std::string_view body) {
  return plan_verdict(op, request, status, body) == detail::QuickVerdict::kClean;
}

void expect_plan_agrees(const Operation& op, bool request, int status, std::string_view body,
                        const std::string& what) {
  for (const bool fail_fast : {false, true})
    expect_same(check(op, request, status, body, true, fail_fast), check(op, request, status, body, false, fail_fast),
                what + (fail_fast ? " (fail-fast)" : ""));
}

const std::vector<testing::ExamplePayload>& examples() {
  static const auto all = testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog");
  return all;
}

std::string name_of(const testing::ExamplePayload& e) {
  return e.operation->id + (e.request ? " request" : " response " + std::to_string(e.status));
}

TEST(QuickPlan, AgreesOnEveryBundledExample) {
  for (const auto& e : examples()) expect_plan_agrees(*e.operation, e.request, e.status, e.body, name_of(e));
}

TEST(QuickPlan, DecidesMostCleanResponses) {
  std::size_t clean = 0, decided = 0;
  for (const auto& e : examples()) {
    const CheckResult full = check(*e.operation, e.request, e.status, e.body, false);
    const bool by_plan = plan_decides(*e.operation, e.request, e.status, e.body);
    if (by_plan) {
      // What the plan decides, the full path finds clean.
      EXPECT_TRUE(full.valid && full.findings.empty()) << name_of(e);
      ++decided;
    }
    if (!e.request && full.valid && full.findings.empty()) ++clean;
  }
  std::printf("%zu clean responses; the plan decides %zu bodies\n", clean, decided);
  EXPECT_GE(decided * 2, clean);
}

// --- Variants of the clean examples

// A key as a JSON pointer's reference token.
std::string token(const std::string& key) {
  std::string out;
  for (const char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

enum class Change {
  kRemove, kNumber, kLargeNumber, kFloat, kString, kEmptyString, kLongString, kNonAscii, kNull, kTrue, kObject, kArray,
  kUpperKey, kRepeat, kUndeclared, kSemantic, kQuietSemantic, kWindow,
};
constexpr Change kChanges[] = {Change::kRemove,     Change::kNumber,    Change::kLargeNumber, Change::kFloat,  Change::kString,
                               Change::kEmptyString, Change::kLongString, Change::kNonAscii, Change::kNull,
                               Change::kTrue,       Change::kObject,    Change::kArray,  Change::kUpperKey,
                               Change::kRepeat,     Change::kUndeclared, Change::kSemantic,
                               Change::kQuietSemantic, Change::kWindow};

std::string replacement(Change c, const json& old) {
  switch (c) {
    case Change::kNumber: return "12345";
    case Change::kLargeNumber: return "3000000000";  // past int32
    case Change::kFloat: return "1.5";
    case Change::kString: return "\"x\"";
    case Change::kEmptyString: return "\"\"";
    case Change::kLongString: return json(std::string(300, 'a')).dump();
    case Change::kNonAscii: return "\"\\u00e9t\\u00e9\"";
    case Change::kNull: return "null";
    case Change::kTrue: return "true";
    case Change::kObject: return "{}";
    case Change::kArray: return "[]";
    default: return old.dump();
  }
}

// The body with one change at the member or item `target` (a pointer);
// kUndeclared and kSemantic add a member to the object at `target`.
// `reversed`: each object's members in descending key order (otherwise
// ascending), so a check that reports in key order meets both.
std::string render(const json& v, const std::string& here, const std::string& target, Change c,
                   bool reversed = false) {
  if (v.is_object()) {
    std::string out = "{";
    const auto emit = [&](const std::string& key, const std::string& text) {
      if (out.size() > 1) out += ",";
      out += json(key).dump() + ":" + text;
    };
    std::vector<std::string> keys;
    for (const auto& [key, child] : v.items()) keys.push_back(key);
    if (reversed) std::reverse(keys.begin(), keys.end());
    for (const std::string& key : keys) {
      const json& child = v.at(key);
      const std::string at = here + "/" + token(key);
      if (at != target) {
        emit(key, render(child, at, target, c, reversed));
        continue;
      }
      switch (c) {
        case Change::kRemove: break;
        case Change::kUpperKey: {
          std::string upper = key;
          for (char& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
          emit(upper, child.dump());
          break;
        }
        case Change::kRepeat:
          emit(key, child.dump());
          emit(key, child.dump());
          break;
        case Change::kUndeclared:
        case Change::kSemantic:
        case Change::kQuietSemantic:
        case Change::kWindow: emit(key, render(child, at, at + "/", c, reversed)); break;
        default: emit(key, replacement(c, child));
      }
    }
    if (here + "/" == target && c == Change::kUndeclared) emit("tokenguard_undeclared", "1");
    if (here + "/" == target && c == Change::kSemantic) emit("client_secret_version", "0.5");
    if (here + "/" == target && c == Change::kQuietSemantic) emit("client_secret_version", "3");
    if (here + "/" == target && c == Change::kWindow) {
      emit("not_before", "\"2030-01-01T00:00:00Z\"");
      emit("expires_on", "\"2020-01-01T00:00:00Z\"");
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string at = here + "/" + std::to_string(i);
      std::string text = render(v[i], at, target, c, reversed);
      if (at == target) {
        if (c == Change::kRemove) continue;
        if (c == Change::kRepeat) text += "," + v[i].dump();
        else if (c < Change::kUpperKey)
          text = replacement(c, v[i]);
      }
      if (out.size() > 1) out += ",";
      out += text;
    }
    return out + "]";
  }
  return v.dump();
}

void paths(const json& v, const std::string& here, std::vector<std::string>& out) {
  out.push_back(here);
  if (v.is_object())
    for (const auto& [key, child] : v.items()) paths(child, here + "/" + token(key), out);
  if (v.is_array())
    for (std::size_t i = 0; i < v.size(); ++i) paths(v[i], here + "/" + std::to_string(i), out);
}

// Every valid example (warnings allowed: the semantic checks' findings,
// which the plan's sites must give in the full path's order), each change,
// keys in ascending and in descending order.
TEST(QuickPlan, AgreesOnVariantsOfEveryValidExample) {
  std::size_t variants = 0, clean = 0;
  for (const auto& e : examples()) {
    const json doc = json::parse(e.body, nullptr, false);
    if (doc.is_discarded()) continue;
    const CheckResult full = check(*e.operation, e.request, e.status, e.body, false);
    if (!full.valid) continue;
    std::vector<std::string> targets;
    paths(doc, "", targets);
    for (const std::string& target : targets) {
      for (const Change c : kChanges) {
        // (the root's own changes: only the added members)
        const bool adds = c >= Change::kUndeclared;
        if (target.empty() && !adds) continue;
        const std::string at = adds ? target + "/" : target;
        for (const bool reversed : {false, true}) {
          const std::string body = render(doc, "", at, c, reversed);
          const CheckResult with = check(*e.operation, e.request, e.status, body, true);
          expect_same(with, check(*e.operation, e.request, e.status, body, false),
                      name_of(e) + " change " + std::to_string(static_cast<int>(c)) + " at " + target + ": " + body);
          ++variants;
          clean += with.valid && with.findings.empty();
          if (::testing::Test::HasFailure()) return;  // one body is enough to read
        }
      }
    }
  }
  std::printf("%zu variants, %zu of them clean\n", variants, clean);
  EXPECT_GT(variants, 5000u);
}

// --- What the plan leaves to the full path, one case each

const Operation& op(const char* id) { return *Catalog::embedded()->find(id); }

constexpr char kSeed[] = R"({"success": true, "errors": [], "messages": [], "result": {
  "client_id": "88bf3b6d86161464f6509f7219099e57.access.example.com",
  "created_at": "2014-01-01T05:20:00.12345Z", "duration": "60m",
  "expires_at": "2014-01-01T05:20:00.12345Z", "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
  "last_seen_at": "2014-01-01T05:20:00.12345Z", "name": "CI/CD token",
  "updated_at": "2014-01-01T05:20:00.12345Z"%s}})";

std::string seed(const std::string& extra = "") {
  std::string s = kSeed;
  s.replace(s.find("%s"), 2, extra);
  return s;
}

bool has_code(const CheckResult& r, FindingCode code) {
  for (const Finding& f : r.findings)
    if (f.code == code_string(code)) return true;
  return false;
}

TEST(QuickPlan, DecidesTheSeedResponse) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  EXPECT_TRUE(plan_decides(update, false, 200, seed()));
  const CheckResult r = check(update, false, 200, seed(), true);
  EXPECT_TRUE(r.valid && r.findings.empty());
}

TEST(QuickPlan, LeavesARepeatedDeclaredKeyToTheFullPath) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  const std::string body = seed(R"(, "name": "again")");
  EXPECT_FALSE(plan_decides(update, false, 200, body));
  const CheckResult r = check(update, false, 200, body, true);
  EXPECT_FALSE(r.valid);
  EXPECT_TRUE(has_code(r, FindingCode::TG_JSON_DUPLICATE_KEY));
}

TEST(QuickPlan, LeavesACaseVariantKeyToTheFullPath) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  const std::string body = seed(R"(, "Name": "again")");
  EXPECT_FALSE(plan_decides(update, false, 200, body));
  EXPECT_TRUE(has_code(check(update, false, 200, body, true), FindingCode::TG_JSON_KEY_CASE_VARIANT));
}

TEST(QuickPlan, LeavesASemanticMemberToTheFullPath) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  const std::string body = seed(R"(, "client_secret_version": 1.5)");
  EXPECT_FALSE(plan_decides(update, false, 200, body));
  EXPECT_TRUE(has_code(check(update, false, 200, body, true), FindingCode::TG_CLIENT_SECRET_VERSION));
}

TEST(QuickPlan, LeavesAReadOnlyMemberOfARequestToTheFullPath) {
  const Operation& update = op("cloudflare.user.tokens.update");
  const std::string plain = R"({"name": "t", "policies": [], "status": "active"})";
  const std::string body = R"({"name": "t", "policies": [], "status": "active", "issued_on": "2018-07-01T05:20:00Z"})";
  EXPECT_TRUE(plan_decides(update, true, 0, plain));
  EXPECT_FALSE(plan_decides(update, true, 0, body));
  EXPECT_TRUE(has_code(check(update, true, 0, body, true), FindingCode::TG_READ_ONLY));
}

TEST(QuickPlan, LeavesOnlyTheSemanticChecksForTheUserTokenRequest) {
  // Its resources take a oneOf of two additionalProperties maps; its CIDR
  // conditions and policy are the semantic checks' to read.
  const Operation& update = op("cloudflare.user.tokens.update");
  const auto& e = *std::find_if(examples().begin(), examples().end(), [&](const testing::ExamplePayload& x) {
    return x.operation == &update && x.request;
  });
  EXPECT_EQ(plan_verdict(update, true, 0, e.body), detail::QuickVerdict::kSchemaClean);
  const CheckResult r = check(update, true, 0, e.body, true);
  EXPECT_TRUE(r.valid);
  EXPECT_TRUE(has_code(r, FindingCode::TG_CIDR_EXCLUDED));
  // Without those members the plan decides it whole.
  EXPECT_EQ(plan_verdict(update, true, 0, R"({"name": "t", "status": "active", "policies": []})"),
            detail::QuickVerdict::kClean);
}

TEST(QuickPlan, DecidesAOneOfOnlyWhereEveryOtherBranchSurelyFails) {
  const Operation& update = op("cloudflare.user.tokens.update");
  const auto body = [](const std::string& resources) {
    return R"({"name": "t", "status": "active", "policies": [{"effect": "allow", "permission_groups": [], "resources": )" +
           resources + "}]}";
  };
  // Flat and nested maps: one branch each.
  for (const std::string& resources : {std::string(R"({"com.cloudflare.api.account.zone.*": "*"})"),
                                       std::string(R"({"com.cloudflare.api.account.*": {"com.cloudflare.api.account.zone.*": "*"}})")})
    EXPECT_EQ(plan_verdict(update, true, 0, body(resources)), detail::QuickVerdict::kSchemaClean) << resources;
  // Both branches hold ({}), neither does (a string, a number value, a
  // mix), a repeated or upper-case key: the full path decides, and agrees.
  for (const std::string& resources :
       {std::string("{}"), std::string(R"("x")"), std::string(R"({"com.cloudflare.api.account.*": 1})"),
        std::string(R"({"com.cloudflare.api.account.*": "*", "com.cloudflare.api.user.*": {"a": "b"}})"),
        std::string(R"({"com.cloudflare.api.account.*": "*", "com.cloudflare.api.account.*": "*"})"),
        std::string(R"({"Com.cloudflare.api.account.*": "*", "com.cloudflare.api.account.*": "*"})")}) {
    EXPECT_EQ(plan_verdict(update, true, 0, body(resources)), detail::QuickVerdict::kUnknown) << resources;
    expect_plan_agrees(update, true, 0, body(resources), resources);
  }
}

// A policy whose resource keys and permission group id earn findings, its
// keys written in descending order.
std::string odd_policy(int n) {
  const std::string id = std::to_string(n);
  return R"({"resources": {"com.cloudflare.api.user.)" + id + R"(": "*", "com.cloudflare.api.account.zone.)" + id +
         R"(": "*", "a.new.kind.)" + id + R"(": "*"}, "permission_groups": [{"id": "g)" + id +
         R"("}], "effect": "allow"})";
}

TEST(QuickPlan, ReadsItsSemanticSitesInTheFullPathsOrder) {
  const Operation& update = op("cloudflare.user.tokens.update");
  const std::string body = R"({"status": "active", "policies": [)" + odd_policy(2) + "," + odd_policy(1) +
                           R"(], "not_before": "2030-01-01T00:00:00Z", "name": "t", "expires_on": "2020-01-01T00:00:00Z",
    "condition": {"request_ip": {"not_in": ["10.0.0.0/8", "10.1.0.0/16"], "in": ["10.1.0.0/16", "10.1.0.0/16"]},
                  "request.ip": {"not_in": ["::/0"], "in": ["2606:4700::/32"]}}})";
  EXPECT_EQ(plan_verdict(update, true, 0, body), detail::QuickVerdict::kSchemaClean);
  const CheckResult r = check(update, true, 0, body, true);
  EXPECT_GE(r.findings.size(), 10u);
  expect_plan_agrees(update, true, 0, body, "sites");
  for (const std::size_t cap : {1u, 3u, 7u}) {  // the cap keeps the same first findings
    CheckOptions on, off;
    on.max_findings = off.max_findings = cap;
    off.quick_plan = false;
    HttpRequest req;
    req.body = body;
    expect_same(check_request(update, req, on), check_request(update, req, off), "cap " + std::to_string(cap));
  }
}

TEST(QuickPlan, IndexesTheTapeWhenItMeetsMoreSitesThanItKeeps) {
  const Operation& update = op("cloudflare.user.tokens.update");
  std::string policies;
  for (int n = 0; n < static_cast<int>(detail::QuickSites::kMax) + 2; ++n)
    policies += (n == 0 ? "" : ",") + odd_policy(n);
  const std::string body = R"({"status": "active", "policies": [)" + policies + R"(], "name": "t"})";
  EXPECT_EQ(plan_verdict(update, true, 0, body), detail::QuickVerdict::kSchemaClean);
  expect_plan_agrees(update, true, 0, body, "overflow");
}

TEST(QuickPlan, KeepsItsCidrParsesForTheSemanticChecks) {
  const Operation& update = op("cloudflare.user.tokens.update");
  // Lists of `n` entries each in both spellings: past kMaxPrefixes in all,
  // the later entries are parsed again by the semantic checks. Each not_in
  // entry covers a different in entry, so a parse taken for the wrong
  // string would change the findings' messages.
  for (const std::size_t n : {std::size_t{1}, std::size_t{3}, detail::QuickSites::kMaxPrefixes / 2 + 1}) {
    std::string in, not_in;
    for (std::size_t k = 0; k < n; ++k) {
      in += (k ? ", " : "") + std::string("\"10.") + std::to_string(k) + ".0.0/16\", \"2606:" + std::to_string(k + 1) + "::/32\"";
      not_in += (k ? ", " : "") + std::string("\"10.") + std::to_string(n - 1 - k) + ".0.0/15\"";
    }
    const std::string lists = R"({"in": [)" + in + R"(], "not_in": [)" + not_in + "]}";
    const std::string body = R"({"name": "t", "status": "active", "policies": [], "condition": {"request_ip": )" + lists +
                             R"(, "request.ip": )" + lists + "}}";
    ASSERT_EQ(plan_verdict(update, true, 0, body), detail::QuickVerdict::kSchemaClean) << body;
    detail::TapeDocument tape;
    ASSERT_TRUE(tape.load(body, false));
    detail::QuickSites sites;
    detail::QuickLimits limits;
    limits.max_body_depth = InputLimits{}.max_depth;
    limits.max_eval_depth = ValidateOptions{}.max_depth;
    limits.max_work = CheckOptions{}.max_work;
    ASSERT_EQ(detail::quick_verdict(*detail::quick_plan(*detail::SchemaAccess::program(*update.request_body),
                                                        Direction::kRequest),
                                    tape.raw(), limits, &sites),
              detail::QuickVerdict::kSchemaClean);
    EXPECT_EQ(sites.prefix_count, std::min(6 * n, detail::QuickSites::kMaxPrefixes));
    for (std::size_t k = 0; k < sites.prefix_count; ++k) {
      const std::string_view text = detail::tape_string(tape.raw().strings, tape.raw().words[sites.prefixes[k].at]);
      EXPECT_EQ(to_string(sites.prefixes[k].prefix), text) << k;
      if (k > 0) {
        EXPECT_LT(sites.prefixes[k - 1].at, sites.prefixes[k].at);
      }
    }
    const CheckResult r = check(update, true, 0, body, true);
    EXPECT_EQ(std::count_if(r.findings.begin(), r.findings.end(),
                            [](const Finding& f) { return f.code == "TG_CIDR_EXCLUDED"; }),
              static_cast<std::ptrdiff_t>(2 * n));
    expect_plan_agrees(update, true, 0, body, "cidr lists of " + std::to_string(n));
  }
}

// The plan's verdict on a user-token request on `tape`, with its sites.
detail::QuickVerdict verdict_with_sites(const Operation& op, const detail::TapeDocument& tape, detail::QuickSites& sites) {
  detail::QuickLimits limits;
  limits.max_body_depth = InputLimits{}.max_depth;
  limits.max_eval_depth = ValidateOptions{}.max_depth;
  limits.max_work = CheckOptions{}.max_work;
  return detail::quick_verdict(*detail::quick_plan(*detail::SchemaAccess::program(*op.request_body), Direction::kRequest),
                               tape.raw(), limits, &sites);
}

TEST(QuickPlan, KeepsEachSitesSemanticMembers) {
  const Operation& update = op("cloudflare.user.tokens.update");
  const std::string body = R"({"not_before": "2030-01-01T00:00:00Z", "name": "t", "expires_on": "2020-01-01T00:00:00Z",
    "policies": [{"effect": "allow", "resources": {"com.cloudflare.api.account.*": "*"}, "permission_groups": [{"id": "g"}]}],
    "condition": {"request.ip": {"in": ["10.0.0.0/8"]}, "request_ip": {"in": ["10.0.0.0/8"], "not_in": ["10.0.0.0/7"]}}})";
  detail::TapeDocument tape;
  ASSERT_TRUE(tape.load(body, false));
  detail::QuickSites sites;
  ASSERT_EQ(verdict_with_sites(update, tape, sites), detail::QuickVerdict::kSchemaClean);
  // Each site as the names of its semantic members, by SemanticKey, and
  // each name read back from the tape where the plan kept its key.
  std::vector<std::vector<std::string>> seen;
  for (std::size_t s = 0; s < sites.count; ++s) {
    std::vector<std::string> names;
    for (std::size_t k = 0; k < detail::QuickSites::kSemanticKeys; ++k)
      if ((sites.members[s].found & (1u << k)) != 0)
        names.emplace_back(detail::tape_string(tape.raw().strings, tape.raw().words[sites.members[s].key_at[k]]));
    seen.push_back(names);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::vector<std::string>>{
                      {"not_before", "expires_on"}, {"request_ip", "request.ip"}, {"resources", "permission_groups"}}));
  expect_plan_agrees(update, true, 0, body, "site members");
}

// An operation whose request body has `schema` (OpenAPI 3.0).
std::shared_ptr<const Catalog> one_schema(const std::string& schema) {
  return Catalog::from_openapi(json::parse(R"({
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "paths": {"/x": {"post": {"operationId": "x",
      "requestBody": {"required": true, "content": {"application/json": {"schema": )" + schema + R"(}}},
      "responses": {"204": {"description": "ok"}}}}}})"));
}

TEST(QuickPlan, CountsABranchItCannotDecideAsOneThatMayHold) {
  // The second branch's `not` is beyond the plan, and it holds for "abc":
  // two branches hold, so the oneOf fails. The plan must not call the
  // second branch failed because it could not walk it.
  const auto catalog = one_schema(R"({"type": "object", "properties": {"v": {"oneOf": [
      {"type": "string", "maxLength": 5}, {"type": "string", "not": {"enum": ["x"]}}]}}})");
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  const Operation& x = *catalog->find("x");
  EXPECT_EQ(plan_verdict(x, true, 0, R"({"v": "abc"})"), detail::QuickVerdict::kUnknown);
  EXPECT_FALSE(check(x, true, 0, R"({"v": "abc"})", true).valid);
  expect_plan_agrees(x, true, 0, R"({"v": "abc"})", "abc");
  // A number: both branches surely fail by their type.
  expect_plan_agrees(x, true, 0, R"({"v": 3})", "3");
}

TEST(QuickPlan, RefutesABranchByAMembersTypeOnly) {
  // {"a": "b"} meets both branches (the second's `not` is beyond the plan):
  // its member's value is a string, which neither branch's type refuses.
  const auto catalog = one_schema(R"({"type": "object", "properties": {"v": {"oneOf": [
      {"type": "object", "additionalProperties": {"type": "string"}},
      {"type": "object", "additionalProperties": {"type": "string", "not": {"enum": ["x"]}}}]}}})");
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  const Operation& x = *catalog->find("x");
  for (const std::string body : {R"({"v": {"a": "b"}})", R"({"v": {"a": 1}})", R"({"v": {}})", R"({"v": {"a": "x"}})"}) {
    EXPECT_NE(plan_verdict(x, true, 0, body), detail::QuickVerdict::kClean) << body;
    expect_plan_agrees(x, true, 0, body, body);
  }
  EXPECT_FALSE(check(x, true, 0, R"({"v": {"a": "b"}})", true).valid);
  EXPECT_TRUE(check(x, true, 0, R"({"v": {"a": "x"}})", true).valid);
}

TEST(QuickPlan, FindsNothingCleanInAFailingValue) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  for (const std::string& body : {seed(R"(, "client_secret_version": 0)"), seed(R"(, "previous_client_secret_expires_at": "x")"),
                                 std::string(R"({"success": false, "errors": [], "messages": [], "result": {}})"),
                                 std::string(R"({"success": true, "errors": [], "messages": []})"),
                                 std::string(R"({"success": true, "errors": [{"code": 999, "message": "m"}], "messages": [], "result": {}})")}) {
    EXPECT_FALSE(plan_decides(update, false, 200, body)) << body;
    expect_plan_agrees(update, false, 200, body, body);
  }
}

TEST(QuickPlan, KeepsTheWorkBound) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  for (const std::size_t work : {1u, 5u, 20u, 100u, 400u}) {
    CheckOptions on, off;
    on.max_work = off.max_work = work;
    off.quick_plan = false;
    expect_same(check_response(update, 200, seed(), on), check_response(update, 200, seed(), off),
                "max_work " + std::to_string(work));
  }
  CheckOptions tiny;
  tiny.max_work = 5;
  EXPECT_TRUE(has_code(check_response(update, 200, seed(), tiny), FindingCode::TG_WORK_LIMIT));
}

TEST(QuickPlan, KeepsTheDepthLimit) {
  const Operation& update = op("cloudflare.access.service_tokens.update");
  for (const std::size_t depth : {0u, 1u, 2u, 3u}) {
    CheckOptions on, off;
    on.limits.max_depth = off.limits.max_depth = depth;
    off.quick_plan = false;
    expect_same(check_response(update, 200, seed(), on), check_response(update, 200, seed(), off),
                "max_depth " + std::to_string(depth));
  }
  CheckOptions shallow;
  shallow.limits.max_depth = 1;
  EXPECT_TRUE(has_code(check_response(update, 200, seed(), shallow), FindingCode::TG_JSON_TOO_DEEP));
}

// An operation whose request body is components/schemas/root, beside
// `schemas` (OpenAPI 3.0).
std::shared_ptr<const Catalog> with_components(const std::string& schemas) {
  return Catalog::from_openapi(json::parse(R"({
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "paths": {"/x": {"post": {"operationId": "x",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/root"}}}},
      "responses": {"204": {"description": "ok"}}}}},
    "components": {"schemas": )" + schemas + "}}"));
}

TEST(QuickPlan, DecidesEverySoftwareOneResponse) {
  // Each SoftwareOne object is an allOf of its Ref, both closed: the
  // evaluator admits, in the Ref, the names the whole allOf declares.
  std::size_t clean = 0;
  for (const auto& e : examples()) {
    if (e.request || e.operation->id.rfind("softwareone.", 0) != 0) continue;
    const CheckResult full = check(*e.operation, false, e.status, e.body, false);
    if (!full.valid || !full.findings.empty()) continue;
    ++clean;
    EXPECT_TRUE(plan_decides(*e.operation, false, e.status, e.body)) << name_of(e);
  }
  EXPECT_GE(clean, 16u);
}

TEST(QuickPlan, ChecksSoftwareOneIdsAfterTheSchemaIsDecided) {
  // The schema leaves ids free strings; the semantic checks warn about
  // shapes the requests would refuse, on the plan's path as on the full one.
  const Operation& get = op("softwareone.accounts.api_tokens.get");
  const Operation& list = op("softwareone.accounts.api_tokens.list");
  const json token = json::parse(R"({"id": "TKN-12", "name": "n", "status": "Active",
      "account": {"id": "nope", "name": "a", "type": "Client", "status": "Active"},
      "modules": [{"id": "MOD-1", "name": "m"}, {"id": "MOD-1234", "name": "m"}]})");
  const json listed = {{"$meta", {{"pagination", {{"offset", 0}, {"limit", 10}, {"total", 1}}}}}, {"data", {token, token}}};
  for (const auto& [operation, body] : {std::pair{&get, token.dump()}, std::pair{&list, listed.dump()}}) {
    ASSERT_EQ(plan_verdict(*operation, false, 200, body), detail::QuickVerdict::kClean) << body;
    const CheckResult r = check(*operation, false, 200, body, true);
    EXPECT_TRUE(r.valid);
    EXPECT_EQ(r.findings.size(), operation == &get ? 3u : 6u);
    for (const Finding& f : r.findings) EXPECT_EQ(f.code, "TG_ID_SHAPE") << f.pointer;
    expect_plan_agrees(*operation, false, 200, body, body);
  }
}

TEST(QuickPlan, AdmitsOnlyTheNamesTheEvaluatorAdmitsInAClosedAllOf) {
  // root declares a and b and is closed over them; its branch ref declares
  // a and r, closed too. The evaluator checks root's own members with
  // nothing admitted (r is undeclared there) and ref's with every name the
  // allOf declares (a, b, r).
  const auto catalog = with_components(R"({
    "root": {"type": "object", "allOf": [{"$ref": "#/components/schemas/ref"}],
             "properties": {"a": {"type": "string"}, "b": {"type": "integer", "format": "int32"}},
             "additionalProperties": false},
    "ref": {"type": "object", "properties": {"a": {"type": "string"}, "r": {"type": "string"}},
            "additionalProperties": false}})");
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  const Operation& x = *catalog->find("x");
  for (const std::string body : {R"({"a": "s"})", R"({"a": "s", "b": 1})", R"({"b": -2147483648})"}) {
    EXPECT_TRUE(plan_decides(x, true, 0, body)) << body;
    expect_plan_agrees(x, true, 0, body, body);
  }
  for (const std::string body : {R"({"a": "s", "r": "t"})", R"({"c": 1})", R"({"b": 2147483648})", R"({"b": 1.5})",
                                 R"({"b": -2147483649})"}) {
    EXPECT_FALSE(plan_decides(x, true, 0, body)) << body;
    EXPECT_FALSE(check(x, true, 0, body, true).valid) << body;
    expect_plan_agrees(x, true, 0, body, body);
  }
}

TEST(QuickPlan, LeavesAnAtomTheEvaluatorEntersTwiceWithTwoNameSetsToTheFullPath) {
  // p's value meets ref twice: from one of root's branches entered on its
  // own (nothing admitted, so s is undeclared there), and from the other's
  // holder, whose allOf admits s. The evaluator reports s; the plan must
  // not admit it. (q is p with the branches the other way round, so one of
  // them meets holder first whatever order the plan takes them in.)
  const auto catalog = with_components(R"({
    "root": {"type": "object", "allOf": [{"$ref": "#/components/schemas/left"}, {"$ref": "#/components/schemas/right"}]},
    "left": {"type": "object", "properties": {"p": {"$ref": "#/components/schemas/ref"},
                                              "q": {"$ref": "#/components/schemas/holder"}}},
    "right": {"type": "object", "properties": {"p": {"$ref": "#/components/schemas/holder"},
                                               "q": {"$ref": "#/components/schemas/ref"}}},
    "holder": {"type": "object", "allOf": [{"$ref": "#/components/schemas/ref"}],
               "properties": {"s": {"type": "string"}}},
    "ref": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}})");
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  const Operation& x = *catalog->find("x");
  for (const std::string body : {R"({"p": {"a": "x", "s": "y"}})", R"({"q": {"a": "x", "s": "y"}})"}) {
    EXPECT_FALSE(plan_decides(x, true, 0, body)) << body;
    EXPECT_FALSE(check(x, true, 0, body, false).valid) << body;
    expect_plan_agrees(x, true, 0, body, body);
  }
  expect_plan_agrees(x, true, 0, R"({"p": {"a": "x"}, "q": {"a": "x"}})", "a alone");
}

TEST(QuickPlan, EndsARecursiveSchemaInAnUnknownNode) {
  // A tree: the plan covers its top, and a body that goes deeper than the
  // plan is left to the full path, with the same result.
  const auto catalog = Catalog::from_openapi(json::parse(R"({
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "paths": {"/tree": {"post": {"operationId": "tree",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/node"}}}},
      "responses": {"204": {"description": "ok"}}}}},
    "components": {"schemas": {"node": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "maxLength": 8},
      "children": {"type": "array", "items": {"$ref": "#/components/schemas/node"}}}}}}})"));
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  const Operation& tree = *catalog->find("tree");
  std::string deep = R"({"name": "leaf"})";
  for (int i = 0; i < 40; ++i) deep = R"({"name": "n", "children": [)" + deep + "]}";
  for (const std::string& body : {std::string(R"({"name": "root"})"), std::string(R"({"name": "root", "children": []})"),
                                 std::string(R"({"name": "root", "children": [{"name": "a"}]})"),
                                 std::string(R"({"name": "root", "children": [{"name": "toolongname"}]})"), deep})
    expect_plan_agrees(tree, true, 0, body, body.substr(0, 80));
  EXPECT_TRUE(plan_decides(tree, true, 0, R"({"name": "root"})"));
}

}  // namespace
}  // namespace tokenguard
