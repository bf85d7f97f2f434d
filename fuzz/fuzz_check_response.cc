// Fuzzes check_response on the embedded catalog. Byte 0 picks the operation,
// byte 1 the status (from the ones the operations declare, plus undeclared
// ones); the rest is the body. Same properties as fuzz_check_request (the
// two body readers agreeing among them, and a result filled in place).
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_catalog_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto catalog = tokenguard::Catalog::embedded();
  const auto& ops = catalog->operations();
  const tokenguard::Operation& op = ops[data[0] % ops.size()];
  static constexpr int kStatuses[] = {200, 201, 204, 400, 401, 403, 404, 429, 500, 302};
  const int status = kStatuses[data[1] % (sizeof kStatuses / sizeof *kStatuses)];
  const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  tokenguard::CheckOptions fast;
  fast.fail_fast = true;
  const auto all = tokenguard::check_response(op, status, body);
  const auto first = tokenguard::check_response(op, status, body, fast);
  TG_FUZZ_CHECK(all.valid == first.valid);
  tokenguard::fuzz::check_same_results(all, tokenguard::check_response(op, status, body, tokenguard::fuzz::with_nlohmann({})));
  tokenguard::fuzz::check_same_results(first, tokenguard::check_response(op, status, body, tokenguard::fuzz::with_nlohmann(fast)));
  tokenguard::fuzz::check_same_results(all, tokenguard::check_response(op, status, body, tokenguard::fuzz::without_plan({})));
  tokenguard::fuzz::check_semantic_checks_off(
      all, tokenguard::check_response(op, status, body, tokenguard::fuzz::without_semantic_checks({})));
  // One result filled in place, input after input.
  static tokenguard::CheckResult reused;
  tokenguard::check_response(op, status, body, fast, reused);
  tokenguard::fuzz::check_same_results(first, reused);
  tokenguard::check_response(op, status, body, {}, reused);
  tokenguard::fuzz::check_same_results(all, reused);
  tokenguard::fuzz::check_findings(all, body, [&](const std::string& b) { return tokenguard::check_response(op, status, b); });
  return 0;
}
