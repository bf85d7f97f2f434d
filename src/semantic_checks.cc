// Checks beyond JSON Schema, each with its source.
#include "semantic_checks.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <compare>
#include <functional>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>

#include "datetime_internal.h"
#include "finding_pool.h"
#include "hex.h"
#include "pointer.h"
#include "scratch.h"
#include "semantic_keys.h"
#include "text.h"
#include "words.h"
#include "tokenguard/finding_codes.h"
#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"

namespace tokenguard::detail {
namespace {

// Where findings go, how many there may be in all, and the work left.
struct Sink {
  std::vector<Finding>& findings;
  std::size_t max;
  std::size_t work_left;
  bool capped = false;     // a finding was dropped by the cap
  bool dropped_error = false;  // ... and one of them was an error
  bool exhausted = false;  // the work budget ran out (reported once)
  bool prune = false;      // SemanticContext::prune

  // Spends `units` of work; false (after one TG_WORK_LIMIT finding) when
  // the budget is gone, and the caller stops.
  bool spend(std::size_t units) {
    if (units <= work_left) {
      work_left -= units;
      return true;
    }
    if (!exhausted) {
      exhausted = true;
      work_left = 0;
      findings.push_back(Finding{Severity::kError, "", "maxWork", code_string(FindingCode::TG_WORK_LIMIT),
                                 "the semantic checks ran out of their work budget; the rest of the body is not checked",
                                 "body"});
    }
    return false;
  }
};

// The longest message most checks write (longer ones grow the string).
constexpr std::size_t kMessageBytes = 192;

// Records a finding unless the cap is reached. `pointer` and `message` are
// callables, run only for a finding that is kept: `pointer` gives a
// PointerAt; `message` gives a fixed text, or writes one into the
// StringText it is given. The finding is one this thread recycled when
// there is one (finding_pool.h), its strings written in place; if an
// allocation fails on the way, nothing is added.
template <class PointerFn, class MessageFn>
void add(Sink& out, Severity s, PointerFn&& pointer, std::string_view keyword, FindingCode code, MessageFn&& message) {
  if (out.findings.size() >= out.max) {
    out.capped = true;
    out.dropped_error = out.dropped_error || s == Severity::kError;
    return;
  }
  Finding& f = next_finding(out.findings, s, keyword, code);
  try {
    pointer().render_into(f.pointer);
    if constexpr (std::is_invocable_v<MessageFn&, StringText&>) {
      StringText m(f.message, kMessageBytes);
      message(m);
      m.finish();
    } else {
      assign_text(f.message, message());
    }
  } catch (...) {
    out.findings.pop_back();
    throw;
  }
}

// The member `name` of object `o` when it is of kind `kind`.
template <class View>
bool member(View o, std::string_view name, ValueKind kind, View* out) {
  return o.find(name, out) && out->kind() == kind;
}

// The path from the body's root to the value being checked.
using Step = PathStep;
// The walk stops below depth 128, so a fixed array holds the steps: no
// allocation, and a push or a pop is a store and an add.
class Path {
 public:
  static constexpr std::size_t kCapacity = 160;
  Path() noexcept {}  // (the steps are written before they are read)
  void push_back(PathStep s) noexcept { steps_[size_++] = s; }
  void pop_back() noexcept { --size_; }
  void clear() noexcept { size_ = 0; }
  [[nodiscard]] PathStep& back() noexcept { return steps_[size_ - 1]; }
  [[nodiscard]] std::span<const PathStep> steps() const noexcept { return {steps_, size_}; }

