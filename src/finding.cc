#include "tokenguard/finding.h"

#include <array>
#include <cctype>

namespace tokenguard {

bool is_secret_name(std::string_view name) noexcept {
  // Compared without case; "value" is the field SoftwareOne and Cloudflare
  // return a freshly made token in.
  static constexpr std::array<std::string_view, 11> kSecrets = {
      "client_secret", "token",    "value",         "authorization", "x-auth-key", "api_key",
      "key",           "password", "secret",        "cf-access-client-secret",   "x-auth-user-service-key"};
  for (const std::string_view s : kSecrets) {
    if (s.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < s.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(name[i])) == static_cast<unsigned char>(s[i]);
    if (same) return true;
  }
  return false;
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  // Most tokens go in as they are. (A plain loop: find_first_of("~/")
  // calls memchr on the two-byte set once per byte of the token.)
  bool plain = true;
  for (const char c : token) plain = plain && c != '~' && c != '/';
  if (plain) {
    pointer.append(token);
    return;
  }
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

void append_finding_pointer_token(std::string& pointer, std::string_view token) {
  if (token.size() <= kMaxPointerToken) return append_pointer_token(pointer, token);
  std::size_t cut = kMaxPointerToken;
  while (cut > 0 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  append_pointer_token(pointer, token.substr(0, cut));
  pointer += "...";
}

}  // namespace tokenguard
