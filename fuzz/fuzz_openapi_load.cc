// Fuzzes loading an untrusted OpenAPI document (arbitrary bytes). Properties:
// no crash; a document that does not load gives an error text; one that loads
// can check an empty request and a 200 response on every operation.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tokenguard::InputLimits limits;
  limits.max_depth = 256;
  const tokenguard::ParsedJson doc = tokenguard::parse_json(text, limits);
  if (!doc.ok) return 0;
  const auto catalog = tokenguard::Catalog::from_openapi(doc.value, "fuzz");
  if (!catalog->ok()) {
    TG_FUZZ_CHECK(!catalog->error().empty());
    return 0;
  }
  for (const auto& op : catalog->operations()) {
    tokenguard::HttpRequest req;
    req.body = "{}";
    (void)tokenguard::check_request(op, req);
    (void)tokenguard::check_response(op, 200, "{}");
  }
  return 0;
}
