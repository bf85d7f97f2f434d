// The formats tokenguard knows: one table, read by the compiler (which
// names are known, which assert) and the evaluator (the verdict and the
// message), so the two can never disagree.
//
//   const FormatRule* rule = find_format("int32");
//   if (rule == nullptr) diagnose("unknown format");
//   ParseError why;
//   if (!rule->string_holds(value, &why)) report(expected_text(*rule), why);
#ifndef TOKENGUARD_SCHEMA_FORMATS_H_
#define TOKENGUARD_SCHEMA_FORMATS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "schema/value_view.h"
#include "tokenguard/parse_result.h"

namespace tokenguard::detail {

enum class FormatKind : std::uint8_t {
  kString,      // checks strings; other types pass
  kNumber,      // checks numbers; other types pass
  kAnnotation,  // known, never fails (OpenAPI's "binary", "password")
};

struct FormatRule {
  std::string_view name;
  FormatKind kind;
  // What a conforming value is, and one (JSON text for numbers): a
  // finding says "expected <what> like <example>".
  std::string_view what;
  std::string_view example;
  // kString: the grammar; when it fails and `why` is not null, *why says
  // where and why (without the value when the value is secret).
  bool (*string_holds)(std::string_view value, ParseError* why) noexcept = nullptr;
  // kString: the verdict alone, the fastest way (validation's common path).
  bool (*string_verdict)(std::string_view value) noexcept = nullptr;
  // kNumber: whether the number is representable in the format.
  bool (*number_holds)(const NumberValue& value) noexcept = nullptr;
  // Said after the example: ` or "forever"`.
  std::string_view also = {};
};

// The rule for a format name, or null when tokenguard does not know it.
// `rfc1123_hostnames`: "hostname" without IDNA's A-label rules (drafts 4
// and 6, OpenAPI 3.0, whose references stop at RFC 1123).
[[nodiscard]] const FormatRule* find_format(std::string_view name, bool rfc1123_hostnames = false) noexcept;
// "an RFC 3339 date-time like \"2014-01-01T05:20:00Z\"".
[[nodiscard]] std::string expected_text(const FormatRule& rule);
// Every rule, in the order the README lists them.
[[nodiscard]] std::span<const FormatRule> format_rules() noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SCHEMA_FORMATS_H_
