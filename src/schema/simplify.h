// Internal: simplifications of a compiled program that keep every verdict
// and finding but spare evaluation steps (see simplify()).
#ifndef TOKENGUARD_SRC_SCHEMA_SIMPLIFY_H_
#define TOKENGUARD_SRC_SCHEMA_SIMPLIFY_H_

#include "schema/program.h"

namespace tokenguard::detail {

// The node a $ref chain from `index` ends at, or kNoNode for a chain that
// does not end within 64 hops (a cycle, left for evaluation to cut off).
[[nodiscard]] int chain_end(const Program& p, int index);

// Run once the whole program is built (after the readOnly and allOf-name
// passes, which read the nodes as written).
void simplify(Program& p);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_SIMPLIFY_H_
