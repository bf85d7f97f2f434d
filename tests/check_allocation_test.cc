// A check that finds nothing allocates nothing, once the thread is warm:
// every bundled example that passes without a finding, as a request or a
// response, read by simdjson; and a routed request with headers, a path
// and a query.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "allocation_counter.h"
#include "example_payloads.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/tokenguard.h"

namespace tokenguard {
namespace {

using testing::allocation_count;
using testing::keep;

// A user-token update with one warning: its not_in entry covers its in
// entry (TG_CIDR_EXCLUDED).
constexpr const char* kOneExcludedRange =
    R"({"name": "ci", "policies": [], "condition": {"request_ip": {"in": ["10.0.0.0/8"], "not_in": ["10.0.0.0/7"]}}})";

// After one call, which grows this thread's parser and scratch to the body.
template <class F>
std::uint64_t allocations_of(F&& f) {
  return testing::allocations_of(f, /*warm=*/true, 10);
}

TEST(CheckAllocation, CounterSeesACheckThatReports) {
  // Guards the others: a check with findings allocates them.
  const Operation& op = *Catalog::embedded()->find("cloudflare.user.tokens.create");
  HttpRequest req;
  req.body = R"({"name": 7})";
  EXPECT_GT(allocations_of([&] { keep(check_request(op, req)); }), 0u);
}

TEST(CheckAllocation, EveryCleanExampleAllocatesNothing) {
  std::size_t clean = 0, valid = 0;
  for (const auto& e : testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog")) {
    const CheckResult first = testing::check_example(e);
    valid += first.valid ? 1 : 0;
    if (!first.valid || !first.findings.empty()) continue;
    ++clean;
    EXPECT_EQ(allocations_of([&] { keep(testing::check_example(e)); }), 0u)
        << e.operation->id << (e.request ? " request" : " response " + std::to_string(e.status));
  }
  std::printf("%zu valid examples, %zu without a finding\n", valid, clean);
  EXPECT_GE(clean, 40u);
}

TEST(CheckAllocation, EveryValidExampleAllocatesNothingIntoANewResult) {
  // A new result per check, destroyed after it: the examples with warnings
  // too, whose findings' storage the destroyed result gave back to this
  // thread's pool (the upstream's own user-token example excludes a range
  // it allows: two warnings).
  std::size_t valid = 0, warned = 0;
  for (const auto& e : testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog")) {
    const CheckResult first = testing::check_example(e);
    if (!first.valid) continue;
    ++valid;
    if (!first.findings.empty()) ++warned;
    EXPECT_EQ(allocations_of([&] { keep(testing::check_example(e)); }), 0u)
        << e.operation->id << (e.request ? " request" : " response " + std::to_string(e.status));
  }
  EXPECT_GE(warned, 10u);
  EXPECT_GE(valid, 55u);
}

TEST(CheckAllocation, ANewResultTakesTheStorageOfTheLastOneDestroyed) {
  // Guards the test above, on a thread of its own (its pool starts empty):
  // the first result's findings are new, and the second's vector (the
  // first gave back its findings, whose vector the pool keeps them in);
  // from then on a new result takes the storage of the last one destroyed,
  // and a result kept alive gives nothing back.
  const Operation& op = *Catalog::embedded()->find("cloudflare.user.tokens.update");
  HttpRequest req;
  req.body = kOneExcludedRange;
  std::thread([&] {
    const auto allocations_of_new = [&] {
      const std::uint64_t before = allocation_count();
      keep(check_request(op, req));
      return allocation_count() - before;
    };
    EXPECT_GT(allocations_of_new(), 1u);
    EXPECT_EQ(allocations_of_new(), 1u);
    EXPECT_EQ(allocations_of_new(), 0u);
    const CheckResult kept = check_request(op, req);
    ASSERT_EQ(kept.findings.size(), 1u);
    EXPECT_EQ(kept.findings[0].code, "TG_CIDR_EXCLUDED");
    EXPECT_GT(allocations_of_new(), 0u);  // (`kept` still holds its findings)
    EXPECT_EQ(check_request(op, req).findings.at(0).message, kept.findings[0].message);
  }).join();
}

TEST(CheckAllocation, AResultDestroyedAfterItsThreadsPoolGivesNothingBack) {
  // A thread_local result made before the thread's pool is destroyed after
  // it, at the thread's exit: its findings are then freed, not pooled.
  const Operation& op = *Catalog::embedded()->find("cloudflare.user.tokens.update");
  HttpRequest req;
  req.body = kOneExcludedRange;
  std::size_t findings = 0;
  std::thread([&] {
    thread_local CheckResult late;  // (constructed before the pool is first used)
    check_request(op, req, {}, late);
    findings = late.findings.size();
  }).join();
  EXPECT_EQ(findings, 1u);
}

TEST(CheckAllocation, EveryValidExampleAllocatesNothingIntoAReusedResult) {
  // A caller that keeps its result (a gateway's one per thread): the
  // examples with warnings too, whose findings' storage is written again;
  // by the plan and on the full path (index, evaluator, semantic checks).
  CheckOptions full_path;
  full_path.quick_plan = false;
  for (const CheckOptions& o : {CheckOptions{}, full_path}) {
    std::size_t valid = 0, warned = 0;
    CheckResult reused;
    for (const auto& e : testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog")) {
      testing::check_example(e, reused, o);
      if (!reused.valid) continue;
      ++valid;
      if (!reused.findings.empty()) ++warned;
      EXPECT_EQ(allocations_of([&] { testing::check_example(e, reused, o); }), 0u)
          << e.operation->id << (e.request ? " request" : " response " + std::to_string(e.status))
          << (o.quick_plan ? "" : ", full path");
      EXPECT_TRUE(reused.valid);
    }
    std::printf("%zu valid examples, %zu with a warning\n", valid, warned);
    EXPECT_GE(warned, 10u);
    EXPECT_GE(valid, 55u);
  }
}

TEST(CheckAllocation, AReusedResultAllocatesOnlyWhenAFindingOutgrowsTheLast) {
  // Guards the test above: the pool gives back what it was given, no more.
  const Operation& op = *Catalog::embedded()->find("cloudflare.user.tokens.update");
  HttpRequest one, two;
  one.body = kOneExcludedRange;
  two.body = R"({"name": "ci", "policies": [], "condition": {"request_ip": {"in": ["10.0.0.0/8", "11.0.0.0/8"],
                 "not_in": ["10.0.0.0/7"]}}})";
  // (a thread of its own: its pool starts empty)
  std::thread([&] {
    CheckResult r;
    check_request(op, one, {}, r);
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(allocations_of([&] { check_request(op, one, {}, r); }), 0u);
    // Two warnings where the result held one: the second is new.
    const std::uint64_t before = allocation_count();
    check_request(op, two, {}, r);
    EXPECT_GT(allocation_count() - before, 0u);
    ASSERT_EQ(r.findings.size(), 2u);
    EXPECT_EQ(allocations_of([&] { check_request(op, two, {}, r); }), 0u);
  }).join();
}

