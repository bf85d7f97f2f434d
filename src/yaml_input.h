// Internal: YAML documents (OpenAPI descriptions are often YAML) as JSON.
//
//   std::string error;
//   std::optional<nlohmann::json> doc = detail::parse_yaml(text, error);
//   if (!doc) fail(error);   // "line 12, column 5: duplicate key \"get\""
//
// One YAML 1.2 document read with libyaml's event parser and the core
// schema: plain scalars become null, booleans, integers and floats by their
// spelling (null, ~, true, False, 0x1F, 1e3, ...), everything quoted or
// block-styled stays a string, and mapping keys are their text ("200").
// What JSON cannot say is an error with its line and column: a key that is
// not a scalar, a duplicate key, a second document, .inf and .nan, a tag
// outside the core schema. Anchors and aliases are expanded, and the whole
// expansion is bounded (YamlLimits::max_nodes), so a "billion laughs"
// document fails quickly instead of eating memory; nesting is bounded too.
#ifndef TOKENGUARD_SRC_YAML_INPUT_H_
#define TOKENGUARD_SRC_YAML_INPUT_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tokenguard::detail {

struct YamlLimits {
  std::size_t max_bytes = 64u << 20;
  std::size_t max_nodes = 4'000'000;  // values built, aliases expanded included
  std::size_t max_depth = 512;
};

[[nodiscard]] std::optional<nlohmann::json> parse_yaml(std::string_view text, std::string& error,
                                                       const YamlLimits& limits = {});

// A document's text as JSON: JSON when it starts (after white space) with
// "{" or "[", read by tokenguard's strict parser (duplicate keys refused);
// YAML otherwise.
[[nodiscard]] std::optional<nlohmann::json> parse_document_text(std::string_view text, std::string& error);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_YAML_INPUT_H_
