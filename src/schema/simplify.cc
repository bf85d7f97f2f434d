// The compiled program, simplified once built; see simplify.h.
#include "schema/simplify.h"

#include <algorithm>

namespace tokenguard::detail {

// The node a $ref chain from `index` ends at, or kNoNode for a chain that
// does not end within 64 hops (a cycle, left for evaluation to cut off).
int chain_end(const Program& p, int index) {
  for (int hops = 0; hops < 64; ++hops) {
    const Node& n = p.nodes[static_cast<std::size_t>(index)];
    if (n.ref == kNoNode) return index;
    index = n.ref;
  }
  return kNoNode;
}

// Simplifications that keep every verdict and finding but spare evaluation
// steps, run once the whole program is built (and after the readOnly and
// allOf-name passes, which read the nodes as written):
// - a node that checks nothing ({"description": ...}) is always true;
// - allOf drops branches that are always true;
// - an allOf left with one branch, on a node that checks nothing else and
//   admits no extra names, becomes a $ref to that branch;
// - a node whose only checks are a type and a one-branch allOf, where the
//   branch checks the same type, becomes a $ref to the branch (the branch
//   gives the same verdict and the same type finding);
// - every $ref points at the end of its chain, so evaluation takes one hop;
// - a property, item or combinator branch that is a bare $ref names the
//   chain's end instead (when the readOnly/writeOnly it implies are the
//   same), so evaluation reads one node, not two;
// - plain string schemas are marked, for the validator's inline leaf check.
void simplify(Program& p) {
  const auto is_true = [&p](int index) {
    const int end = chain_end(p, index);
    return end != kNoNode && p.nodes[static_cast<std::size_t>(end)].always_true;
  };
  for (int round = 0; round < 2; ++round) {
    for (Node& n : p.nodes) {
      if (n.ref != kNoNode || n.always_false) continue;
      if (!n.all_of.empty()) {
        std::erase_if(n.all_of, is_true);
        if (n.all_of.empty() && n.any_of.empty() && n.one_of.empty() && n.not_ == kNoNode && n.if_ == kNoNode)
          n.checks &= ~std::uint32_t{kHasCombinator};
      }
      const bool one_branch = n.all_of.size() == 1 && n.any_of.empty() && n.one_of.empty() &&
                              n.not_ == kNoNode && n.if_ == kNoNode;
      if (one_branch && n.checks == kHasCombinator && n.allof_known.empty()) {
        n.ref = n.all_of.front();
        n.all_of.clear();
        n.checks = 0;
        continue;
      }
      // The allOf names of a node without properties of its own are its
      // branch's names, which the branch admits anyway.
      if (one_branch && n.checks == (kHasType | kHasCombinator)) {
        const int end = chain_end(p, n.all_of.front());
        if (end != kNoNode && &p.nodes[static_cast<std::size_t>(end)] != &n) {
          const Node& b = p.nodes[static_cast<std::size_t>(end)];
          if ((b.checks & kHasType) != 0 && b.types == n.types && b.nullable == n.nullable && !b.always_true) {
            n.ref = end;
            n.all_of.clear();
            n.checks = 0;
            continue;
          }
        }
      }
      if (n.checks == 0) n.always_true = true;
    }
  }
  for (Node& n : p.nodes)
    if (n.ref != kNoNode)
      if (const int end = chain_end(p, n.ref); end != kNoNode) n.ref = end;
  const auto past_ref = [&p](int& index) {
    if (index == kNoNode) return;
    const Node& r = p.nodes[static_cast<std::size_t>(index)];
    if (r.ref == kNoNode) return;
    const Node& end = p.nodes[static_cast<std::size_t>(r.ref)];
    if (end.ref == kNoNode && end.effective_read_only == r.effective_read_only &&
        end.effective_write_only == r.effective_write_only)
      index = r.ref;
  };
  for (Node& n : p.nodes)
    n.string_leaf = n.ref == kNoNode && !n.always_true && !n.always_false && n.types == kString && !n.nullable &&
                    (n.checks & ~std::uint32_t{kHasType | kHasString}) == 0;
  for (Node& n : p.nodes) {
    for (auto& property : n.properties) past_ref(property.second);
    past_ref(n.items);
    for (int& i : n.items_array) past_ref(i);
    for (int& i : n.all_of) past_ref(i);
    for (int& i : n.any_of) past_ref(i);
    for (int& i : n.one_of) past_ref(i);
  }
}

}  // namespace tokenguard::detail