TEST(CheckAllocation, RoutedRequestWithHeadersPathAndQueryAllocatesNothing) {
  const auto catalog = Catalog::embedded();
  const std::vector<HttpHeader> headers = {{"Authorization", "Bearer abcdefghijklmnopqrstuvwxyz0123456789"},
                                           {"Content-Type", "application/json"}};
  HttpRequest req;
  req.method = "PUT";
  req.path = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
  req.headers = &headers;
  req.body = R"({"name": "CI/CD token", "duration": "60m"})";
  const CheckResult r = check_request(*catalog, req);
  ASSERT_TRUE(r.valid);
  ASSERT_TRUE(r.findings.empty());
  ASSERT_TRUE(r.notes.empty());
  EXPECT_EQ(allocations_of([&] { keep(check_request(*catalog, req)); }), 0u);

  HttpRequest list;
  list.method = "GET";
  list.path = "/user/tokens?page=2&per_page=20&direction=desc";
  list.headers = &headers;
  const CheckResult l = check_request(*catalog, list);
  ASSERT_TRUE(l.valid);
  ASSERT_TRUE(l.findings.empty());
  EXPECT_EQ(allocations_of([&] { keep(check_request(*catalog, list)); }), 0u);
}

TEST(CheckAllocation, PaddedBodiesAreNotCopiedAndAllocateNothing) {
  const Operation& op = *Catalog::embedded()->find("cloudflare.access.service_tokens.update");
  std::string body = R"({"name": "CI/CD token", "duration": "60m"})";
  const std::size_t size = body.size();
  body.resize(size + kBodyPadding);
  CheckOptions o;
  o.body_padded = true;
  HttpRequest req;
  req.body = std::string_view(body).substr(0, size);
  ASSERT_TRUE(check_request(op, req, o).valid);
  EXPECT_EQ(allocations_of([&] { keep(check_request(op, req, o)); }), 0u);
}

