// tokenguard/redact.h: a JSON document made safe to log.
//
//   std::string safe;
//   if (tokenguard::redact_json(body, safe, tokenguard::RedactMode::kStrings)) log(safe);
//   else log("(body not logged: not JSON)");
//
// Three modes, from the least kept to the most:
// - kAll: every value is replaced by "[redacted]" (the shape and the keys
//   stay); for the operations that return a secret.
// - kStrings: an allow-list. A string is kept only under a key known to hold
//   nothing secret (ids, names, statuses, dates, codes and messages: see
//   is_harmless_name()); every other string, wherever it is, is replaced.
//   Numbers, booleans and null are kept. A key longer than 64 bytes, or with
//   a byte outside printable ASCII, is replaced by "[key N]".
// - kSecretFields: a deny-list. Every value under a secret name (see
//   is_secret_name()) and a top-level string "result" (Cloudflare's roll
//   returns the new token there) are replaced; everything else is kept. A
//   secret under a name the list does not know gets through: prefer kStrings.
// The output is re-serialized compactly. Input that does not pass
// parse_json()'s hardening is refused (returns false, `out` cleared): a body
// that is not JSON cannot be redacted field by field, so it must not be
// logged at all.
#ifndef TOKENGUARD_REDACT_H_
#define TOKENGUARD_REDACT_H_

#include <string>
#include <string_view>

#include "tokenguard/json_input.h"

namespace tokenguard {

inline constexpr std::string_view kRedacted = "[redacted]";

enum class RedactMode { kSecretFields, kStrings, kAll };

[[nodiscard]] bool redact_json(std::string_view json, std::string& out, const InputLimits& limits = {});
[[nodiscard]] bool redact_json(std::string_view json, std::string& out, RedactMode mode,
                               const InputLimits& limits = {});

// The same on a parsed document, in place: kSecretFields, and any mode.
void redact_secrets(nlohmann::json& document);
void redact(nlohmann::json& document, RedactMode mode);

// True for keys whose string values kStrings keeps (compared without case):
// id, name, status, type, code, message, effect, scope, label, category,
// href, created_on, modified_on, issued_on, expires_on, not_before,
// last_used_on, created_at, updated_at, expires_at, last_seen_at, at,
// duration, pointer, documentation_url.
[[nodiscard]] bool is_harmless_name(std::string_view name) noexcept;

}  // namespace tokenguard

#endif  // TOKENGUARD_REDACT_H_
