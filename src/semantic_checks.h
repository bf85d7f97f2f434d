// Internal: tokenguard's checks that JSON Schema cannot express, run on the
// catalog's own operations after the schema.
#ifndef TOKENGUARD_SRC_SEMANTIC_CHECKS_H_
#define TOKENGUARD_SRC_SEMANTIC_CHECKS_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "tokenguard/finding.h"

namespace tokenguard::detail {

// Appends findings for every object in `body` (any depth), until `findings`
// holds max_findings.
void semantic_checks(const nlohmann::json& body, std::vector<Finding>& findings, std::size_t max_findings);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SEMANTIC_CHECKS_H_
