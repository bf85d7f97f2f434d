// Fuzzes a user's OpenAPI document and a body together, as
// `tokenguard validate --openapi DOC` takes them: the input is the
// document's text (JSON or YAML), a NUL byte, then the body. Properties: no
// crash, no hang (the loader, the YAML reader, patterns and the evaluator
// are all bounded); a document that does not load says why; one that loads
// checks the body as a request and as a 200 response of each operation,
// every verdict has an error finding exactly when it is invalid, and the
// verdict-only plan changes no result (the user's own schemas: allOf,
// oneOf, closed objects and formats as the document writes them).
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fuzz_catalog_properties.h"
#include "fuzz_check.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"

namespace {

void check_verdict(const tokenguard::CheckResult& r) {
  const bool has_error = std::any_of(r.findings.begin(), r.findings.end(),
                                     [](const tokenguard::Finding& f) { return f.severity == tokenguard::Severity::kError; });
  TG_FUZZ_CHECK(r.valid != has_error || r.findings.size() >= 100);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (256u << 10)) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view document = input.substr(0, nul);
  const std::string_view body = nul == std::string_view::npos ? std::string_view("{}") : input.substr(nul + 1);
  tokenguard::OpenApiOptions options;
  options.family = "fuzz";
  const auto catalog = tokenguard::Catalog::from_openapi_text(document, options);
  if (!catalog->ok()) {
    TG_FUZZ_CHECK(!catalog->error().empty());
    return 0;
  }
  std::size_t checked = 0;
  for (const auto& op : catalog->operations()) {
    if (++checked > 16) break;
    tokenguard::HttpRequest req;
    req.body = body;
    const tokenguard::CheckResult request = tokenguard::check_request(op, req);
    const tokenguard::CheckResult response = tokenguard::check_response(op, 200, body);
    check_verdict(request);
    check_verdict(response);
    tokenguard::fuzz::check_same_results(request, tokenguard::check_request(op, req, tokenguard::fuzz::without_plan({})));
    tokenguard::fuzz::check_same_results(response,
                                         tokenguard::check_response(op, 200, body, tokenguard::fuzz::without_plan({})));
  }
  return 0;
}
