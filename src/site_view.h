// Internal: a value view over simdjson's raw tape (not indexed) for the
// semantic checks alone, where the verdict-only plan has found the schema
// silent and named the objects the checks must read (its "sites").
//
//   SiteTape sites{raw, quick_sites};
//   semantic_checks(SiteView(&sites, 1), context_with_prune, findings, ...);
//   if (sites.overflow) ...discard the findings, index the tape, check again...
//
// The checks read the sites where they are (semantic_checks.cc,
// visit_sites) and no other object. Where they need an object's members in
// order, members() sorts the keys by their bytes, as the tape's index does,
// so the findings come out in the order TapeView gives. The plan has
// already refused repeated and case-variant keys, so no index is needed to
// find a member. An object of more sorted members than kMaxSortedMembers
// sets `overflow` (the list is then empty): the caller takes the indexed
// path instead. The CIDR strings the plan parsed are not parsed again:
// parsed_prefix() gives the plan's parse.
#ifndef TOKENGUARD_SRC_SITE_VIEW_H_
#define TOKENGUARD_SRC_SITE_VIEW_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "schema/quick_plan.h"
#include "schema/value_view.h"

namespace tokenguard::detail {

struct SiteTape {
  SiteTape(RawTape raw, std::span<const std::uint32_t> site_indexes,
           std::span<const QuickSites::ParsedPrefix> parsed_prefixes = {},
           std::span<const QuickSites::SiteMembers> site_members = {}) noexcept
      : sites(site_indexes), prefixes(parsed_prefixes), members(site_members) {
    tape.words = raw.words;
    tape.strings = raw.strings;
  }
  // The sites, their members and the parses the verdict-only plan kept.
  SiteTape(RawTape raw, const QuickSites& kept) noexcept
      : SiteTape(raw, std::span<const std::uint32_t>(kept.at, kept.count),
                 std::span<const QuickSites::ParsedPrefix>(kept.prefixes, kept.prefix_count),
                 std::span<const QuickSites::SiteMembers>(kept.members, kept.count)) {}
  Tape tape;  // words and strings only: no order, no marks
  std::span<const std::uint32_t> sites;  // the '{' of each object to read
  // The plan's parses of "cidr" strings, by tape index, ascending.
  std::span<const QuickSites::ParsedPrefix> prefixes;
  // The semantic members of each site, as `sites` (empty: not kept, the
  // checks find them).
  std::span<const QuickSites::SiteMembers> members;
  mutable bool overflow = false;         // an object too large to sort was met
};

class SiteView {
 public:
  static constexpr std::uint32_t kMaxSortedMembers = 32;

  SiteView() = default;
  SiteView(const SiteTape* s, std::uint32_t index) noexcept : s_(s), v_(&s->tape, index) {}

  [[nodiscard, gnu::always_inline]] ValueKind kind() const noexcept { return v_.kind(); }
  [[nodiscard]] std::string_view string() const noexcept { return v_.string(); }
  [[nodiscard]] double as_double() const noexcept { return v_.as_double(); }
  // (simdjson's count; the plan runs only on bodies far below its
  // saturation, so TapeView never counts members itself here)
  [[nodiscard]] std::size_t size() const noexcept { return v_.size(); }

  // The prefix the plan parsed from this string, if it kept one (the
  // semantic checks then need not parse it again). `next` is where the
  // search starts: a list's strings were kept one after another, so after
  // each, `next` is set past it and the following item is found at once.
  [[nodiscard]] const Prefix* parsed_prefix(std::size_t& next) const noexcept {
    const std::uint32_t at = v_.index();
    const std::span<const QuickSites::ParsedPrefix> kept = s_->prefixes;
    std::size_t k = next;
    if (k >= kept.size() || kept[k].at != at) {
      const auto it = std::lower_bound(kept.begin(), kept.end(), at,
                                       [](const QuickSites::ParsedPrefix& p, std::uint32_t i) { return p.at < i; });
      if (it == kept.end() || it->at != at) return nullptr;
      k = static_cast<std::size_t>(it - kept.begin());
    }
    next = k + 1;
    return &kept[k].prefix;
  }

  // Where this value is on the tape, and the index past it.
  [[nodiscard]] std::uint32_t index() const noexcept { return v_.index(); }
  [[nodiscard]] std::uint32_t after() const noexcept { return v_.after(); }
  // The objects the plan named, by the tape index of their '{'.
  [[nodiscard]] std::span<const std::uint32_t> sites() const noexcept { return s_->sites; }
  // The key whose string is at tape index `j`, on this view's tape.
  [[nodiscard]] std::string_view key_at(std::uint32_t j) const noexcept {
    return tape_string(s_->tape.strings, s_->tape.words[j]);
  }
  // The site whose '{' is at `open`, on this view's tape.
  [[nodiscard]] SiteView at(std::uint32_t open) const noexcept { return SiteView(s_, open); }
  // The semantic members of the `k`th site, if the plan kept them.
  [[nodiscard]] const QuickSites::SiteMembers* site_members(std::size_t k) const noexcept {
    return k < s_->members.size() ? &s_->members[k] : nullptr;
  }

  class Items {
   public:
    Items(const SiteTape* s, TapeView::Items it) noexcept : s_(s), it_(it) {}
    [[nodiscard]] bool more() const noexcept { return it_.more(); }
    void next() noexcept { it_.next(); }
    [[nodiscard]] SiteView value() const noexcept { return SiteView(s_, it_.value().index()); }

   private:
    const SiteTape* s_;
    TapeView::Items it_;
  };
  [[nodiscard]] Items items() const noexcept { return Items(s_, v_.items()); }

  // The object's members as written (no sort, no limit).
  class WrittenMembers {
   public:
    WrittenMembers(const SiteTape* s, std::uint32_t open) noexcept
        : s_(s), j_(open + 1), end_(static_cast<std::uint32_t>(s->tape.words[open]) - 1) {}
    [[nodiscard]] bool more() const noexcept { return j_ < end_; }
    void next() noexcept { j_ = tape_after(s_->tape.words, j_ + 1); }
    [[nodiscard]] std::string_view key() const noexcept { return tape_string(s_->tape.strings, s_->tape.words[j_]); }
    [[nodiscard]] std::uint32_t key_index() const noexcept { return j_; }
    [[nodiscard]] SiteView value() const noexcept { return SiteView(s_, j_ + 1); }

   private:
    const SiteTape* s_;
    std::uint32_t j_, end_;
  };
  // For a reader to whom the order does not matter.
  [[nodiscard]] WrittenMembers any_order_members() const noexcept { return WrittenMembers(s_, v_.index()); }

  // The object's members in the byte order of their keys.
  class Members {
   public:
    Members(const SiteTape* s, std::uint32_t open) noexcept;
    [[nodiscard]] bool more() const noexcept { return k_ < n_; }
    void next() noexcept { ++k_; }
    [[nodiscard]] std::string_view key() const noexcept { return keys_[k_].text(); }
    [[nodiscard]] SiteView value() const noexcept { return SiteView(s_, keys_[k_].index + 1); }

   private:
    const SiteTape* s_;
    std::uint32_t n_ = 0, k_ = 0;
    TapeKey keys_[kMaxSortedMembers];  // (the first n_ written)
  };
  [[nodiscard]] Members members() const noexcept { return Members(s_, v_.index()); }

  // The member named `name` by its bytes (keys are distinct: the plan saw).
  [[nodiscard]] bool find(std::string_view name, SiteView* out) const noexcept;

 private:
  const SiteTape* s_ = nullptr;
  TapeView v_;
};

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SITE_VIEW_H_
