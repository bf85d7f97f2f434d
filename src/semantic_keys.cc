#include "semantic_keys.h"

#include <utility>

namespace tokenguard::detail {

SemanticKey folded_semantic_key(std::string_view k) noexcept {
  static constexpr std::pair<std::string_view, SemanticKey> kNames[] = {
      {"not_before", kNotBefore},       {"expires_on", kExpiresOn},
      {"client_secret_version", kClientSecretVersion}, {"resources", kResources},
      {"permission_groups", kPermissionGroups},        {"request_ip", kRequestIp},
      {"request.ip", kRequestDotIp}};
  for (const auto& [name, key] : kNames)
    if (equal_fold(name, k)) return key;
  return kNoSemanticKey;
}

}  // namespace tokenguard::detail
