#include "tokenguard/redact.h"

#include <cctype>
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

bool is_harmless_name(std::string_view name) noexcept {
  static constexpr std::string_view kHarmless[] = {
      "id",          "name",        "status",     "type",       "code",       "message",    "effect",
      "scope",       "label",       "category",   "href",       "created_on", "modified_on", "issued_on",
      "expires_on",  "not_before",  "last_used_on", "created_at", "updated_at", "expires_at", "last_seen_at",
      "at",          "duration",    "pointer",    "documentation_url"};
  for (const std::string_view h : kHarmless) {
    if (h.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < h.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(name[i])) == static_cast<unsigned char>(h[i]);
    if (same) return true;
  }
  return false;
}

namespace {

bool printable_key(const std::string& k) {
  if (k.size() > 64) return false;
  for (const char c : k)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
  return true;
}

// kStrings and kAll: rebuilds each object (keys may be replaced), keeping
// strings only under harmless keys (kStrings) or nothing at all (kAll).
nlohmann::json redacted_copy(const nlohmann::json& v, RedactMode mode, bool harmless_key, int depth) {
  using json = nlohmann::json;
  if (depth > 512) return json(std::string(kRedacted));
  if (v.is_object()) {
    json out = json::object();
    std::size_t n = 0;
    for (const auto& [k, child] : v.items()) {
      const bool keep_key = printable_key(k);
      const std::string key = keep_key ? k : "[key " + std::to_string(n) + "]";
      out[key] = redacted_copy(child, mode, keep_key && is_harmless_name(k), depth + 1);
      ++n;
    }
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& child : v) out.push_back(redacted_copy(child, mode, harmless_key, depth + 1));
    return out;
  }
  if (mode == RedactMode::kAll) return json(std::string(kRedacted));
  if (v.is_string() && !harmless_key) return json(std::string(kRedacted));
  return v;
}

}  // namespace

void redact(nlohmann::json& document, RedactMode mode) {
  if (mode == RedactMode::kSecretFields) return redact_secrets(document);
  document = redacted_copy(document, mode, false, 0);
}

bool redact_json(std::string_view json, std::string& out, const InputLimits& limits) {
  return redact_json(json, out, RedactMode::kSecretFields, limits);
}

bool redact_json(std::string_view json, std::string& out, RedactMode mode, const InputLimits& limits) {
  out.clear();
  ParsedJson parsed = parse_json(json, limits);
  if (!parsed.ok) return false;
  redact(parsed.value, mode);
  out = parsed.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return true;
}

}  // namespace tokenguard