 private:
  union {
    PathStep steps_[kCapacity];
  };
  std::size_t size_ = 0;
};
// The pointer to `base`'s value, then the members and items `more` (a long
// key shown cut, as findings show it): rendered into a finding's pointer
// only when the finding is kept.
constexpr PathStep member_step(std::string_view key) { return PathStep{key, 0, true}; }
constexpr PathStep item_step(std::size_t index) { return PathStep{{}, index, false}; }
struct PointerAt {
  const Path& base;
  std::array<PathStep, 3> more;  // (held by value: a braced list's array ends with its expression)
  std::size_t count;
  void render_into(std::string& out) const { render_pointer_into(out, base.steps(), {more.data(), count}); }
};
template <std::size_t N>
PointerAt at(const Path& base, const PathStep (&more)[N]) {
  static_assert(N <= 3);
  PointerAt p{base, {}, N};
  std::copy(more, more + N, p.more.begin());
  return p;
}
PointerAt at(const Path& base, std::string_view key) { return at(base, {member_step(key)}); }
PointerAt at(const Path& base, std::string_view key, std::size_t index) {
  return at(base, {member_step(key), item_step(index)});
}

// Appends a prefix's canonical text, formatted where it goes.
void append_prefix(StringText& out, const Prefix& prefix) {
  char* const p = out.room_for(kMaxPrefixText);
  out.advance(format_prefix(prefix, std::span<char, kMaxPrefixText>(p, kMaxPrefixText)).size());
}


// Cloudflare user tokens: "not_before: the time before which the token MUST
// NOT be accepted"; "expires_on: the time on or after which the JWT MUST NOT
// be accepted" (upstream descriptions). A not_before at or after expires_on
// makes a token that is never valid.
// `nb_key`: the not_before member's key as written (it may differ in case).
template <class View>
void token_window(View nb, View ex, std::string_view nb_key, const Path& ptr, Sink& out) {
  if (nb.kind() != ValueKind::kString || ex.kind() != ValueKind::kString) return;
  const int order = order_date_times(nb.string(), ex.string());
  if (order == kNotDateTimes) return;  // the schema's format check reports those
  if (order >= 0)
    add(out, Severity::kError, [&] { return at(ptr, nb_key); }, "not_before", FindingCode::TG_NOT_BEFORE_AFTER_EXPIRY,
        [] { return "not_before must be earlier than expires_on, or the token is never valid"; });
}

// A 128-bit address as (hi, lo), compared as a number.
struct U128 {
  std::uint64_t hi = 0, lo = 0;
  friend auto operator<=>(const U128&, const U128&) = default;
};

// A masked prefix as a range of 128-bit addresses, for sorting and sweeps
// (40 bytes: lists are sorted by value).
struct Range {
  U128 first, last;
  std::uint32_t index = 0;  // in its list (a list is shorter than a body)
  std::int16_t bits = 0;
  bool v4 = false;

  // IPv4 first: lists are most often written that way, and a list already
  // in order is not moved.
  friend bool operator<(const Range& a, const Range& b) {
    if (a.v4 != b.v4) return a.v4;
    if (a.first != b.first) return a.first < b.first;
    if (a.bits != b.bits) return a.bits < b.bits;
    return a.index < b.index;
  }
  [[nodiscard]] bool same_prefix(const Range& o) const { return v4 == o.v4 && first == o.first && bits == o.bits; }
  // The masked prefix it stands for (its first address).
  [[nodiscard]] Prefix prefix() const { return Prefix{IpAddress{first.hi, first.lo, v4}, bits}; }
};

// The low `n` bits set (n from 0 to 64).
constexpr std::uint64_t low_bits(int n) { return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; }

// The range of a parsed prefix, masked here. (Filled in place, from the
// parse's words one by one: a Range or Prefix built apart and copied in
// was read back as wide loads over narrow stores, which the store buffer
// cannot forward.)
void set_range(Range& r, const Prefix& parsed, std::size_t index) {
  const bool v4 = parsed.address.is_v4;
  const int bits = parsed.bits;
  const int host_bits = (v4 ? 32 : 128) - bits;
  const std::uint64_t hi_host = low_bits(host_bits > 64 ? host_bits - 64 : 0), lo_host = low_bits(host_bits);
  const std::uint64_t hi = parsed.address.hi & ~hi_host, lo = parsed.address.lo & ~lo_host;
  r.first.hi = hi;
  r.first.lo = lo;
  r.last.hi = hi | hi_host;
  r.last.lo = lo | lo_host;
  r.bits = static_cast<std::int16_t>(bits);
  r.index = static_cast<std::uint32_t>(index);
  r.v4 = v4;
}

// Sorts unless already in order (then no element moves).
template <class It, class Less = std::less<>>
void sort_unless_sorted(It first, It last, Less less = {}) {
  if (!std::is_sorted(first, last, less)) std::sort(first, last, less);
}

// Room for the ranges of a condition's two lists: on the stack for the
// short lists bodies carry, in a reused vector past that (so no list
// length allocates on every check).
class RangeStore {
 public:
  static constexpr std::size_t kInline = 16;
  explicit RangeStore(std::size_t capacity) : data_(inline_) {
    if (capacity > kInline) {
      heap_.emplace();
      (**heap_).resize(capacity);
      data_ = (**heap_).data();
    }
  }
  [[nodiscard]] Range* data() noexcept { return data_; }

