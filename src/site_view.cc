#include "site_view.h"

namespace tokenguard::detail {

SiteView::Members::Members(const SiteTape* s, std::uint32_t open) noexcept : s_(s) {
  const std::uint64_t* words = s->tape.words;
  const auto end = static_cast<std::uint32_t>(words[open]) - 1;  // the '}'
  for (std::uint32_t j = open + 1; j < end; j = TapeView(&s->tape, j + 1).after()) {
    if (n_ == kMaxSortedMembers) {
      s->overflow = true;
      n_ = 0;
      return;
    }
    const std::string_view key = tape_string(s->tape.strings, words[j]);
    // An insertion sort by the keys' bytes, as the tape's index orders them
    // (keys are distinct, and most come in order already).
    std::uint32_t at = n_;
    for (; at > 0 && key_less(key, keys_[at - 1].text()); --at) keys_[at] = keys_[at - 1];
    keys_[at] = TapeKey{key.data(), static_cast<std::uint32_t>(key.size()), j};
    ++n_;
  }
}

bool SiteView::find(std::string_view name, SiteView* out) const noexcept {
  const std::uint64_t* words = s_->tape.words;
  const std::uint32_t open = v_.index();
  const auto end = static_cast<std::uint32_t>(words[open]) - 1;
  for (std::uint32_t j = open + 1; j < end; j = TapeView(&s_->tape, j + 1).after())
    if (tape_string(s_->tape.strings, words[j]) == name) {
      *out = SiteView(s_, j + 1);
      return true;
    }
  return false;
}

}  // namespace tokenguard::detail
