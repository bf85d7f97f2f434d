// A check that finds nothing allocates nothing, once the thread is warm:
// every bundled example that passes without a finding, as a request or a
// response, read by simdjson; and a routed request with headers, a path
// and a query.
#include <gtest/gtest.h>

#include <cstdio>

#include "allocation_counter.h"
#include "example_payloads.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/tokenguard.h"

namespace tokenguard {
namespace {

using testing::allocation_count;
using testing::keep;

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
  // A valid example with a warning (the upstream's own user-token example
  // excludes a range it allows) allocates its findings, and only those.
  std::printf("%zu valid examples, %zu without a finding\n", valid, clean);
  EXPECT_GE(clean, 40u);
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

}  // namespace
}  // namespace tokenguard
