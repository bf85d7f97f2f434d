// Internal: the member names the semantic checks (semantic_checks.cc) look
// for, in one place, so a reader of the body can tell in passing whether
// the checks have anything to find.
#ifndef TOKENGUARD_SRC_SEMANTIC_KEYS_H_
#define TOKENGUARD_SRC_SEMANTIC_KEYS_H_

#include <string_view>

namespace tokenguard::detail {

enum SemanticKey : int {
  kNotBefore,
  kExpiresOn,
  kClientSecretVersion,
  kResources,
  kPermissionGroups,
  kRequestIp,
  kRequestDotIp,
  kNoSemanticKey = -1,
};

// Which of the names `k` is, or kNoSemanticKey. By length, then first
// byte: most keys are ruled out without a compare.
[[nodiscard]] inline SemanticKey semantic_key(std::string_view k) noexcept {
  switch (k.size()) {
    case 9: return k[0] == 'r' && k == "resources" ? kResources : kNoSemanticKey;
    case 10:
      if (k[0] == 'n') return k == "not_before" ? kNotBefore : kNoSemanticKey;
      if (k[0] == 'e') return k == "expires_on" ? kExpiresOn : kNoSemanticKey;
      if (k[0] == 'r') return k == "request_ip" ? kRequestIp : k == "request.ip" ? kRequestDotIp : kNoSemanticKey;
      return kNoSemanticKey;
    case 17: return k[0] == 'p' && k == "permission_groups" ? kPermissionGroups : kNoSemanticKey;
    case 21: return k[0] == 'c' && k == "client_secret_version" ? kClientSecretVersion : kNoSemanticKey;
    default: return kNoSemanticKey;
  }
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SEMANTIC_KEYS_H_
