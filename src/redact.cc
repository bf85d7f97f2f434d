#include "tokenguard/redact.h"

#include <utility>
#include <vector>

#include "tokenguard/finding.h"

namespace tokenguard {

void redact_secrets(nlohmann::json& document) {
  if (document.is_object()) {
    if (const auto it = document.find("result"); it != document.end() && it->is_string())
      *it = std::string(kRedacted);
  }
  // Iterative, so a deep document cannot exhaust the stack.
  std::vector<nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_object()) {
      for (auto it = node->begin(); it != node->end(); ++it) {
        if (is_secret_name(it.key())) {
          it.value() = std::string(kRedacted);
        } else if (it.value().is_structured()) {
          pending.push_back(&it.value());
        }
      }
    } else if (node->is_array()) {
      for (auto& element : *node)
        if (element.is_structured()) pending.push_back(&element);
    }
  }
}

bool redact_json(std::string_view json, std::string& out, const InputLimits& limits) {
  out.clear();
  ParsedJson parsed = parse_json(json, limits);
  if (!parsed.ok) return false;
  redact_secrets(parsed.value);
  out = parsed.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return true;
}

}  // namespace tokenguard
