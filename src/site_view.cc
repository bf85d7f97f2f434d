#include "site_view.h"

#include "words.h"

namespace tokenguard::detail {

SiteView::Members::Members(const SiteTape* s, std::uint32_t open) noexcept : s_(s) {
  for (WrittenMembers it(s, open); it.more(); it.next()) {
    if (n_ == kMaxSortedMembers) {
      s->overflow = true;
      n_ = 0;
      return;
    }
    const std::string_view key = it.key();
    // An insertion sort by the keys' bytes, as the tape's index orders them
    // (keys are distinct, and most come in order already).
    std::uint32_t at = n_;
    for (; at > 0 && key_less(key, keys_[at - 1].text()); --at) keys_[at] = keys_[at - 1];
    keys_[at] = TapeKey{key.data(), static_cast<std::uint32_t>(key.size()), it.key_index()};
    ++n_;
  }
}

bool SiteView::find(std::string_view name, SiteView* out) const noexcept {
  for (auto it = any_order_members(); it.more(); it.next())
    if (same_text(it.key(), name)) {
      *out = it.value();
      return true;
    }
  return false;
}

}  // namespace tokenguard::detail
