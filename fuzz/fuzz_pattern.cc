// Fuzzes ECMA-262 patterns: the input is a pattern, a NUL byte, then a text.
// Properties: no crash, bounded time; a pattern RE2 runs gives the same
// answer from PCRE2 (the two engines read the shared spelling alike),
// unless PCRE2 stops at its limit.
#include <cstdint>
#include <string_view>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "fuzz_check.h"
#include "schema/patterns.h"

namespace {

// The translated pattern through PCRE2 directly: 1 match, 0 none, -1 no answer.
int pcre2_answer(const std::string& pattern, std::string_view text) {
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C, &code, &offset, nullptr);
  if (re == nullptr) return -1;
  pcre2_match_context* ctx = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(ctx, 100000);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re, nullptr);
  const int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, md, ctx);
  pcre2_match_data_free(md);
  pcre2_match_context_free(ctx);
  pcre2_code_free(re);
  return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 0 : (c >= 0xF0 && c <= 0xF4) ? 3 : (c >= 0xE0 && c < 0xF0) ? 2 : (c >= 0xC2 && c < 0xE0) ? 1 : 9;
    if (n == 9 || i + n >= s.size() + (n == 0 ? 1 : 0)) return n == 0 && i < s.size();
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  if (nul == std::string_view::npos) return 0;
  const std::string_view pattern = input.substr(0, nul);
  const std::string_view text = input.substr(nul + 1);
  if (!valid_utf8(pattern) || !valid_utf8(text)) return 0;  // JSON strings are UTF-8
  const auto p = tokenguard::detail::Pattern::compile(pattern);
  if (!p.ok()) {
    TG_FUZZ_CHECK(!p.error().empty());
    return 0;
  }
  const auto answer = p.search(text);
  if (p.engine() == tokenguard::detail::Pattern::Engine::kRe2) {
    const auto t = tokenguard::detail::translate_ecma(pattern);
    const int other = pcre2_answer(t.text, text);
    if (other >= 0) TG_FUZZ_CHECK((answer == tokenguard::detail::Pattern::Match::kYes) == (other == 1));
  }
  return 0;
}
