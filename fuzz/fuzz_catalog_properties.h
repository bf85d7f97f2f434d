// Shared property checks for the catalog fuzz targets.
#ifndef TOKENGUARD_FUZZ_FUZZ_CATALOG_PROPERTIES_H_
#define TOKENGUARD_FUZZ_FUZZ_CATALOG_PROPERTIES_H_

#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"

namespace tokenguard::fuzz {

// Collects the string values of secret fields anywhere in `v`.
inline void secret_values(const nlohmann::json& v, std::vector<std::string>& out, int depth = 0) {
  if (depth > 80) return;
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      if (is_secret_name(k) && child.is_string() && child.get_ref<const std::string&>().size() >= 4)
        out.push_back(child.get<std::string>());
      secret_values(child, out, depth + 1);
    }
  } else if (v.is_array()) {
    for (const auto& child : v) secret_values(child, out, depth + 1);
  }
}

// Body findings point into the parsed body, and no message quotes a secret.
inline void check_findings(const CheckResult& r, std::string_view body) {
  const ParsedJson parsed = parse_json(body);
  std::vector<std::string> secrets;
  if (parsed.ok) secret_values(parsed.value, secrets);
  for (const Finding& f : r.findings) {
    TG_FUZZ_CHECK(!f.code.empty() && !f.message.empty());
    if (parsed.ok && f.location == "body" && f.keyword != "json") {
      bool resolves = false;
      try {
        resolves = parsed.value.contains(nlohmann::json::json_pointer(f.pointer));
      } catch (const std::exception&) {
        resolves = false;
      }
      TG_FUZZ_CHECK(resolves);
    }
    for (const std::string& s : secrets) TG_FUZZ_CHECK(f.message.find(s) == std::string::npos);
  }
}

}  // namespace tokenguard::fuzz

#endif  // TOKENGUARD_FUZZ_FUZZ_CATALOG_PROPERTIES_H_