 private:
  union {
    Range inline_[kInline];  // (each written before it is read)
  };
  std::optional<Reused<std::vector<Range>>> heap_;
  Range* data_;
};

// The entries of the list `items` (the condition's member `name`), written
// from `ranges` on (room for items.size()): each masked prefix once,
// sorted; a repeat is a TG_CIDR_DUPLICATE warning naming the first entry
// it repeats, reported in the list's order. n log n for any length. The
// ranges kept, or 0 when the work budget is gone.
template <class View>
std::size_t read_list(View items, const char* name, const Path& ptr, Sink& out, Range* ranges) {
  const std::size_t room = items.size();
  if (!out.spend(room)) return 0;
  std::size_t i = 0, count = 0;
  [[maybe_unused]] std::size_t next_kept = 0;
  for (auto it = items.items(); it.more() && i < room; it.next(), ++i) {
    if (it.value().kind() != ValueKind::kString) continue;
    if constexpr (requires { it.value().parsed_prefix(next_kept); }) {
      if (const Prefix* known = it.value().parsed_prefix(next_kept)) {  // the plan's parse of this string
        set_range(ranges[count++], *known, i);
        continue;
      }
    }
    const auto r = parse_prefix(it.value().string());
    if (r.ok()) set_range(ranges[count++], r.value(), i);  // the cidr format reports the others
  }
  const std::span<Range> list(ranges, count);
  sort_unless_sorted(list.begin(), list.end());
  // A repeat sorts right after the first entry of its prefix (the same
  // prefix, a later index): the repeats are taken out in place, and kept
  // aside only when there are any.
  std::optional<Reused<std::vector<std::pair<std::size_t, std::size_t>>>> repeats;  // (entry, the entry it repeats)
  std::size_t kept = 0;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Range& e = list[k];
    if (kept != 0 && list[kept - 1].same_prefix(e)) {
      if (!repeats) repeats.emplace();
      (*repeats)->emplace_back(e.index, list[kept - 1].index);
    } else {
      if (kept != k) list[kept] = e;  // (no copy onto itself)
      ++kept;
    }
  }
  if (!repeats) return kept;
  const std::span<const Range> unique(ranges, kept);
  std::sort((*repeats)->begin(), (*repeats)->end());
  for (const auto& repeat : **repeats) {
    // (named, not a structured binding: clang 14 cannot capture those)
    const std::size_t index = repeat.first, first = repeat.second;
    const Range* original = nullptr;
    for (const Range& u : unique)  // only for a kept finding; bounded by the cap
      if (u.index == first) original = &u;
    add(out, Severity::kWarning, [&] { return at(ptr, name, index); }, name, FindingCode::TG_CIDR_DUPLICATE, [&](StringText& m) {
      m.append(name);
      m.append(" entry ");
      m.append_decimal(index);
      m.append(" repeats entry ");
      m.append_decimal(first);
      m.append(" (");
      if (original != nullptr) append_prefix(m, original->prefix()); else m.push_back('?');
      m.push_back(')');
    });
    if (out.capped) break;
  }
  return kept;
}

// Cloudflare user tokens, condition.request_ip (or the older request.ip):
// "in" allows client addresses, "not_in" takes addresses back out. The
// upstream example itself pairs in 123.123.123.0/24 with not_in
// 123.123.123.100/24, so a not_in entry that covers an in entry entirely is
// a warning (that in entry allows nothing), never an error. Duplicates are
// warnings too. Coverage is a sweep over the sorted in entries: the ones a
// not_in prefix covers start inside its range, so each not_in entry costs a
// binary search plus the findings it yields (stopped by the cap).
template <class View>
void ip_condition(View cond, const Path& ptr, Sink& out) {
  // Both lists in one pass over the condition's members (keys are
  // distinct in every view), read in, then not_in.
  View lists[2];
  bool found[2] = {false, false};
  for (auto it = cond.any_order_members(); it.more(); it.next()) {
    const std::string_view key = it.key();
    const int which = same_text(key, "in") ? 0 : same_text(key, "not_in") ? 1 : -1;
    if (which < 0 || it.value().kind() != ValueKind::kArray) continue;
    lists[which] = it.value();
    found[which] = true;
  }
  // One store for both lists: the in entries, then the not_in entries.
  RangeStore ranges((found[0] ? lists[0].size() : 0) + (found[1] ? lists[1].size() : 0));
  const std::size_t split = found[0] ? read_list(lists[0], "in", ptr, out, ranges.data()) : 0;
  const std::size_t after = found[1] ? read_list(lists[1], "not_in", ptr, out, ranges.data() + split) : 0;
  const std::span<Range> in(ranges.data(), split);
  const std::span<Range> not_in(ranges.data() + split, after);
  if (in.empty() || not_in.empty() || !out.spend(not_in.size())) return;
  sort_unless_sorted(not_in.begin(), not_in.end(), [](const Range& a, const Range& b) { return a.index < b.index; });
  for (const Range& n : not_in) {
    Range from = n;
    from.bits = -1;
    for (auto it = std::lower_bound(in.begin(), in.end(), from);
         it != in.end() && it->v4 == n.v4 && it->first <= n.last; ++it) {
      if (it->bits < n.bits) continue;  // larger than n: starts at n's first address, is not covered
      add(out, Severity::kWarning, [&] { return at(ptr, "not_in", n.index); }, "not_in", FindingCode::TG_CIDR_EXCLUDED, [&](StringText& m) {
        m.append("not_in entry ");
        m.append_decimal(n.index);
        m.append(" (");
        append_prefix(m, n.prefix());
        m.append(") covers in entry ");
        m.append_decimal(it->index);
        m.append(" (");
        append_prefix(m, it->prefix());
        m.append(") entirely, which then allows no address");
      });
      if (out.capped) return;
    }
  }
}

// Cloudflare Access service tokens: client_secret_version is "a version
// number identifying the current client_secret"; incrementing it rotates the
// secret (upstream description). Upstream types it as number: a fraction or a
// value below 1 is almost certainly a mistake, so it is a warning.
template <class View>
void secret_version(View v, std::string_view key, const Path& ptr, Sink& out) {
  const ValueKind k = v.kind();
  if (k != ValueKind::kInteger && k != ValueKind::kUnsigned && k != ValueKind::kFloat) return;
  const double d = v.as_double();
  if (d < 1 || std::floor(d) != d)
    add(out, Severity::kWarning, [&] { return at(ptr, key); }, "client_secret_version",
        FindingCode::TG_CLIENT_SECRET_VERSION,
        [] { return "client_secret_version should be a whole number of at least 1"; });
}

// Exactly `n` ASCII hex digits.
bool hex_digits(std::string_view s, std::size_t n) { return s.size() == n && all_hex_digits(s); }

// What is wrong with a policy resource key, if anything: nullptr for a key
// of a known, well-formed shape; "unknown" for one of no known shape;
// otherwise why a known shape is malformed. Shapes, from Cloudflare's
// documentation of API token resources ("Create API token via the API",
// and R2's "Create API tokens via API" for buckets):
//   com.cloudflare.api.account.<account id>        32 hex digits, or *
//   com.cloudflare.api.account.zone.<zone id>      32 hex digits, or *
//   com.cloudflare.api.user.<user id>              32 hex digits
//   com.cloudflare.edge.r2.bucket.<account id>_<jurisdiction>_<bucket>
//       jurisdiction default, eu or fedramp; bucket 3-63 of a-z 0-9 -,
//       starting and ending with a letter or digit
const char* resource_key_problem(std::string_view key) {
  const auto after = [&](std::string_view prefix, std::string_view& rest) {
    if (!begins_with(key, prefix)) return false;
    rest = key.substr(prefix.size());
    return true;
  };
  std::string_view rest;
  if (after("com.cloudflare.api.account.zone.", rest))
    return rest == "*" || hex_digits(rest, 32) ? nullptr : "a zone resource needs a 32-hex-digit zone id or *";
  if (after("com.cloudflare.api.account.", rest))
    return rest == "*" || hex_digits(rest, 32) ? nullptr : "an account resource needs a 32-hex-digit account id or *";
  if (after("com.cloudflare.api.user.", rest))
    return hex_digits(rest, 32) ? nullptr : "a user resource needs a 32-hex-digit user id";
  if (after("com.cloudflare.edge.r2.bucket.", rest)) {
    const std::size_t a = rest.find('_');
    const std::size_t b = a == std::string_view::npos ? a : rest.find('_', a + 1);
    if (b == std::string_view::npos || !hex_digits(rest.substr(0, a), 32))
      return "an R2 bucket resource is <32-hex-digit account id>_<jurisdiction>_<bucket>";
    const std::string_view jurisdiction = rest.substr(a + 1, b - a - 1);
    const std::string_view bucket = rest.substr(b + 1);
    if (jurisdiction != "default" && jurisdiction != "eu" && jurisdiction != "fedramp")
      return "an R2 bucket resource's jurisdiction is default, eu or fedramp";
    bool ok = bucket.size() >= 3 && bucket.size() <= 63 && bucket.front() != '-' && bucket.back() != '-';
    for (const char c : bucket) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    return ok ? nullptr : "an R2 bucket name is 3 to 63 lower-case letters, digits and hyphens";
  }
  return "unknown";
}

template <class PointerFn>
void resource_key(std::string_view key, PointerFn&& pointer, Sink& out) {
  const char* problem = resource_key_problem(key);
  if (problem == nullptr) return;
  const bool unknown = std::string_view(problem) == "unknown";
  add(out, unknown ? Severity::kWarning : Severity::kError, pointer, "resources", FindingCode::TG_RESOURCE_KEY, [&](StringText& m) {
    m.append("resource ");
    append_quoted(m, key);
    if (unknown) {
      m.append(" is of no known shape (com.cloudflare.api.account.<id>, ...zone.<id>, "
               "com.cloudflare.api.user.<id>, com.cloudflare.edge.r2.bucket.<id>_<jurisdiction>_<bucket>)");
    } else {
      m.append(": ");
      m.append(problem);
    }
  });
}

// Cloudflare token policies: each resource key, at both levels of the
// nested form ({"com.cloudflare.api.account.<id>": {"...zone.*": "*"}}), is
// of a known shape (an unknown shape is a warning, so new resource kinds
// are not blocked; a known prefix with a malformed id is an error); and each
// permission group id is 32 hex digits, the shape every permission group
// Cloudflare lists has (a warning otherwise).
template <class View>
void policy(View resources, View groups, std::string_view resources_key, std::string_view groups_key, const Path& ptr,
            Sink& out) {
  if (resources.kind() != ValueKind::kObject) return;
  if (!out.spend(resources.size())) return;
  for (auto outer = resources.members(); outer.more(); outer.next()) {
    const std::string_view outer_key = outer.key();
    const auto outer_pointer = [&] { return at(ptr, {member_step(resources_key), member_step(outer_key)}); };
    resource_key(outer_key, outer_pointer, out);
    if (outer.value().kind() != ValueKind::kObject) continue;
    for (auto inner = outer.value().members(); inner.more(); inner.next()) {
      const std::string_view inner_key = inner.key();
      resource_key(
          inner_key, [&] { return at(ptr, {member_step(resources_key), member_step(outer_key), member_step(inner_key)}); },
          out);
    }
  }
  if (groups.kind() != ValueKind::kArray) return;
  std::size_t i = 0;
  for (auto g = groups.items(); g.more(); g.next(), ++i) {
    View id;
    if (g.value().kind() != ValueKind::kObject || !member(g.value(), "id", ValueKind::kString, &id) ||
        hex_digits(id.string(), 32))
      continue;
    add(out, Severity::kWarning, [&] { return at(ptr, {member_step(groups_key), item_step(i), member_step("id")}); }, "id",
        FindingCode::TG_PERMISSION_GROUP_ID, [] { return "a permission group id is 32 hex digits"; });
  }
}

// "PFX-" and `min` to `max` groups of four digits joined by '-'.
bool id_shape(std::string_view s, std::string_view prefix, int min, int max) {
  if (!begins_with(s, prefix)) return false;
  s.remove_prefix(prefix.size());
  int groups = 0;
  while (true) {
    if (s.size() < 4) return false;
    for (int i = 0; i < 4; ++i)
      if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return false;
    ++groups;
    s.remove_prefix(4);
    if (s.empty()) break;
    if (s[0] != '-') return false;
    s.remove_prefix(1);
  }
  return groups >= min && groups <= max;
}

// SoftwareOne responses: the ids carry the shapes the requests' DTOs give
// them (the OpenAPI document's patterns: ACC-dddd-dddd, MOD-dddd; the
// developer documentation's TKN-dddd-dddd for tokens). A warning otherwise:
// the response schemas leave them free strings.
template <class View>
void softwareone_token_ids(View token, const Path& ptr, Sink& out) {
  if (token.kind() != ValueKind::kObject) return;
  const auto warn = [&](const auto& pointer, const char* what) {
    add(out, Severity::kWarning, pointer, "id", FindingCode::TG_ID_SHAPE,
        [&](StringText& m) {
          m.append("expected ");
          m.append(what);
          m.append(", the shape the requests use");
        });
  };
  View id, account, modules;
  if (member(token, "id", ValueKind::kString, &id) && !id_shape(id.string(), "TKN-", 2, 4))
    warn([&] { return at(ptr, "id"); }, "a token id like TKN-1234-5678");
  if (member(token, "account", ValueKind::kObject, &account) && member(account, "id", ValueKind::kString, &id) &&
      !id_shape(id.string(), "ACC-", 2, 2))
    warn([&] { return at(ptr, {member_step("account"), member_step("id")}); }, "an account id like ACC-1234-5678");
  if (member(token, "modules", ValueKind::kArray, &modules)) {
    std::size_t i = 0;
    for (auto m = modules.items(); m.more(); m.next(), ++i) {
      if (m.value().kind() != ValueKind::kObject) continue;
      if (member(m.value(), "id", ValueKind::kString, &id) && !id_shape(id.string(), "MOD-", 1, 1))
        warn([&] { return at(ptr, {member_step("modules"), item_step(i), member_step("id")}); }, "a module id like MOD-1234");
    }
  }
}

template <class View>
void softwareone_response(View body, Sink& out) {
  View data;
  if (member(body, "data", ValueKind::kArray, &data)) {
    if (!out.spend(data.size())) return;
    Path path;
    path.push_back(Step{"data", 0, true});
    path.push_back(Step{{}, 0, false});
    for (auto it = data.items(); it.more(); it.next(), ++path.back().index) softwareone_token_ids(it.value(), path, out);
  } else {
    const Path root;
    softwareone_token_ids(body, root, out);
  }
}

// The members the checks read, found in one pass over an object.
// Only the members whose bit is set in `found` are written, and only they
// are read: the slots are left unset (zeroing them cost a 280-byte fill at
// every object walked).
template <class View>
struct Interesting {
  static_assert(std::is_trivially_copyable_v<View> && std::is_trivially_destructible_v<View>);
  Interesting() noexcept {}
  union {
    View values[7];  // by SemanticKey
  };
  union {
    // Each member's key as written, by SemanticKey: the upstreams read a
    // key that differs only in case as the member, and a finding points at it.
    std::string_view keys[7];
  };
  std::uint8_t found = 0;  // one bit per SemanticKey
  [[nodiscard]] bool has(SemanticKey key) const noexcept { return (found & (1u << key)) != 0; }
  [[nodiscard]] const View& operator[](SemanticKey key) const noexcept { return values[key]; }
};

template <class View>
Interesting<View> interesting_members(View o) {
  Interesting<View> m;
  // (in any order: where SiteView gives them as written, no two keys fill
  // one slot, the plan saw to that)
  for (auto it = o.any_order_members(); it.more(); it.next()) {
    const SemanticKey key = semantic_key(it.key());
    if (key == kNoSemanticKey) continue;
    m.values[key] = it.value();
    m.keys[key] = it.key();
    m.found |= static_cast<std::uint8_t>(1u << key);
  }
  return m;
}

// The members of the site the plan kept them for, as interesting_members
// finds them.
Interesting<SiteView> kept_members(const SiteView& root, const QuickSites::SiteMembers& kept) {
  Interesting<SiteView> m;
  m.found = kept.found;
  for (unsigned bits = kept.found; bits != 0; bits &= bits - 1) {
    const auto k = static_cast<std::size_t>(std::countr_zero(bits));
    m.values[k] = root.at(kept.key_at[k] + 1);
    m.keys[k] = root.key_at(kept.key_at[k]);
  }
  return m;
}

// The checks on one object's own members `m`; `path` leads to it.
template <class View>
void object_checks(const Interesting<View>& m, Path& path, Sink& out) {
  if (m.found != 0) {
    if (m.has(kNotBefore) && m.has(kExpiresOn)) token_window(m[kNotBefore], m[kExpiresOn], m.keys[kNotBefore], path, out);
    if (m.has(kClientSecretVersion))
      secret_version(m[kClientSecretVersion], m.keys[kClientSecretVersion], path, out);
    if (m.has(kResources) && m.has(kPermissionGroups))
      policy(m[kResources], m[kPermissionGroups], m.keys[kResources], m.keys[kPermissionGroups], path, out);
    // previous_client_secret_expires_at may lie in the past on purpose
    // ("move it into the past to immediately invalidate the previous
    // token", upstream): no finding.
    if (m.has(kRequestIp) && m[kRequestIp].kind() == ValueKind::kObject) {
      path.push_back(Step{m.keys[kRequestIp], 0, true});
      ip_condition(m[kRequestIp], path, out);
      path.pop_back();
    }
    if (m.has(kRequestDotIp) && m[kRequestDotIp].kind() == ValueKind::kObject) {
      path.push_back(Step{m.keys[kRequestDotIp], 0, true});
      ip_condition(m[kRequestDotIp], path, out);
      path.pop_back();
    }
  }
}

// The deepest object the checks read: the walk stops below it.
constexpr int kMaxCheckedDepth = 128;

// Every object of the body, depth first; `path` leads to `v`.
template <class View>
void walk(View v, Path& path, int depth, Sink& out) {
  if (depth > kMaxCheckedDepth || out.exhausted || !out.spend(1)) return;
  const ValueKind kind = v.kind();
  if (kind == ValueKind::kObject) {
    object_checks(interesting_members(v), path, out);
    // Only arrays and objects can hold what the checks look for.
    for (auto it = v.members(); it.more(); it.next()) {
      const ValueKind k = it.value().kind();
      if (k != ValueKind::kObject && k != ValueKind::kArray) continue;
      if (out.prune && !it.value().may_hold_semantic_keys()) continue;
      path.push_back(Step{it.key(), 0, true});
      walk(it.value(), path, depth + 1, out);
      path.pop_back();
    }
  } else if (kind == ValueKind::kArray) {
    std::size_t i = 0;
    for (auto it = v.items(); it.more(); it.next(), ++i) {
      const ValueKind k = it.value().kind();
      if (k != ValueKind::kObject && k != ValueKind::kArray) continue;
      if (out.prune && !it.value().may_hold_semantic_keys()) continue;
      path.push_back(Step{{}, i, false});
      walk(it.value(), path, depth + 1, out);
      path.pop_back();
    }
  }
}

// A site's way down from the body's root, as the raw tape gives it: for
// each member the tape index of its key; for each item its number, marked
// with kItemStep.
constexpr std::uint32_t kItemStep = 0x80000000u;
struct SiteWay {
  std::uint32_t open;   // the site's '{'
  std::uint32_t depth;  // the steps written
  std::uint32_t steps[kMaxCheckedDepth];
};

// The way from `root` to the object at `open`; false when the object lies
// deeper than the walk reads (it is then not checked, as walk() leaves it).
bool find_way(SiteView root, std::uint32_t open, SiteWay& way) noexcept {
  way.open = open;
  way.depth = 0;
  SiteView v = root;
  while (v.index() != open) {
    if (way.depth == static_cast<std::uint32_t>(kMaxCheckedDepth)) return false;
    const auto holds = [open](const SiteView& c) { return open >= c.index() && open < c.after(); };
    bool found = false;
    if (v.kind() == ValueKind::kObject) {
      for (auto it = v.any_order_members(); !found && it.more(); it.next())
        if (holds(it.value())) {
          way.steps[way.depth++] = it.key_index();
          v = it.value();
          found = true;
        }
    } else if (v.kind() == ValueKind::kArray) {
      std::uint32_t i = 0;
      for (auto it = v.items(); !found && it.more(); it.next(), ++i)
        if (holds(it.value())) {
          way.steps[way.depth++] = i | kItemStep;
          v = it.value();
          found = true;
        }
    }
    if (!found) return false;
  }
  return true;
}

// Whether walk() reaches site `a` before site `b`: members in the byte
// order of their keys, items in order, and an object before the objects
// inside it.
bool walks_before(const SiteView& root, const SiteWay& a, const SiteWay& b) noexcept {
  const std::uint32_t n = std::min(a.depth, b.depth);
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t x = a.steps[k], y = b.steps[k];
    if (x == y) continue;
    // (the two steps leave one container: both items, or both members)
    if ((x & kItemStep) != 0) return x < y;
    return key_less(root.key_at(x), root.key_at(y));
  }
  return a.depth < b.depth;
}

