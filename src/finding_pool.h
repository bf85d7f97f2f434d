// Internal: findings whose storage is used again. A result filled in place
// (check_request(..., result)) gives its old findings back to this
// thread's pool, and so does a result when it is destroyed; the next
// findings built on this thread are those, their strings' buffers kept, so
// a check that reports what the last one did allocates nothing, into a
// reused result or a new one.
//
//   recycle_findings(result.findings);   // empty, capacity kept
//   Finding& f = next_finding(result.findings, Severity::kWarning, "not_in", FindingCode::TG_CIDR_EXCLUDED);
//   assign_text(f.pointer, ...);
//   assign_text(f.message, ...);
#ifndef TOKENGUARD_SRC_FINDING_POOL_H_
#define TOKENGUARD_SRC_FINDING_POOL_H_

#include <string_view>
#include <vector>

#include "text.h"
#include "tokenguard/finding.h"
#include "tokenguard/finding_codes.h"

namespace tokenguard::detail {

// Moves every finding of `findings` into this thread's pool (as many as it
// keeps: kKeepFindings, none of which holds more than kKeepBytes in a
// string) and empties `findings`, keeping its capacity.
void recycle_findings(std::vector<Finding>& findings) noexcept;
// The same, inline for the common case: nothing to give back.
inline void recycle_findings_if_any(std::vector<Finding>& findings) noexcept {
  if (!findings.empty()) recycle_findings(findings);
}

// For a result being destroyed: recycle_findings, and the emptied
// vector's storage is kept as well (one vector's), for the next new
// result's findings on this thread. After this thread's pool is gone (at
// its exit), nothing is kept.
void release_findings(std::vector<Finding>& findings) noexcept;

// A finding appended to `out` with these fields set; its pointer and
// message are the caller's to set (assign_text). It is one from the pool
// when there is one (its strings written again), else a new one. If an
// allocation fails, nothing is appended.
[[nodiscard]] Finding& next_finding(std::vector<Finding>& out, Severity s, std::string_view keyword, FindingCode code,
                                    std::string_view location = "body");

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_FINDING_POOL_H_
