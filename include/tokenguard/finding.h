// tokenguard/finding.h: what a check reports.
//
// A Finding names one problem: how bad it is, where it is in the checked
// document (an RFC 6901 JSON Pointer), which schema keyword or check found
// it, a stable code for programs, and a message for people. Messages never
// contain the value of a secret field (client_secret, token, value, keys,
// Authorization): see is_secret_name().
#ifndef TOKENGUARD_FINDING_H_
#define TOKENGUARD_FINDING_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tokenguard {

enum class Severity { kError, kWarning };

[[nodiscard]] constexpr std::string_view to_string(Severity s) noexcept {
  return s == Severity::kError ? "error" : "warning";
}

struct Finding {
  Severity severity = Severity::kError;
  std::string pointer;  // RFC 6901, into the checked part ("" is its root)
  std::string keyword;  // the schema keyword or check, e.g. "format", "required"
  std::string code;     // stable, e.g. "TG_FORMAT"
  std::string message;  // for people; never echoes a secret value
  // Which part of an HTTP exchange: "body", "path", "query", "header",
  // "status" or "route".
  std::string location = "body";
};

// What to do with object keys that are equal under Go's case folding but
// not byte for byte ("name" and "Name", or "Name" where a schema declares
// "name"): Go's encoding/json reads them as one field, so two such keys can
// carry two values past a check that reads them as two. Code
// TG_JSON_KEY_CASE_VARIANT.
enum class CaseVariantKeys {
  kAllow,    // plain JSON: they are different keys
  kWarning,  // a warning finding each; checking goes on
  kReject,   // an error
};

// True for property names whose values are secrets and must never be echoed.
[[nodiscard]] bool is_secret_name(std::string_view name) noexcept;

// Appends `token` to an RFC 6901 pointer as one reference token ("~" and "/"
// escaped as "~0" and "~1").
void append_pointer_token(std::string& pointer, std::string_view token);

// The longest key a finding's pointer shows whole, in bytes.
inline constexpr std::size_t kMaxPointerToken = 64;

// The same for a finding's pointer: a key longer than kMaxPointerToken bytes
// appears as its first 64 bytes (cut at a character boundary) and "...", so
// a finding never carries a whole long key (which a hostile document can
// make of anything).
void append_finding_pointer_token(std::string& pointer, std::string_view token);

}  // namespace tokenguard

#endif  // TOKENGUARD_FINDING_H_
