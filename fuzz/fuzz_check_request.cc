// Fuzzes check_request on the embedded catalog. The first byte picks the
// operation; the rest is the body. Properties: no crash; fail-fast and
// collect-all agree on validity; every body finding's pointer resolves in the
// parsed document (or the document did not parse); no message contains the
// value of a secret field; and re-casing keys never makes an invalid request
// valid (Go's encoding/json reads "NAME" as "name": a request refused for
// what it says must stay refused however its keys are spelled); and the two
// body readers (simdjson, nlohmann), and simdjson without the verdict-only
// plan, give the same result; and so does one result filled in place,
// input after input; and with the semantic checks off, the findings are
// the same less the semantic checks' own.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_catalog_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto catalog = tokenguard::Catalog::embedded();
  TG_FUZZ_CHECK(catalog->ok());
  const auto& ops = catalog->operations();
  const tokenguard::Operation& op = ops[data[0] % ops.size()];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  tokenguard::HttpRequest req;
  req.body = body;
  tokenguard::CheckOptions fast;
  fast.fail_fast = true;
  const auto all = tokenguard::check_request(op, req);
  const auto first = tokenguard::check_request(op, req, fast);
  TG_FUZZ_CHECK(all.valid == first.valid);
  tokenguard::fuzz::check_same_results(all, tokenguard::check_request(op, req, tokenguard::fuzz::with_nlohmann({})));
  tokenguard::fuzz::check_same_results(first, tokenguard::check_request(op, req, tokenguard::fuzz::with_nlohmann(fast)));
  tokenguard::fuzz::check_same_results(all, tokenguard::check_request(op, req, tokenguard::fuzz::without_plan({})));
  tokenguard::fuzz::check_semantic_checks_off(
      all, tokenguard::check_request(op, req, tokenguard::fuzz::without_semantic_checks({})));
  // One result filled in place, input after input (what it held before,
  // other findings and notes, must not show through).
  static tokenguard::CheckResult reused;
  tokenguard::check_request(op, req, fast, reused);
  tokenguard::fuzz::check_same_results(first, reused);
  tokenguard::check_request(op, req, {}, reused);
  tokenguard::fuzz::check_same_results(all, reused);
  if (!all.valid) {
    bool case_finding = false;
    for (const auto& f : all.findings) case_finding = case_finding || f.code == "TG_JSON_KEY_CASE_VARIANT";
    const tokenguard::ParsedJson parsed = tokenguard::parse_json(body);
    if (parsed.ok && !case_finding) {
      tokenguard::HttpRequest recased;
      const std::string text = tokenguard::fuzz::recase_keys(parsed.value).dump();
      recased.body = text;
      TG_FUZZ_CHECK(!tokenguard::check_request(op, recased).valid);
    }
  }
  tokenguard::fuzz::check_findings(all, body, [&](const std::string& b) {
    tokenguard::HttpRequest again;
    again.body = b;
    return tokenguard::check_request(op, again);
  });
  return 0;
}
