// JSON Schema `pattern`: ECMA-262 regular expressions, one engine at a time.
//
//   Pattern p = Pattern::compile("^(?<year>[0-9]{4})-\\p{Letter}+$");
//   if (!p.ok()) report(p.error());          // neither engine accepts it
//   switch (p.search(text)) {                // unanchored, like RegExp.test
//     case Pattern::Match::kYes: ...
//     case Pattern::Match::kNo: ...
//     case Pattern::Match::kLimit: ...       // PCRE2 ran out of its budget
//   }
//
// A pattern is first rewritten from ECMA-262 spelling into a spelling RE2
// and PCRE2 share (translate_ecma): `(?<name>` becomes `(?P<name>`, `\s` and
// `.` get ECMA's sets (the Unicode spaces; every character but the four line
// terminators), `\uXXXX`, `\u{X}` and `\cX` become `\x{...}`, `[^]` and `[]`
// become the any and the empty class, `\p{Letter}` and `\p{Script=Greek}`
// become RE2's short names. `\d`, `\w` and `\b` stay ASCII, as in ECMA-262.
// Then RE2 compiles it (linear time); only what RE2 refuses (lookaround,
// backreferences, repetition counts above 1000) goes to PCRE2, JIT-compiled
// and matched under a match limit and a depth limit, so any pattern costs
// bounded time on any text. Escapes ECMA-262 does not define (`\a`, `\e`,
// `\z`) are errors, as in a `u`-flag RegExp.
#ifndef TOKENGUARD_SCHEMA_PATTERNS_H_
#define TOKENGUARD_SCHEMA_PATTERNS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tokenguard::detail {

struct PatternLimits {
  // PCRE2's match limit (backtracking steps per search) and depth limit.
  std::uint32_t match_limit = 1'000'000;
  std::uint32_t depth_limit = 10'000;
  // RE2's memory budget for one compiled pattern.
  std::int64_t re2_max_mem = 8 << 20;
};

// The shared RE2/PCRE2 spelling of an ECMA-262 pattern.
struct Translation {
  std::string text;           // the rewritten pattern
  bool needs_pcre2 = false;   // lookaround or a backreference
  std::string error;          // not a valid ECMA-262 pattern (then text is empty)
};
[[nodiscard]] Translation translate_ecma(std::string_view pattern);

class Pattern {
 public:
  enum class Engine : std::uint8_t { kNone, kRe2, kPcre2 };
  enum class Match : std::uint8_t { kNo, kYes, kLimit };

  Pattern() = default;
  [[nodiscard]] static Pattern compile(std::string_view ecma, const PatternLimits& limits = {});

  [[nodiscard]] bool ok() const noexcept { return engine_ != Engine::kNone; }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] Engine engine() const noexcept { return engine_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  // Valid ECMA-262 that neither engine can run (a variable-width
  // lookbehind): !ok(), but not a syntax error.
  [[nodiscard]] bool valid_but_unsupported() const noexcept { return valid_but_unsupported_; }
  // Whether the pattern matches anywhere in `text` (valid UTF-8).
  [[nodiscard]] Match search(std::string_view text) const noexcept;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
  Engine engine_ = Engine::kNone;
  std::string source_;
  std::string error_;
  bool valid_but_unsupported_ = false;
};

// Whether `pattern` is an ECMA-262 regular expression (the `regex`
// format): one of the engines compiles it, or it is valid but beyond both
// (a variable-width lookbehind).
[[nodiscard]] bool is_ecma_regex(std::string_view pattern);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SCHEMA_PATTERNS_H_
