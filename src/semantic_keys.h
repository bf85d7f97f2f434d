// Internal: the member names the semantic checks (semantic_checks.cc) look
// for, in one place, so a reader of the body can tell in passing whether
// the checks have anything to find.
#ifndef TOKENGUARD_SRC_SEMANTIC_KEYS_H_
#define TOKENGUARD_SRC_SEMANTIC_KEYS_H_

#include <string_view>

#include "key_fold.h"
#include "words.h"

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

// semantic_key for a key that is none of the names byte for byte but may
// be one under Go's case folding ("NOT_BEFORE", or with U+017F for 's'):
// the upstreams (Go's encoding/json, ASP.NET) read it as that member.
[[nodiscard]] SemanticKey folded_semantic_key(std::string_view k) noexcept;

// Which of the names `k` is, or kNoSemanticKey. By length, then first
// byte: most keys are ruled out without a compare; a key of a length the
// names can fold to, with an upper-case letter or a non-ASCII byte, is
// compared under folding.
[[nodiscard]] inline SemanticKey semantic_key(std::string_view k) noexcept {
  const auto folded = [k] {
    return k.size() >= 9 && k.size() <= 23 && ascii_case(k) != 0 ? folded_semantic_key(k) : kNoSemanticKey;
  };
  switch (k.size()) {
    case 9: return k[0] == 'r' && same_bytes(k.data(), "resources", 9) ? kResources : folded();
    case 10:
      if (k[0] == 'n' && same_bytes(k.data(), "not_before", 10)) return kNotBefore;
      if (k[0] == 'e' && same_bytes(k.data(), "expires_on", 10)) return kExpiresOn;
      if (k[0] == 'r' && same_bytes(k.data(), "request_ip", 10)) return kRequestIp;
      if (k[0] == 'r' && same_bytes(k.data(), "request.ip", 10)) return kRequestDotIp;
      return folded();
    case 17: return k[0] == 'p' && same_bytes(k.data(), "permission_groups", 17) ? kPermissionGroups : folded();
    case 21: return k[0] == 'c' && same_bytes(k.data(), "client_secret_version", 21) ? kClientSecretVersion : folded();
    default: return folded();
  }
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SEMANTIC_KEYS_H_
