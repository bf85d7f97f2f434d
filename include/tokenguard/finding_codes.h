// tokenguard/finding_codes.h: every finding code, typed.
//
//   if (const auto c = tokenguard::find_code(finding.code))
//     std::printf("%d: %s\n", tokenguard::code_number(*c),
//                 std::string(tokenguard::code_meaning(*c)).c_str());
//
// The list is tokenguard/finding_codes.def (name, stable number, default
// severity, meaning); Finding::code holds the name as text.
#ifndef TOKENGUARD_FINDING_CODES_H_
#define TOKENGUARD_FINDING_CODES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tokenguard/finding.h"

namespace tokenguard {

enum class FindingCode : std::uint16_t {
#define TG_FINDING_CODE(name, number, severity, meaning) name,
#include "tokenguard/finding_codes.def"
#undef TG_FINDING_CODE
};

struct FindingCodeInfo {
  FindingCode code;
  std::string_view name;  // "TG_FORMAT"
  int number;             // 7006, in the error envelope
  Severity severity;      // the default
  std::string_view meaning;
};

// Every code, in the list's order.
[[nodiscard]] std::span<const FindingCodeInfo> finding_codes() noexcept;
[[nodiscard]] const FindingCodeInfo& code_info(FindingCode code) noexcept;
[[nodiscard]] inline std::string_view code_name(FindingCode code) noexcept { return code_info(code).name; }
[[nodiscard]] inline int code_number(FindingCode code) noexcept { return code_info(code).number; }
[[nodiscard]] inline std::string_view code_meaning(FindingCode code) noexcept { return code_info(code).meaning; }
// The name as Finding::code holds it.
[[nodiscard]] inline std::string code_string(FindingCode code) { return std::string(code_info(code).name); }
// The code with this name, if there is one (a binary search).
[[nodiscard]] std::optional<FindingCode> find_code(std::string_view name) noexcept;

}  // namespace tokenguard

#endif  // TOKENGUARD_FINDING_CODES_H_
