// Fuzzes the schema engine with untrusted schemas: the input is a JSON
// document {"schema": ..., "data": ...} (shaped like a JSON-Schema-Test-Suite
// case). Properties: compiling never crashes and gives a schema or a clean
// error; validating gives a verdict; fail-fast, collect-all and is_valid agree;
// and, where valijson's own Validator is a sound reference (see
// valijson_reference.h), tokenguard's draft 7 verdict equals valijson's.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "valijson_reference.h"
#include "tokenguard/json_input.h"
#include "tokenguard/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const tokenguard::ParsedJson doc = tokenguard::parse_json(text);
  if (!doc.ok || !doc.value.is_object() || !doc.value.contains("schema")) return 0;
  tokenguard::SchemaOptions draft7;
  draft7.dialect = tokenguard::Dialect::kDraft7;
  const auto schema = tokenguard::Schema::compile(doc.value["schema"], "", draft7);
  if (!schema.ok()) {
    TG_FUZZ_CHECK(!schema.error().empty());
    return 0;
  }
  const nlohmann::json instance = doc.value.value("data", nlohmann::json());
  const auto all = tokenguard::validate(schema, instance);
  tokenguard::ValidateOptions fast;
  fast.fail_fast = true;
  TG_FUZZ_CHECK(tokenguard::validate(schema, instance, fast).valid == all.valid);
  TG_FUZZ_CHECK(tokenguard::is_valid(schema, instance) == all.valid);
  if (const auto reference = tokenguard::fuzz::reference_verdict(doc.value["schema"], instance))
    TG_FUZZ_CHECK(*reference == all.valid);
  return 0;
}
