// valijson 1.0's own Validator as a reference verdict, for the differential
// in fuzz_validate_schema, only where valijson is sound.
//
// valijson is not sound everywhere: it recurses without a bound (deep schemas
// and data, $ref cycles crash it), its `pattern` is std::regex (ECMAScript
// syntax, crashes on long strings), its formats and remote/$id references
// differ, and it compares numbers in ways tokenguard deliberately does not
// (multipleOf on fractions, 1.0 as an integer, and integers beyond 2^53:
// valijson compares those through double, where 9007199254740993 equals
// 9007199254740992, and reads one above INT64_MAX as a negative int64, so
// {"maximum": 18446744073709551615} refuses 25). reference_verdict() answers
// nullopt for any schema or instance outside the subset both define the same
// way, and when valijson throws.
#ifndef TOKENGUARD_FUZZ_VALIJSON_REFERENCE_H_
#define TOKENGUARD_FUZZ_VALIJSON_REFERENCE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#include <vector>

namespace tokenguard::fuzz {

// The largest magnitude below which every integer has a double of its own.
inline constexpr std::uint64_t kExactInDouble = std::uint64_t{1} << 53;

// Keywords whose meaning valijson and tokenguard do not share (see above).
inline bool is_unshared_keyword(const std::string& key) {
  static const char* const kUnshared[] = {"$ref",   "$id",    "id",      "pattern", "patternProperties",
                                          "format", "$schema", "multipleOf", "contentMediaType",
                                          "contentEncoding", "definitions"};
  for (const char* k : kUnshared)
    if (key == k) return true;
  return false;
}

// True when `doc` is small and shallow and, read as a schema, uses only
// shared keywords. Every object member is checked, so a keyword hidden under
// "properties" as a property name makes the case unshared too: a cost in
// coverage, never a false alarm.
inline bool in_shared_subset(const nlohmann::json& doc, bool as_schema, int max_depth = 12,
                             std::size_t max_nodes = 2000) {
  std::vector<std::pair<const nlohmann::json*, int>> pending{{&doc, 0}};
  std::size_t nodes = 0;
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (++nodes > max_nodes || depth > max_depth) return false;
    if (node->is_number_float()) {
      // Fractions and integral floats (1.0) are where the two engines'
      // number models differ.
      return false;
    }
    if (node->is_number_unsigned() && node->get<std::uint64_t>() > kExactInDouble) return false;
    if (node->is_number_integer() && !node->is_number_unsigned() &&
        (node->get<std::int64_t>() > static_cast<std::int64_t>(kExactInDouble) ||
         node->get<std::int64_t>() < -static_cast<std::int64_t>(kExactInDouble)))
      return false;
    if (node->is_object()) {
      for (auto it = node->begin(); it != node->end(); ++it) {
        if (as_schema && is_unshared_keyword(it.key())) return false;
        pending.emplace_back(&it.value(), depth + 1);
      }
    } else if (node->is_array()) {
      for (const auto& e : *node) pending.emplace_back(&e, depth + 1);
    }
  }
  return true;
}

// valijson's own verdict (draft 4 or draft 7 rules), or nullopt when it
// throws on the schema or the instance (built with VALIJSON_USE_EXCEPTIONS=1).
// Also the reference of tests/json_schema_suite_test.cc.
inline std::optional<bool> valijson_verdict(const nlohmann::json& schema_doc, const nlohmann::json& data,
                                            bool draft4 = false) {
  try {
    valijson::Schema schema;
    valijson::SchemaParser parser(draft4 ? valijson::SchemaParser::kDraft4 : valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(data);
    return validator.validate(schema, target, nullptr);
  } catch (...) {
    return std::nullopt;
  }
}

// valijson's draft 7 verdict, or nullopt where it is not a sound reference.
inline std::optional<bool> reference_verdict(const nlohmann::json& schema_doc, const nlohmann::json& data) {
  if (!schema_doc.is_object() && !schema_doc.is_boolean()) return std::nullopt;
  if (!in_shared_subset(schema_doc, true) || !in_shared_subset(data, false)) return std::nullopt;
  return valijson_verdict(schema_doc, data);
}

}  // namespace tokenguard::fuzz

#endif  // TOKENGUARD_FUZZ_VALIJSON_REFERENCE_H_
