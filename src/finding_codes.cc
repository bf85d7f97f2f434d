#include "tokenguard/finding_codes.h"

#include <algorithm>
#include <array>

namespace tokenguard {
namespace {

constexpr FindingCodeInfo kCodes[] = {
#define TG_FINDING_CODE(name, number, severity, meaning) \
  {FindingCode::name, #name, number, Severity::severity, meaning},
#include "tokenguard/finding_codes.def"
#undef TG_FINDING_CODE
};
constexpr std::size_t kCount = sizeof kCodes / sizeof kCodes[0];

// The list in name order, for find_code's binary search.
constexpr std::array<const FindingCodeInfo*, kCount> by_name() {
  std::array<const FindingCodeInfo*, kCount> out{};
  for (std::size_t i = 0; i < kCount; ++i) out[i] = &kCodes[i];
  std::sort(out.begin(), out.end(), [](const FindingCodeInfo* a, const FindingCodeInfo* b) { return a->name < b->name; });
  return out;
}
constexpr auto kByName = by_name();

constexpr bool enum_matches_list() {
  for (std::size_t i = 0; i < kCount; ++i)
    if (static_cast<std::size_t>(kCodes[i].code) != i) return false;
  return true;
}
static_assert(enum_matches_list(), "FindingCode values index the list");

constexpr bool numbers_unique() {
  for (std::size_t i = 0; i < kCount; ++i)
    for (std::size_t j = i + 1; j < kCount; ++j)
      if (kCodes[i].number == kCodes[j].number) return false;
  return true;
}
static_assert(numbers_unique(), "every code has its own number");

}  // namespace

std::span<const FindingCodeInfo> finding_codes() noexcept { return kCodes; }

const FindingCodeInfo& code_info(FindingCode code) noexcept { return kCodes[static_cast<std::size_t>(code)]; }

std::optional<FindingCode> find_code(std::string_view name) noexcept {
  const auto it = std::lower_bound(kByName.begin(), kByName.end(), name,
                                   [](const FindingCodeInfo* a, std::string_view n) { return a->name < n; });
  if (it == kByName.end() || (*it)->name != name) return std::nullopt;
  return (*it)->code;
}

}  // namespace tokenguard
