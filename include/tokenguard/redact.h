// tokenguard/redact.h: a JSON document made safe to log.
//
//   std::string safe;
//   if (tokenguard::redact_json(body, safe)) log(safe);
//   else log("(body not logged: not JSON)");
//
// Every value held under a secret name (see is_secret_name(): client_secret,
// token, value, keys, Authorization, ...) at any depth is replaced by the
// string "[redacted]", whatever its type; so is a top-level string "result"
// (where Cloudflare's roll operation returns a new token). Everything else is
// kept, re-serialized compactly. Input that does not pass parse_json()'s
// hardening is refused (returns false, `out` cleared): a body that is not
// JSON cannot be redacted field by field, so it must not be logged at all.
#ifndef TOKENGUARD_REDACT_H_
#define TOKENGUARD_REDACT_H_

#include <string>
#include <string_view>

#include "tokenguard/json_input.h"

namespace tokenguard {

inline constexpr std::string_view kRedacted = "[redacted]";

[[nodiscard]] bool redact_json(std::string_view json, std::string& out, const InputLimits& limits = {});

// The same on a parsed document, in place.
void redact_secrets(nlohmann::json& document);

}  // namespace tokenguard

#endif  // TOKENGUARD_REDACT_H_
