#include "finding_pool.h"

#include <cstddef>

namespace tokenguard::detail {
namespace {

// A thread's spare findings. A check reports up to max_findings (100 by
// default): the pool keeps that many, and no string past a few hundred
// bytes (a message or a pointer as long as findings make them).
constexpr std::size_t kKeepFindings = 128;
constexpr std::size_t kKeepBytes = 1024;

std::vector<Finding>& pool() {
  thread_local std::vector<Finding> spare;
  return spare;
}

bool small(const Finding& f) noexcept {
  return f.pointer.capacity() <= kKeepBytes && f.message.capacity() <= kKeepBytes &&
         f.keyword.capacity() <= kKeepBytes && f.code.capacity() <= kKeepBytes && f.location.capacity() <= kKeepBytes;
}

}  // namespace

void recycle_findings(std::vector<Finding>& findings) noexcept {
  std::vector<Finding>& spare = pool();
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

Finding& next_finding(std::vector<Finding>& out) {
  std::vector<Finding>& spare = pool();
  if (spare.empty()) return out.emplace_back();
  // (if growing `out` throws, the spare finding stays in the pool)
  out.push_back(std::move(spare.back()));
  spare.pop_back();
  return out.back();
}

}  // namespace tokenguard::detail
