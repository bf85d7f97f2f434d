#include "worst_cases.h"

#include <functional>

namespace tokenguard::testing {
namespace {

// Repeats `item(i)` (joined by commas) between `head` and `tail` while the
// whole stays within `max` bytes.
std::string fill(const std::string& head, const std::function<std::string(std::size_t)>& item,
                 const std::string& tail, std::size_t max) {
  std::string out = head;
  for (std::size_t i = 0;; ++i) {
    const std::string next = (i == 0 ? "" : ",") + item(i);
    if (out.size() + next.size() + tail.size() > max) break;
    out += next;
  }
  return out + tail;
}

std::string v4(std::size_t i) {
  return std::to_string(10 + i / 65536 % 200) + "." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
}

// A key with the case of each letter taken from the bits of i: all fold together.
std::string case_variant(std::size_t i) {
  std::string k = "abcdefghijklmnopqr";
  for (std::size_t b = 0; b < k.size(); ++b)
    if ((i >> b) & 1) k[b] = static_cast<char>(k[b] - 'a' + 'A');
  return k;
}

}  // namespace

std::vector<WorstCase> worst_cases(const Catalog& catalog, std::size_t max) {
  const std::size_t m = max;
  // Bodies that stress the parser and the walk whatever the schema.
  const std::vector<std::pair<std::string, std::string>> generic = {
      {"flat-array", fill("[", [](std::size_t) { return "0"; }, "]", m)},
      {"many-keys", fill("{", [](std::size_t i) { return "\"k" + std::to_string(i) + "\":0"; }, "}", m)},
      {"case-folding-keys", fill("{", [](std::size_t i) { return "\"" + case_variant(i) + "\":0"; }, "}", m)},
      {"deep-nesting", fill("[", [](std::size_t) { return std::string(63, '[') + "0" + std::string(63, ']'); }, "]", m)},
      {"escapes", fill("{\"name\":\"", [](std::size_t) { return "\\u00e9"; }, "\"}", m)},
      {"long-key", "{\"" + std::string(m - 8, 'k') + "\":0}"},
      {"many-errors", fill("{\"name\":7,\"policies\":[", [](std::size_t) { return "1"; }, "]}", m)},
      {"objects-in-array", fill("{\"name\":\"x\",\"policies\":[", [](std::size_t) { return "{}"; }, "]}", m)},
  };
  // Bodies aimed at one family's checks.
  const std::string policy =
      R"({"effect":"allow","permission_groups":[{"id":"c8fed203ed3043cba015a93ad1616f1f"}],)"
      R"("resources":{"com.cloudflare.api.account.023e105f4ecef8ad9ca31a8372d0c353":"*"}})";
  const std::vector<std::pair<std::string, std::string>> user_tokens = {
      {"cidr-duplicates",
       fill(R"({"name":"t","policies":[],"condition":{"request_ip":{"in":[)", [](std::size_t) { return "\"10.0.0.0/8\""; },
            R"(],"not_in":["10.0.0.0/8"]}}})", m)},
      {"cidr-covering",
       fill(R"({"name":"t","policies":[],"condition":{"request_ip":{"not_in":["0.0.0.0/0","10.0.0.0/8","::/0"],"in":[)",
            [](std::size_t i) { return "\"" + v4(i) + ".1/32\""; }, "]}}}", m)},
      {"cidr-mixed",
       fill(R"({"name":"t","policies":[],"condition":{"request_ip":{"in":["::/0"],"not_in":[)",
            [](std::size_t i) { return i % 2 ? "\"" + v4(i) + ".0/24\"" : "\"2001:db8:" + std::to_string(i % 9999) + "::/48\""; },
            "]}}}", m)},
      {"many-policies", fill(R"({"name":"t","policies":[)", [&](std::size_t) { return policy; }, "]}", m)},
      {"many-resources",
       fill(R"({"name":"t","policies":[{"effect":"allow","permission_groups":[],"resources":{)",
            [](std::size_t i) { return "\"com.cloudflare.api.account.zone." + std::to_string(i) + "\":\"*\""; }, "}}]}", m)},
  };
  const std::vector<std::pair<std::string, std::string>> service_tokens = {
      {"long-duration", fill(R"({"name":"t","duration":")", [](std::size_t) { return "1h"; }, "\"}", m)},
      {"long-duration-digits", "{\"name\":\"t\",\"duration\":\"" + std::string(m - 40, '9') + "h\"}"},
  };
  const std::vector<std::pair<std::string, std::string>> softwareone = {
      {"many-modules", fill(R"({"name":"t","modules":[)", [](std::size_t) { return R"({"id":"MOD-1234"})"; }, "]}", m)},
      {"long-pattern-value", "{\"name\":\"t\",\"modules\":[{\"id\":\"MOD-" + std::string(m - 50, '1') + "\"}]}"},
  };
  const std::string service_token_item =
      R"({"id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","name":"CI/CD token","client_id":"88bf3b6d86161464f6509f7219099e57.access",)"
      R"("duration":"60m","created_at":"2014-01-01T05:20:00.12345Z","updated_at":"2014-01-01T05:20:00.12345Z",)"
      R"("expires_at":"2014-01-01T05:20:00.12345Z","last_seen_at":"2014-01-01T05:20:00.12345Z","client_secret_version":1})";

  std::vector<WorstCase> out;
  for (const Operation& op : catalog.operations()) {
    const auto add = [&](const std::string& name, bool request, const std::string& body) {
      WorstCase c;
      c.name = name;
      c.operation = &op;
      c.request = request;
      c.status = 200;
      c.body = body;
      out.push_back(std::move(c));
    };
    for (const auto& [name, body] : generic) {
      if (op.request_body) add(name, true, body);
      if (!op.responses.empty()) add(name, false, body);
    }
    const auto& specific = op.id.rfind("cloudflare.user.tokens.", 0) == 0 ? user_tokens
                           : op.id.rfind("cloudflare.access.", 0) == 0   ? service_tokens
                                                                         : softwareone;
    for (const auto& [name, body] : specific)
      if (op.request_body) add(name, true, body);
    if (op.id.rfind("cloudflare.access.service_tokens.", 0) == 0 && op.id.find(".list") != std::string::npos)
      add("large-list", false,
          fill(R"({"success":true,"errors":[],"messages":[],"result":[)", [&](std::size_t) { return service_token_item; },
               "]}", m));
  }
  return out;
}

}  // namespace tokenguard::testing
