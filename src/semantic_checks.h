// Internal: tokenguard's checks that JSON Schema cannot express, run on the
// catalog's own operations after the schema.
#ifndef TOKENGUARD_SRC_SEMANTIC_CHECKS_H_
#define TOKENGUARD_SRC_SEMANTIC_CHECKS_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "schema/value_view.h"
#include "site_view.h"
#include "tokenguard/finding.h"

namespace tokenguard::detail {

struct SemanticOutcome {
  std::size_t work = 0;  // units spent (objects visited, list entries read)
  bool capped = false;   // findings were dropped because max_findings was reached
  bool dropped_error = false;  // ... an error among them
};

// What the checks need to know of the exchange beyond the body.
struct SemanticContext {
  bool softwareone_response = false;  // ids carry SoftwareOne's shapes (warnings)
  // The walk passes by objects and arrays the view says hold no member the
  // checks look for (View::may_hold_semantic_keys). Set only when the work
  // budget could not have run out either way: for a body of at most
  // max_work / 4 values, members and items, whose spending is bounded by
  // four units each. On a SiteView the checks read only the plan's sites,
  // as if pruned.
  bool prune = false;
};

// Appends findings for every object in `body` (any depth), until `findings`
// holds max_findings (no message is built past it). Each object visited and
// each CIDR list entry costs a unit of work; past max_work the checks stop
// with a TG_WORK_LIMIT error.
// Any value view (schema/value_view.h, site_view.h); no allocation unless
// a finding is kept.
template <class View>
SemanticOutcome semantic_checks(View body, const SemanticContext& context, std::vector<Finding>& findings,
                                std::size_t max_findings, std::size_t max_work);
extern template SemanticOutcome semantic_checks<JsonView>(JsonView, const SemanticContext&, std::vector<Finding>&,
                                                          std::size_t, std::size_t);
extern template SemanticOutcome semantic_checks<TapeView>(TapeView, const SemanticContext&, std::vector<Finding>&,
                                                          std::size_t, std::size_t);
extern template SemanticOutcome semantic_checks<SiteView>(SiteView, const SemanticContext&, std::vector<Finding>&,
                                                          std::size_t, std::size_t);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SEMANTIC_CHECKS_H_
