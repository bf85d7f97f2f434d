// One catalog shared by many threads, as the C and C++ API promise: the
// verdicts and findings of concurrent checks equal those of one thread. Run
// under ThreadSanitizer by the tsan preset (ctest label "threads").
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "example_payloads.h"
#include "tokenguard/check.h"
#include "tokenguard/redact.h"
#include "tokenguard/schema.h"
#include "tokenguard/tokenguard.h"

namespace tokenguard {
namespace {

constexpr int kThreads = 8;

using testing::check_example;
using testing::ExamplePayload;

std::string outcome(const CheckResult& r) {
  std::string s = r.valid ? "valid" : "invalid";
  for (const Finding& f : r.findings) s += " " + f.code + "@" + f.pointer;
  return s;
}

// Starts kThreads threads at once (as near as a spin on a flag gets).
template <class F>
void in_threads(F&& body) {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      body(t);
    });
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();
}

TEST(Concurrency, FirstUseOfTheEmbeddedCatalogFromManyThreadsGivesOneCatalog) {
  std::vector<const Catalog*> seen(kThreads, nullptr);
  in_threads([&](int t) { seen[static_cast<std::size_t>(t)] = Catalog::embedded().get(); });
  for (const Catalog* c : seen) EXPECT_EQ(c, seen[0]);
}

TEST(Concurrency, SharedCatalogGivesEveryExampleItsSingleThreadOutcome) {
  const std::vector<ExamplePayload> all =
      testing::load_examples(TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog");
  ASSERT_GT(all.size(), 70u);  // 99 files, less the 4XX-range ones
  std::vector<std::string> expected;
  for (const ExamplePayload& e : all) expected.push_back(outcome(check_example(e)));
  std::atomic<int> wrong{0};
  in_threads([&](int t) {
    for (int round = 0; round < 3; ++round)
      for (std::size_t i = 0; i < all.size(); ++i) {
        const std::size_t k = (i + static_cast<std::size_t>(t) * 7) % all.size();  // threads in different orders
        if (outcome(check_example(all[k])) != expected[k]) ++wrong;
      }
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Concurrency, RoutingFromManyThreads) {
  const auto catalog = Catalog::embedded();
  std::atomic<int> wrong{0};
  in_threads([&](int) {
    for (int i = 0; i < 500; ++i) {
      const RouteMatch m = catalog->route("GET", "/user/tokens/ed17574386854bf78a67040be0a770b0?x=1");
      if (m.operation == nullptr || m.operation->id != "cloudflare.user.tokens.get" ||
          m.path_params.at("token_id") != "ed17574386854bf78a67040be0a770b0")
        ++wrong;
    }
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Concurrency, OneCompiledSchemaWithPatternsAndFormatsSharedByThreads) {
  const Schema schema = Schema::compile(nlohmann::json::parse(
      R"({"type":"object","properties":{"id":{"type":"string","pattern":"^TKN-[0-9]{4}$"},
          "at":{"type":"string","format":"date-time"}},"required":["id"]})"));
  ASSERT_TRUE(schema.ok());
  const auto good = nlohmann::json::parse(R"({"id":"TKN-1234","at":"2014-01-01T05:20:00Z"})");
  const auto bad = nlohmann::json::parse(R"({"id":"TKN-12345","at":"yesterday"})");
  std::atomic<int> wrong{0};
  in_threads([&](int t) {
    for (int i = 0; i < 500; ++i) {
      const bool use_good = (i + t) % 2 == 0;
      const auto r = validate(schema, use_good ? good : bad);
      if (r.valid != use_good || (!use_good && r.findings.size() != 2)) ++wrong;
    }
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Concurrency, CApiSharesOneCatalogAcrossThreads) {
  tg_catalog* catalog = nullptr;
  ASSERT_EQ(tg_catalog_embedded(&catalog), TG_OK);
  static constexpr char kPath[] =
      "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
  static constexpr char kBad[] = R"({"name":"ci","duration":"1d"})";
  static constexpr char kGood[] = R"({"name":"ci","duration":"24h"})";
  const tg_header auth[] = {{"Authorization", 13, "Bearer c-api-threads", 20},
                            {"Content-Type", 12, "application/json", 16}};
  std::atomic<int> wrong{0};
  in_threads([&](int t) {
    for (int i = 0; i < 300; ++i) {
      const bool use_good = (i + t) % 2 == 0;
      const char* body = use_good ? kGood : kBad;
      tg_result* r = nullptr;
      const tg_status s = tg_check_request(catalog, nullptr, 0, "PUT", 3, kPath, sizeof kPath - 1, auth, 2, 1, body,
                                           std::char_traits<char>::length(body), &r);
      if (s != (use_good ? TG_OK : TG_INVALID)) ++wrong;
      char envelope[2048];
      std::size_t needed = 0;
      if (!use_good && (tg_result_envelope(r, envelope, sizeof envelope, &needed) != TG_OK ||
                        std::string(envelope).find("/duration") == std::string::npos))
        ++wrong;
      tg_result_free(r);
    }
  });
  tg_catalog_free(catalog);
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Concurrency, UserLoadedCatalogSharedByThreads) {
  const auto doc = nlohmann::json::parse(R"({"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{
    "/things/{id}":{"put":{"operationId":"putThing","parameters":[{"name":"id","in":"path","required":true,
    "schema":{"type":"string","format":"uuid"}}],"requestBody":{"content":{"application/json":{"schema":{
    "type":"object","properties":{"ttl":{"type":"string","format":"go-duration"}},"required":["ttl"]}}}},
    "responses":{"200":{"description":"ok"}}}}}})");
  const auto catalog = Catalog::from_openapi(doc);
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  std::atomic<int> wrong{0};
  in_threads([&](int t) {
    for (int i = 0; i < 300; ++i) {
      const bool use_good = (i + t) % 2 == 0;
      HttpRequest req;
      req.method = "PUT";
      req.path = "/things/f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
      req.body = use_good ? R"({"ttl":"90m"})" : R"({"ttl":"90 minutes"})";
      if (check_request(*catalog, req).valid != use_good) ++wrong;
    }
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Concurrency, LazilyCompiledMultiFileDocumentFromManyThreads) {
  // Every schema compiles on first use, from whichever thread gets there.
  const auto catalog = Catalog::from_openapi_file(std::string(TOKENGUARD_SOURCE_DIR) + "/tests/data/openapi/vault/openapi.yaml");
  ASSERT_TRUE(catalog->ok()) << catalog->error();
  std::atomic<int> wrong{0};
  in_threads([&](int t) {
    for (int i = 0; i < 200; ++i) {
      const bool use_good = (i + t) % 2 == 0;
      HttpRequest req;
      req.method = "POST";
      req.path = "/vaults/6f1c2a9e-3b1d-4c8e-9f00-1234567890ab/tokens";
      req.body = use_good ? R"({"name":"ci","ttl":"P1D"})" : R"({"name":"ci","ttl":"1d"})";
      if (check_request(*catalog, req).valid != use_good) ++wrong;
      const Operation* op = catalog->find("getToken");
      if (!check_response(*op, 404, R"({"code":404})").valid) ++wrong;
    }
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Concurrency, RedactionFromManyThreads) {
  std::atomic<int> wrong{0};
  in_threads([&](int) {
    for (int i = 0; i < 300; ++i) {
      std::string out;
      if (!redact_json(R"({"result":{"client_secret":"s","id":"x"}})", out) ||
          out != R"({"result":{"client_secret":"[redacted]","id":"x"}})")
        ++wrong;
    }
  });
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace tokenguard