TEST(CheckAllocation, CApiReusedHandleAllocatesNothing) {
  // What a gateway does: one handle per thread, filled by every check.
  tg_catalog* catalog = nullptr;
  ASSERT_EQ(tg_catalog_embedded(&catalog), TG_OK);
  static const char kPath[] =
      "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
  static const char kBody[] = R"({"name": "CI/CD token", "duration": "60m"})";
  const std::string_view bearer = "Bearer abcdefghijklmnopqrstuvwxyz0123456789";
  const tg_header headers[] = {{"Authorization", 13, bearer.data(), bearer.size()},
                               {"Content-Type", 12, "application/json", 16}};
  tg_request req{};
  req.method = "PUT";
  req.method_len = 3;
  req.path = kPath;
  req.path_len = sizeof kPath - 1;
  req.headers = headers;
  req.header_count = 2;
  req.headers_given = 1;
  req.body = kBody;
  req.body_len = sizeof kBody - 1;
  const std::string response = R"({"success": true, "errors": [], "messages": [], "result": {"id": )"
                               R"("f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "name": "CI/CD token", "duration": "60m"}})";
  tg_result* result = tg_result_new();
  ASSERT_NE(result, nullptr);
  ASSERT_EQ(tg_check_request_into(catalog, &req, nullptr, result), TG_OK);
  ASSERT_EQ(tg_result_finding_count(result), 0u);
  ASSERT_EQ(tg_check_response_into(catalog, &req, 200, response.data(), response.size(), nullptr, result), TG_OK);
  ASSERT_EQ(tg_result_finding_count(result), 0u);
  EXPECT_EQ(allocations_of([&] { keep(tg_check_request_into(catalog, &req, nullptr, result)); }), 0u);
  EXPECT_EQ(allocations_of([&] {
              keep(tg_check_response_into(catalog, &req, 200, response.data(), response.size(), nullptr, result));
            }),
            0u);
  // A handle made per check allocates (the counter sees the C API).
  EXPECT_GT(allocations_of([&] {
              tg_result* fresh = nullptr;
              keep(tg_check_request_ex(catalog, &req, nullptr, &fresh));
              tg_result_free(fresh);
            }),
            0u);
  tg_result_free(result);
  tg_catalog_free(catalog);
}

TEST(CheckAllocation, CApiReusedHandleAllocatesNothingForWarnings) {
  // The user-token example: valid, with two TG_CIDR_EXCLUDED warnings.
  tg_catalog* catalog = nullptr;
  ASSERT_EQ(tg_catalog_embedded(&catalog), TG_OK);
  std::string body;
  for (const auto& e : testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog"))
    if (e.request && e.operation->id == "cloudflare.user.tokens.update" && testing::check_example(e).valid) body = e.body;
  ASSERT_FALSE(body.empty());
  tg_request req{};
  req.operation_id = "cloudflare.user.tokens.update";
  req.operation_id_len = std::strlen(req.operation_id);
  req.body = body.data();
  req.body_len = body.size();
  tg_result* result = tg_result_new();
  ASSERT_NE(result, nullptr);
  ASSERT_EQ(tg_check_request_into(catalog, &req, nullptr, result), TG_OK);
  ASSERT_EQ(tg_result_finding_count(result), 2u);
  EXPECT_EQ(allocations_of([&] { keep(tg_check_request_into(catalog, &req, nullptr, result)); }), 0u);
  tg_finding f{};
  ASSERT_EQ(tg_result_finding(result, 0, &f), TG_OK);
  EXPECT_STREQ(f.code, "TG_CIDR_EXCLUDED");
  tg_result_free(result);
  tg_catalog_free(catalog);
}

}  // namespace
}  // namespace tokenguard