// The objects the plan named, read where they are: each one's way down
// from the root found on the tape, the sites put in the order walk() visits
// them (so the findings come in the same order), then each checked as
// walk() checks it. No other object is read: the plan names every object
// whose members could give a finding.
void visit_sites(SiteView root, Sink& out) {
  const std::span<const std::uint32_t> sites = root.sites();
  SiteWay ways[QuickSites::kMax];
  std::size_t order[QuickSites::kMax];
  std::size_t site_of[QuickSites::kMax];  // by way: the site's place in `sites`
  std::size_t n = 0;
  for (std::size_t s = 0; s < std::min(sites.size(), QuickSites::kMax); ++s)
    if (find_way(root, sites[s], ways[n])) {
      order[n] = n;
      site_of[n] = s;
      ++n;
    }
  for (std::size_t k = 1; k < n; ++k)  // (at most eight)
    for (std::size_t j = k; j > 0 && walks_before(root, ways[order[j]], ways[order[j - 1]]); --j)
      std::swap(order[j], order[j - 1]);
  Path path;
  for (std::size_t k = 0; k < n; ++k) {
    if (out.exhausted || !out.spend(1)) return;
    const SiteWay& way = ways[order[k]];
    path.clear();
    for (std::uint32_t d = 0; d < way.depth; ++d) {
      const std::uint32_t step = way.steps[d];
      path.push_back((step & kItemStep) != 0 ? item_step(step & ~kItemStep) : member_step(root.key_at(step)));
    }
    if (const QuickSites::SiteMembers* kept = root.site_members(site_of[order[k]]))
      object_checks(kept_members(root, *kept), path, out);
    else
      object_checks(interesting_members(root.at(way.open)), path, out);
  }
}

}  // namespace

template <class View>
SemanticOutcome semantic_checks(View body, const SemanticContext& context, std::vector<Finding>& findings,
                                std::size_t max_findings, std::size_t max_work) {
  Sink sink{findings, max_findings, max_work};
  sink.prune = context.prune;
  if constexpr (std::is_same_v<View, SiteView>) {
    visit_sites(body, sink);  // (the plan named every object to read)
  } else if (!sink.prune || body.may_hold_semantic_keys()) {
    Path path;
    walk(body, path, 0, sink);
  }
  if (context.softwareone_response) softwareone_response(body, sink);
  return SemanticOutcome{max_work - sink.work_left, sink.capped, sink.dropped_error};
}

template SemanticOutcome semantic_checks<JsonView>(JsonView, const SemanticContext&, std::vector<Finding>&,
                                                   std::size_t, std::size_t);
template SemanticOutcome semantic_checks<TapeView>(TapeView, const SemanticContext&, std::vector<Finding>&,
                                                   std::size_t, std::size_t);
template SemanticOutcome semantic_checks<SiteView>(SiteView, const SemanticContext&, std::vector<Finding>&,
                                                   std::size_t, std::size_t);

}  // namespace tokenguard::detail
