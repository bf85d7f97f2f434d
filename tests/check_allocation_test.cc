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

}  // namespace
}  // namespace tokenguard
