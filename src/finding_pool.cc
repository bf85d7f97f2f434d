#include "finding_pool.h"

#include <algorithm>
#include <cstddef>

#include "words.h"

namespace tokenguard::detail {
namespace {

// A thread's spare findings. A check reports up to max_findings (100 by
// default): the pool keeps that many, and no string past a few hundred
// bytes (a message or a pointer as long as findings make them).
constexpr std::size_t kKeepFindings = 128;
constexpr std::size_t kKeepBytes = 1024;

// Set when this thread's pool is destroyed (thread exit): a result
// destroyed after that (a static one, at exit) gives nothing back. (A
// bool, trivially destructible: readable to the thread's very end.)
thread_local bool pool_gone = false;

struct Pool {
  std::vector<Finding> spare;   // findings whose strings are written again
  std::vector<Finding> buffer;  // empty, its storage kept for a new result's findings
  Pool() = default;
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool() { pool_gone = true; }
};

Pool& pool_state() {
  thread_local Pool p;
  return p;
}
std::vector<Finding>& pool() { return pool_state().spare; }

bool small(const Finding& f) noexcept {
  return f.pointer.capacity() <= kKeepBytes && f.message.capacity() <= kKeepBytes &&
         f.keyword.capacity() <= kKeepBytes && f.code.capacity() <= kKeepBytes && f.location.capacity() <= kKeepBytes;
}

// (out of line: the text most often is there already)
[[gnu::noinline]] void assign_cold(std::string& to, std::string_view text) { assign_text(to, text); }

// `text` into a recycled finding's field, which most often holds it
// already (a result filled again reports what it did before).
[[gnu::always_inline]] inline void set(std::string& to, std::string_view text) {
  if (!same_text(to, text)) [[unlikely]]
    assign_cold(to, text);
}

}  // namespace

void recycle_findings(std::vector<Finding>& findings) noexcept {
  if (pool_gone) [[unlikely]] {
    findings.clear();
    return;
  }
  std::vector<Finding>& spare = pool();
  // The common case, a result filled again and again: the two vectors trade
  // places, with no finding moved (the result gets the pool's empty one).
  if (spare.empty() && findings.capacity() <= kKeepFindings &&
      std::all_of(findings.begin(), findings.end(), small)) {
    spare.swap(findings);
    return;
  }
  for (Finding& f : findings) {
    if (spare.size() >= kKeepFindings) break;
    if (!small(f)) continue;
    if (spare.size() == spare.capacity()) {
      // (the one allocation the pool makes, once per thread)
      try {
        spare.reserve(kKeepFindings);
      } catch (...) {
        break;
      }
    }
    spare.push_back(std::move(f));
  }
  findings.clear();
}

void release_findings(std::vector<Finding>& findings) noexcept {
  if (findings.capacity() == 0 || pool_gone) return;
  recycle_findings(findings);
  // The emptied vector's storage is kept too, unless one is kept already.
  std::vector<Finding>& buffer = pool_state().buffer;
  if (findings.capacity() != 0 && findings.capacity() <= kKeepFindings && buffer.capacity() == 0) buffer.swap(findings);
}

Finding& next_finding(std::vector<Finding>& out, Severity s, std::string_view keyword, FindingCode code,
                      std::string_view location) {
  // (after this thread's pool is gone, every finding is a new one)
  Pool* const state = pool_gone ? nullptr : &pool_state();
  // A new result's first finding: the storage a destroyed result left,
  // else room for a few (four: within malloc's per-thread cache).
  if (out.capacity() == 0) {
    if (state != nullptr && state->buffer.capacity() != 0)
      out.swap(state->buffer);
    else
      out.reserve(4);
  }
  if (state == nullptr || state->spare.empty()) {
    // (made whole, then appended: if an allocation fails, nothing is added)
    return out.emplace_back(
        Finding{s, std::string(), std::string(keyword), std::string(code_name(code)), std::string(), std::string(location)});
  }
  std::vector<Finding>& spare = state->spare;
  // (if growing `out` throws, the spare finding stays in the pool)
  out.push_back(std::move(spare.back()));
  spare.pop_back();
  Finding& f = out.back();
  f.severity = s;
  try {
    set(f.keyword, keyword);
    set(f.code, code_name(code));
    set(f.location, location);
  } catch (...) {
    out.pop_back();
    throw;
  }
  return f;
}

}  // namespace tokenguard::detail
