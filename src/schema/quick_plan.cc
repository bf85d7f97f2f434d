#include "schema/quick_plan.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <vector>

#include "key_fold.h"
#include "schema/number_order.h"
#include "schema/program.h"
#include "schema/value_view.h"
#include "semantic_keys.h"
#include "text.h"
#include "words.h"

namespace tokenguard::detail {

static_assert(QuickSites::kSemanticKeys == kRequestDotIp + 1, "a slot for each SemanticKey");

// A key's length, first and last byte: most keys of an object differ in
// one of them, so a lookup compares bytes about once.
inline std::uint64_t key_signature(std::string_view s) noexcept {
  if (s.empty()) return 0;
  return s.size() | std::uint64_t{static_cast<unsigned char>(s.front())} << 40 |
         std::uint64_t{static_cast<unsigned char>(s.back())} << 48;
}

struct QuickProperty {
  std::uint64_t signature = 0;  // key_signature(name)
  std::string_view name;  // in the program's Node::properties (it outlives the plan)
  int child = -1;         // the plan node for its value
  bool refuse = false;    // present: unknown (read-only/write-only against the direction, or see fill())
  SemanticKey semantic = kNoSemanticKey;  // a member the semantic checks read
};

// Value kinds as the tape tells them, a bit each.
enum KindBit : std::uint8_t {
  kKindNull = 1,
  kKindBool = 2,
  kKindObject = 4,
  kKindArray = 8,
  kKindString = 16,
  kKindInteger = 32,  // int64 or uint64
  kKindFloat = 64,
};

// What the walk reads comes first (one cache line for most values); what
// only the builder reads, last.
struct QuickNode {
  // The kinds every atom's type admits (0 for an unknown node).
  std::uint8_t kinds = 0;
  bool groups = false;   // one_of is not empty: value() walks it (not string_value())
  bool objects = false;  // an object value is walked (else unknown)
  bool arrays = true;    // an array value is walked (else unknown)
  int items = -1;        // the atoms' items, merged; -1: none (a non-empty array is unknown)
  // The common string schema, one format and nothing else: its verdict
  // function, called straight from the walk.
  bool (*string_verdict)(std::string_view) noexcept = nullptr;
  // The one format is "cidr" (string_verdict is then null): the walk keeps
  // the parse for the semantic checks.
  bool cidr = false;
  std::uint64_t required = 0;        // a bit per props entry
  std::vector<QuickProperty> props;  // the atoms' properties, united
  // The node for the value of a key no property names (the one atom's
  // additionalProperties); -1: such a key is unknown.
  int additional = -1;
  // oneOf groups, each its branches' nodes: the value is walked by the
  // branch that holds (the node has no other check but its type).
  std::vector<std::vector<int>> one_of;
  // The kinds the atoms' types admit as the evaluator tests them (a float
  // may be a whole number, so "integer" admits it): a value of another kind
  // surely fails here.
  std::uint8_t type_kinds = 0x7F;
  // Per kind, the atoms with anything more to check on such a value.
  std::vector<const Node*> on_string, on_number, on_bool, on_null;
  std::vector<const Node*> atoms;  // every schema the evaluator applies to the value
  bool unknown = false;            // any value here is unknown
  std::size_t steps = 0;           // evaluator steps per value: each schema entered, `true` ones too
  int eval_depth = 0;              // a bound on the evaluator's depth from here down
  bool has_one_of = false;         // a oneOf here or below
};

struct QuickPlan {
  const Program* program = nullptr;  // its patterns
  std::vector<QuickNode> nodes;
  int root = -1;
  std::size_t max_steps = 1;  // the most evaluator steps any node takes for one value
  // The most times the evaluator takes one value: once, or once per branch
  // of the oneOf above it, and once more for the oneOf's own value (no
  // oneOf is walked inside another's branch).
  std::size_t max_visits = 1;
};

namespace {

// Bounds on what a plan may grow to; past them, the node is unknown.
constexpr std::size_t kMaxPlanNodes = 4096;
constexpr int kMaxPlanDepth = 64;  // so the walk's recursion is bounded too
constexpr int kMaxRefHops = 64;  // as the evaluator's $ref chains
// Keys under additionalProperties an object may have for the walk to
// decide it (each is compared with the ones before it).
constexpr std::size_t kMaxExtraKeys = 16;

// The checks a plan node covers; any other makes the value unknown.
constexpr std::uint32_t kCovered = kHasType | kHasValue | kHasString | kHasNumber | kHasArray | kHasObject |
                                   kHasCombinator | kHasArrayBounds | kHasObjectBounds | kHasDependencies;

class Builder {
 public:
  Builder(const Program& p, Direction dir) : p_(p), dir_(dir), direction_rules_(p.openapi && dir != Direction::kAny) {}

  std::shared_ptr<const QuickPlan> build() {
    if (p_.uses_dynamic_scope) return nullptr;
    plan_.program = &p_;
    plan_.root = node({p_.root});
    if (plan_.root < 0 || plan_.nodes[static_cast<std::size_t>(plan_.root)].unknown) return nullptr;
    for (const QuickNode& q : plan_.nodes) plan_.max_steps = std::max(plan_.max_steps, q.steps);
    return std::make_shared<const QuickPlan>(std::move(plan_));
  }

 private:
  const Node& at(int index) const { return p_.nodes[static_cast<std::size_t>(index)]; }

  // The atoms for the schemas `roots`: $ref chains followed (siblings of a
  // $ref ignored, as the evaluator does), `true` schemas dropped, allOf
  // branches taken in. False when one of them is not covered. `steps`
  // counts the schemas entered, as the evaluator's work does.
  //
  // Each atom comes with the node whose allof_known names the evaluator
  // admits beside the atom's own properties (OpenAPI allOf composition;
  // -1: none): a root is entered with none, and an allOf's branches with
  // the enclosing one, or the allOf holder's own (eval_keywords). An atom
  // entered twice with two different ones is left to the full path.
  bool expand(int index, std::vector<int>& out, std::vector<int>& known, int depth, std::size_t& steps,
              int context) const {
    ++steps;
    if (depth > kMaxRefHops) return false;
    int hops = 0;
    while (at(index).ref != kNoNode) {
      if (++hops == kMaxRefHops) return false;
      index = at(index).ref;
    }
    const Node& n = at(index);
    if (n.always_true) return true;
    if (n.always_false || (n.checks & ~kCovered) != 0) return false;
    if (!n.any_of.empty() || n.not_ != kNoNode || n.if_ != kNoNode) return false;
    if ((n.checks & kHasValue) != 0 && n.const_value) return false;
    if (const auto it = std::find(out.begin(), out.end(), index); it != out.end())
      return known[static_cast<std::size_t>(it - out.begin())] == context;
    out.push_back(index);
    known.push_back(context);
    const int inner = context >= 0 ? context : n.allof_known.empty() ? -1 : index;
    for (const int b : n.all_of)
      if (!expand(b, out, known, depth + 1, steps, inner)) return false;
    return true;
  }

  // The plan node for the schemas `roots` (one per distinct set of atoms,
  // their allOf names and steps).
  int node(const std::vector<int>& roots) {
    std::vector<int> found, found_known;
    std::size_t steps = 0;
    bool covered = true;
    for (const int r : roots) covered = covered && expand(r, found, found_known, 0, steps, -1);
    std::vector<std::pair<int, int>> pairs;
    for (std::size_t i = 0; i < found.size(); ++i) pairs.emplace_back(found[i], found_known[i]);
    std::sort(pairs.begin(), pairs.end());
    std::vector<int> atoms, known, key;
    for (const auto& [atom, names] : pairs) {
      atoms.push_back(atom);
      known.push_back(names);
      key.push_back(atom);
      key.push_back(names);
    }
    key.push_back(static_cast<int>(steps));
    if (covered)
      if (const auto it = built_.find(key); it != built_.end()) return it->second;
    // Atoms met again below themselves (a recursive schema, whose walk
    // would not end), a plan grown too deep or too big: unknown.
    if (!covered || building_.count(atoms) != 0 || depth_ >= kMaxPlanDepth || plan_.nodes.size() >= kMaxPlanNodes)
      return unknown_node();
    const int self = static_cast<int>(plan_.nodes.size());
    plan_.nodes.emplace_back();
    building_.insert(atoms);
    ++depth_;
    QuickNode q = fill(atoms, known, steps);
    --depth_;
    building_.erase(atoms);
    plan_.nodes[static_cast<std::size_t>(self)] = std::move(q);
    built_.emplace(std::move(key), self);
    return self;
  }

  int unknown_node() {
    if (unknown_ < 0) {
      unknown_ = static_cast<int>(plan_.nodes.size());
      plan_.nodes.emplace_back().unknown = true;  // (and no kinds: every value is unknown)
    }
    return unknown_;
  }

  // The kinds an atom's type admits, as eval_keywords tests it.
  static std::uint8_t type_kinds_of(const Node& n) {
    if ((n.checks & kHasType) == 0 || n.types == 0) return 0x7F;
    std::uint8_t k = kinds_of(n);
    if ((n.types & kInteger) != 0) k |= kKindFloat;
    return k;
  }

  static QuickNode uncovered() {
    QuickNode q;
    q.unknown = true;  // (and no kinds: every value is unknown)
    return q;
  }

  // A node whose atoms hold oneOf groups: each branch a node of its own.
  // Any other check beside the atoms' types is left to the full path, and
  // so is a branch with a oneOf of its own (whose walk would multiply).
  QuickNode fill_one_of(QuickNode q) {
    for (const Node* n : q.atoms)
      if ((n->checks & ~(kHasType | kHasCombinator)) != 0) return uncovered();
    int below = 0;
    std::size_t branches = 0;
    for (const Node* n : q.atoms) {
      if (n->one_of.empty()) continue;
      std::vector<int>& group = q.one_of.emplace_back();
      for (const int b : n->one_of) {
        const int child = node({b});
        const QuickNode& c = plan_.nodes[static_cast<std::size_t>(child)];
        if (c.has_one_of) return uncovered();
        below = std::max(below, c.eval_depth);
        group.push_back(child);
      }
      branches += group.size();
    }
    plan_.max_visits = std::max(plan_.max_visits, branches + 1);  // (the holder's value: itself too)
    q.has_one_of = true;
    q.groups = true;
    q.eval_depth = static_cast<int>(q.steps) + 1 + below;
    return q;
  }

  // The kinds an atom's type admits (eval_keywords' type test; a float
  // against "integer" alone is left to the full path).
  static std::uint8_t kinds_of(const Node& n) {
    if ((n.checks & kHasType) == 0 || n.types == 0) return 0x7F;
    std::uint8_t k = 0;
    if ((n.types & kNull) != 0 || n.nullable) k |= kKindNull;
    if ((n.types & kBoolean) != 0) k |= kKindBool;
    if ((n.types & kObject) != 0) k |= kKindObject;
    if ((n.types & kArray) != 0) k |= kKindArray;
    if ((n.types & kString) != 0) k |= kKindString;
    if ((n.types & (kInteger | kNumber)) != 0) k |= kKindInteger;
    if ((n.types & kNumber) != 0) k |= kKindFloat;
    return k;
  }

  // Whether the evaluator admits `name` beside an atom's own properties,
  // the atom entered with `known` (see expand()).
  // (the evaluator's known_property asks the same of its extra_known)
  bool admitted(int known, std::string_view name) const {
    if (known < 0) return false;
    const std::vector<std::string>& names = at(known).allof_known;
    return std::binary_search(names.begin(), names.end(), name,
                              [](std::string_view a, std::string_view b) { return a < b; });
  }

  QuickNode fill(const std::vector<int>& atoms, const std::vector<int>& known, std::size_t steps) {
    QuickNode q;
    q.steps = steps;
    q.kinds = 0x7F;
    for (const int a : atoms) {
      const Node& n = at(a);
      q.atoms.push_back(&n);
      q.kinds &= kinds_of(n);
      const bool has_enum = (n.checks & kHasValue) != 0 && n.enum_values.has_value();
      // An enum never holds a number or a container here (left to the full path).
      if (has_enum) q.kinds &= static_cast<std::uint8_t>(~(kKindInteger | kKindFloat | kKindObject | kKindArray));
      if (has_enum || (n.checks & kHasString) != 0) q.on_string.push_back(&n);
      if ((n.checks & kHasNumber) != 0) q.on_number.push_back(&n);
      if (has_enum) q.on_bool.push_back(&n);
      // (null against a nullable atom passes it whole, enum and all)
      if (has_enum && !n.nullable) q.on_null.push_back(&n);
      q.type_kinds &= type_kinds_of(n);
    }
    for (const Node* n : q.atoms)
      if (!n->one_of.empty()) return fill_one_of(std::move(q));
    if (q.on_string.size() == 1) {
      const Node& n = *q.on_string.front();
      const bool has_enum = (n.checks & kHasValue) != 0 && n.enum_values.has_value();
      if (!has_enum && !n.min_length && !n.max_length && n.pattern < 0 && n.format != nullptr &&
          n.format->kind == FormatKind::kString) {
        // (a "cidr" string takes cidr_kept instead: its parse is kept)
        q.cidr = n.format->name == "cidr";
        if (!q.cidr) q.string_verdict = n.format->string_verdict;
      }
    }
    // Objects: the properties of every atom, by name; the evaluator walks
    // members only for these keywords, so an object meeting them is unknown.
    std::map<std::string_view, std::vector<int>> sources;
    std::set<std::string_view> required, refused;
    bool objects = true;
    std::vector<int> items;
    // Atoms whose additionalProperties apply to what they do not declare
    // themselves (nor admit from an enclosing allOf): another atom's
    // property is left to the full path. By index into q.atoms.
    std::vector<std::size_t> closed;
    for (std::size_t a = 0; a < q.atoms.size(); ++a) {
      const Node* n = q.atoms[a];
      if ((n->checks & kHasObject) != 0 && n->scan_members) {
        if (!n->pattern_properties.empty() || n->property_names != kNoNode) objects = false;
        closed.push_back(a);
      }
      // (required names another atom declares: present, they are walked
      // as its property; undeclared anywhere, no clean object has them)
      for (const std::string& name : n->required_undeclared) required.insert(name);
      if ((n->checks & (kHasObjectBounds | kHasDependencies)) != 0) objects = false;
      if ((n->checks & kHasArrayBounds) != 0 || n->items_tuple || n->contains != kNoNode ||
          n->additional_items != kNoNode)
        q.arrays = false;
      if (n->items != kNoNode) items.push_back(n->items);
      for (std::size_t i = 0; i < n->properties.size(); ++i) {
        const auto& [name, child] = n->properties[i];
        sources[name].push_back(child);
        const Node& pn = at(child);
        // (required on a read-only property binds responses only, on a
        // write-only one requests only: the evaluator's missing())
        const bool against = direction_rules_ && ((pn.effective_read_only && dir_ == Direction::kRequest) ||
                                                  (pn.effective_write_only && dir_ == Direction::kResponse));
        if (n->property_required[i] && !against) required.insert(name);
        if (against) refused.insert(name);
      }
    }
    for (const std::size_t a : closed)
      for (const auto& [name, children] : sources)
        if (find_property(*q.atoms[a], name) == kNoNode && !admitted(known[a], name)) refused.insert(name);
    q.objects = objects && sources.size() <= 64;
    for (const std::string_view name : required)
      if (sources.count(name) == 0) q.objects = false;
    if (q.objects) {
      for (const auto& [name, children] : sources) {
        QuickProperty prop;
        prop.name = name;
        prop.signature = key_signature(name);
        prop.refuse = refused.count(name) != 0;
        prop.semantic = semantic_key(name);
        prop.child = prop.refuse ? -1 : node(children);
        q.props.push_back(prop);
      }
      for (std::size_t i = 0; i < q.props.size(); ++i) {
        if (required.count(q.props[i].name) != 0) q.required |= std::uint64_t{1} << i;
        // Two names Go reads as one: the index's and the evaluator's case
        // rules decide such an object.
        for (std::size_t j = i + 1; j < q.props.size(); ++j)
          if (equal_fold(q.props[i].name, q.props[j].name)) q.objects = false;
      }
    }
    // One atom whose additionalProperties takes the keys it does not
    // declare: such a key, ASCII without an upper-case letter, folds onto
    // no declared name (all of them of that kind too) and is the one
    // atom's to check.
    if (q.objects && q.atoms.size() == 1) {
      const Node& n = *q.atoms.front();
      if ((n.checks & kHasObject) != 0 && n.scan_members && n.additional_properties != kNoNode &&
          n.pattern_properties.empty() && n.property_names == kNoNode && n.folds_lower)
        q.additional = node({n.additional_properties});
    }
    if (q.arrays && !items.empty()) q.items = node(items);
    // The evaluator's depth: one step per atom, then the deepest child's.
    int below = 0;
    for (const QuickProperty& prop : q.props)
      if (prop.child >= 0) below = std::max(below, plan_.nodes[static_cast<std::size_t>(prop.child)].eval_depth);
    for (const int c : {q.items, q.additional}) {
      if (c < 0) continue;
      const QuickNode& cn = plan_.nodes[static_cast<std::size_t>(c)];
      below = std::max(below, cn.eval_depth);
      q.has_one_of = q.has_one_of || cn.has_one_of;
    }
    for (const QuickProperty& prop : q.props)
      if (prop.child >= 0) q.has_one_of = q.has_one_of || plan_.nodes[static_cast<std::size_t>(prop.child)].has_one_of;
    q.eval_depth = static_cast<int>(q.steps) + 1 + below;
    return q;
  }

  const Program& p_;
  Direction dir_;
  bool direction_rules_;
  QuickPlan plan_;
  std::map<std::vector<int>, int> built_;
  std::set<std::vector<int>> building_;
  int depth_ = 0;
  int unknown_ = -1;
};


// A value on the raw tape, by its tag: '"' string, 'l' int64, 'u' uint64,
// 'd' double (the number in the next word), 't' 'f' 'n', '{' '[' (the
// payload's low 32 bits: the index past the matching close).
class Walker {
 public:
  Walker(const QuickPlan& plan, RawTape tape, const QuickLimits& limits, QuickSites* sites) noexcept
      : plan_(plan), w_(tape.words), strings_(tape.strings), limits_(limits), sites_(sites) {}

  // Whether the walk met a member the semantic checks read and might
  // report on.
  [[nodiscard]] bool semantic_needed() const noexcept { return semantic_needed_; }

  bool value(int index, std::uint32_t& i, std::size_t depth) noexcept {
    const QuickNode& q = plan_.nodes[static_cast<std::size_t>(index)];
    if (q.groups) [[unlikely]]
      return one_of_value(q, i, depth);
    switch (static_cast<char>(w_[i] >> 56)) {
      case '"': return string_value(q, i);
      case '{': return (q.kinds & kKindObject) != 0 && object(q, i, depth);
      case '[': return (q.kinds & kKindArray) != 0 && array(q, i, depth);
      case 'l':
      case 'u':
      case 'd': {
        const char tag = static_cast<char>(w_[i] >> 56);
        if ((q.kinds & (tag == 'd' ? kKindFloat : kKindInteger)) == 0) return false;
        for (const Node* a : q.on_number)
          if (!number_holds(*a, number_at(tag, i))) return false;
        i += 2;
        return true;
      }
      case 't':
      case 'f': {
        if ((q.kinds & kKindBool) == 0) return false;
        const bool b = static_cast<char>(w_[i] >> 56) == 't';
        for (const Node* a : q.on_bool)
          if (!in_enum(*a->enum_values, [b](const nlohmann::json& e) { return e.is_boolean() && e.get<bool>() == b; }))
            return false;
        ++i;
        return true;
      }
      case 'n': {
        if ((q.kinds & kKindNull) == 0) return false;
        for (const Node* a : q.on_null)
          if (!in_enum(*a->enum_values, [](const nlohmann::json& e) { return e.is_null(); })) return false;
        ++i;
        return true;
      }
      default: return false;
    }
  }

 private:
  // value() for a string, also called straight from object().
  [[gnu::always_inline]] bool string_value(const QuickNode& q, std::uint32_t& i) const noexcept {
    if ((q.kinds & kKindString) == 0) return false;
    const std::string_view s = string_at(i);
    ++i;
    if (q.string_verdict != nullptr) [[likely]]
      return q.string_verdict(s);
    if (q.cidr) return cidr_kept(s, i - 1);
    for (const Node* a : q.on_string)
      if (!string_holds(*a, s)) return false;
    return true;
  }

  std::string_view string_at(std::uint32_t i) const noexcept { return tape_string(strings_, w_[i]); }

  // The "cidr" format's verdict on the string at `at`, its parse kept
  // when there are sites to keep it for.
  bool cidr_kept(std::string_view s, std::uint32_t at) const noexcept {
    const ParseResult<Prefix> r = parse_prefix(s);
    if (!r.ok()) return false;
    if (sites_ != nullptr) sites_->remember(at, r.value());
    return true;
  }

  // The number at `i` (its tag `tag`), as TapeView::number() gives it.
  NumberValue number_at(char tag, std::uint32_t i) const noexcept {
    const ValueKind kind = tag == 'l' ? ValueKind::kInteger : tag == 'u' ? ValueKind::kUnsigned : ValueKind::kFloat;
    return tape_number(kind, w_[i + 1]);
  }

  template <class Match>
  static bool in_enum(const nlohmann::json& values, Match&& match) noexcept {
    for (const nlohmann::json& e : values)
      if (match(e)) return true;
    return false;
  }

  // One atom's enum and string checks on a string, as eval_keywords and
  // check_string make them.
  bool string_holds(const Node& n, std::string_view s) const noexcept {
    if ((n.checks & kHasValue) != 0 && n.enum_values &&
        !in_enum(*n.enum_values, [s](const nlohmann::json& e) { return e.is_string() && e.get_ref<const std::string&>() == s; }))
      return false;
    if ((n.checks & kHasString) == 0) return true;
    // Code points are at least a quarter of the bytes and at most all of
    // them: counted only when the bytes leave the verdict open.
    if ((n.min_length && s.size() / 4 < *n.min_length) || (n.max_length && s.size() > *n.max_length)) {
      const std::size_t len = utf8_length(s);
      if ((n.min_length && len < *n.min_length) || (n.max_length && len > *n.max_length)) return false;
    }
    if (n.pattern >= 0 &&
        plan_.program->patterns[static_cast<std::size_t>(n.pattern)].search(s) != Pattern::Match::kYes)
      return false;
    return n.format == nullptr || n.format->kind != FormatKind::kString || n.format->string_verdict(s);
  }

  // One atom's number checks (check_number): its number format (int32 and
  // the like), minimum and maximum; an exclusive bound or multipleOf is
  // left to the full path.
  static bool number_holds(const Node& n, const NumberValue& v) noexcept {
    if (n.exclusive_minimum || n.exclusive_maximum || n.multiple_of) return false;
    if (n.format != nullptr && n.format->kind == FormatKind::kNumber && !n.format->number_holds(v)) return false;
    return !(n.minimum && compare_numbers(v, *n.minimum) < 0) && !(n.maximum && compare_numbers(v, *n.maximum) > 0);
  }

  bool object(const QuickNode& q, std::uint32_t& i, std::size_t depth) noexcept {
    if (!q.objects || depth >= limits_.max_body_depth) return false;
    const auto end = static_cast<std::uint32_t>(w_[i]);  // past the '}'
    std::uint64_t seen = 0;
    Extras extras;
    std::uint32_t j = i + 1;
    const std::size_t n = q.props.size();
    std::size_t k = 0;  // where the lookup starts: past the last key found (keys often come in order)
    while (j + 1 < end) {
      const std::string_view key = string_at(j);
      const std::uint64_t signature = key_signature(key);
      std::size_t tries = 0;
      for (; tries < n; ++tries, k = k + 1 == n ? 0 : k + 1) {
        const QuickProperty& p = q.props[k];
        if (p.signature == signature && same_bytes(p.name.data(), key.data(), key.size())) break;
      }
      if (tries == n) [[unlikely]] {
        if (!extra_member(q, key, j, depth, extras)) return false;
        continue;
      }
      const QuickProperty& p = q.props[k];
      const int child = p.child;
      if (child < 0) return false;  // read-only or write-only against the direction: the full path's
      const std::uint64_t bit = std::uint64_t{1} << k;
      if ((seen & bit) != 0) return false;  // repeated
      seen |= bit;
      k = k + 1 == n ? 0 : k + 1;
      ++j;
      if (p.semantic != kNoSemanticKey) [[unlikely]]
        semantic_member(p.semantic, j, extras);
      const QuickNode& c = plan_.nodes[static_cast<std::size_t>(child)];
      if (static_cast<char>(w_[j] >> 56) == '"' && !c.groups ? !string_value(c, j) : !value(child, j, depth + 1))
        return false;
    }
    if ((seen & q.required) != q.required) return false;
    if (extras.semantic != 0) [[unlikely]] {
      // Pairs the semantic checks compare: they must run.
      constexpr unsigned kWindow = 1u << kNotBefore | 1u << kExpiresOn;
      constexpr unsigned kPolicy = 1u << kResources | 1u << kPermissionGroups;
      if ((extras.semantic & kWindow) == kWindow || (extras.semantic & kPolicy) == kPolicy) extras.site = true;
      if (extras.site) note_site(i, extras);
    }
    i = end;
    return true;
  }

  // What object() keeps of the members it does not find by property name,
  // and of the semantic members.
  struct Extras {
    std::uint32_t at[kMaxExtraKeys];  // the tape index of each key under additionalProperties
    std::size_t count = 0;
    unsigned semantic = 0;  // the semantic members met, a bit each
    // The tape index of each semantic member's key, by SemanticKey (only
    // those whose bit is set in `semantic` written).
    std::uint32_t semantic_at[QuickSites::kSemanticKeys];
    bool site = false;      // the semantic checks must read the object
    Extras() noexcept {}    // (`at` and `semantic_at` are written before they are read)
  };

  // A member the semantic checks read, its value at `j` (its key at j - 1).
  void semantic_member(SemanticKey key, std::uint32_t j, Extras& extras) const noexcept {
    if (!semantic_quiet(key, j)) extras.site = true;
    extras.semantic |= 1u << key;
    extras.semantic_at[key] = j - 1;
  }

  // A member no property names, its key at `j`: the additionalProperties
  // schema's (walked, `j` then past its value), or the full path's (false).
  [[gnu::noinline]] bool extra_member(const QuickNode& q, std::string_view key, std::uint32_t& j, std::size_t depth,
                                      Extras& extras) noexcept {
    if (q.additional < 0 || !extra_key(key, j, extras.at, extras.count)) return false;
    ++j;
    if (const SemanticKey s = semantic_key(key); s != kNoSemanticKey) semantic_member(s, j, extras);
    return value(q.additional, j, depth + 1);
  }

  // A value against a oneOf node: in every group, one branch's plan holds
  // and every other branch surely fails. The value is walked by the branch
  // that holds (and again by the others, as the evaluator does).
  bool one_of_value(const QuickNode& q, std::uint32_t& i, std::size_t depth) noexcept {
    if ((q.kinds & kind_bit(i)) == 0) return false;
    std::uint32_t end = i;
    for (const std::vector<int>& group : q.one_of) {
      int holds = 0;
      for (const int b : group) {
        std::uint32_t j = i;
        if (value(b, j, depth)) {
          ++holds;
          end = j;
        } else if (!refutes(b, i, 2)) {
          return false;
        }
      }
      if (holds != 1) return false;
    }
    i = end;
    return true;
  }

  // Whether the evaluator surely fails the node's schemas on the value at
  // `i`: its kind is one their types refuse, or (`levels` deep) a member's
  // value is refused by the schema the evaluator checks it against.
  bool refutes(int index, std::uint32_t i, int levels) const noexcept {
    const QuickNode& q = plan_.nodes[static_cast<std::size_t>(index)];
    if ((q.type_kinds & kind_bit(i)) == 0) return true;
    if (levels == 0 || static_cast<char>(w_[i] >> 56) != '{') return false;
    const auto end = static_cast<std::uint32_t>(w_[i]);
    for (std::uint32_t j = i + 1; j + 1 < end; j = tape_after(w_, j + 1)) {
      const QuickProperty* p = property(q, string_at(j));
      const int child = p != nullptr ? p->child : q.additional;
      if (child >= 0 && refutes(child, j + 1, levels - 1)) return true;
    }
    return false;
  }

  // The property named by exactly `key`'s bytes, if any.
  static const QuickProperty* property(const QuickNode& q, std::string_view key) noexcept {
    const std::uint64_t signature = key_signature(key);
    for (const QuickProperty& p : q.props)
      if (p.signature == signature && same_bytes(p.name.data(), key.data(), key.size())) return &p;
    return nullptr;
  }

  // The value's kind as a KindBit.
  std::uint8_t kind_bit(std::uint32_t i) const noexcept {
    switch (static_cast<char>(w_[i] >> 56)) {
      case '"': return kKindString;
      case '{': return kKindObject;
      case '[': return kKindArray;
      case 'l':
      case 'u': return kKindInteger;
      case 'd': return kKindFloat;
      case 't':
      case 'f': return kKindBool;
      default: return kKindNull;
    }
  }

  // The key at tape index `at`, which no property names, under
  // additionalProperties: ASCII without an upper-case letter (so it folds
  // onto nothing but itself), and not one of the object's earlier such keys
  // (at the tape indexes `seen`, `count` of them; at most kMaxExtraKeys,
  // past which the object is left to the full path).
  bool extra_key(std::string_view key, std::uint32_t at, std::uint32_t* seen, std::size_t& count) const noexcept {
    if (ascii_case(key) != 0 || count == kMaxExtraKeys) return false;
    for (std::size_t e = 0; e < count; ++e)
      if (string_at(seen[e]) == key) return false;
    seen[count++] = at;
    return true;
  }

  // An object the semantic checks must read, with the members of it they
  // read. (A branch of a oneOf that then fails may name it too: it is an
  // object of the body all the same, and its members are the same.)
  void note_site(std::uint32_t open, const Extras& extras) noexcept {
    semantic_needed_ = true;
    if (sites_ == nullptr) return;
    for (std::size_t k = 0; k < sites_->count; ++k)
      if (sites_->at[k] == open) return;
    if (sites_->count == QuickSites::kMax) {
      sites_->overflow = true;
      return;
    }
    QuickSites::SiteMembers& m = sites_->members[sites_->count];
    m.found = static_cast<std::uint8_t>(extras.semantic);
    for (unsigned bits = extras.semantic; bits != 0; bits &= bits - 1) {
      const auto k = static_cast<std::size_t>(std::countr_zero(bits));
      m.key_at[k] = extras.semantic_at[k];
    }
    sites_->at[sites_->count++] = open;
  }

  // Whether the semantic checks (semantic_checks.cc, walk) would say
  // nothing of this member alone: a client_secret_version that is not a
  // number, or a whole number of at least 1; a request_ip or request.ip
  // that is not an object. The other members matter only in pairs.
  bool semantic_quiet(SemanticKey key, std::uint32_t at) const noexcept {
    const char tag = static_cast<char>(w_[at] >> 56);
    switch (key) {
      case kClientSecretVersion: {
        if (tag != 'l' && tag != 'u' && tag != 'd') return true;
        const double d = number_at(tag, at).as_double();
        return !(d < 1 || std::floor(d) != d);
      }
      case kRequestIp:
      case kRequestDotIp: return tag != '{';
      default: return true;
    }
  }

  bool array(const QuickNode& q, std::uint32_t& i, std::size_t depth) noexcept {
    if (!q.arrays || depth >= limits_.max_body_depth) return false;
    const auto end = static_cast<std::uint32_t>(w_[i]);  // past the ']'
    std::uint32_t j = i + 1;
    if (j + 1 < end && q.items < 0) return false;  // items nothing checks may hold objects
    const QuickNode& c = plan_.nodes[static_cast<std::size_t>(q.items < 0 ? 0 : q.items)];
    // (a string item straight to string_value, as object() does)
    while (j + 1 < end)
      if (static_cast<char>(w_[j] >> 56) == '"' && !c.groups ? !string_value(c, j) : !value(q.items, j, depth + 1))
        return false;
    i = end;
    return true;
  }

 private:
  const QuickPlan& plan_;
  const std::uint64_t* w_;
  const std::uint8_t* strings_;
  const QuickLimits& limits_;
  QuickSites* sites_;
  bool semantic_needed_ = false;
};

}  // namespace

const QuickPlan* quick_plan(const Program& program, Direction direction) {
  QuickPlanSlot& slot = program.quick_plans[static_cast<std::size_t>(direction)];
  if (slot.ready.load(std::memory_order_acquire)) [[likely]]
    return slot.plan.get();
  std::call_once(slot.once, [&] {
    try {
      slot.plan = Builder(program, direction).build();
    } catch (const std::exception&) {
      slot.plan = nullptr;  // no plan: every body takes the full path
    }
    slot.ready.store(true, std::memory_order_release);
  });
  return slot.plan.get();
}

QuickVerdict quick_verdict(const QuickPlan& plan, RawTape tape, const QuickLimits& limits,
                           QuickSites* sites) noexcept {
  const auto end = static_cast<std::uint32_t>(tape.words[0] & kTapePayload);  // past the closing root word
  // The evaluator's steps stay within an eighth of the work bound, and the
  // semantic checks (at most four units a tape word) within half of it, so
  // neither runs out on either path, and the semantic checks pass by the
  // objects without their keys (SemanticContext::prune) as they would
  // after the full path.
  if (std::size_t{end} * plan.max_steps * plan.max_visits > limits.max_work / 8) return QuickVerdict::kUnknown;
  if (plan.nodes[static_cast<std::size_t>(plan.root)].eval_depth >= limits.max_eval_depth) return QuickVerdict::kUnknown;
  Walker walker(plan, tape, limits, sites);
  std::uint32_t i = 1;
  if (!walker.value(plan.root, i, 0) || i + 1 != end) return QuickVerdict::kUnknown;
  return walker.semantic_needed() ? QuickVerdict::kSchemaClean : QuickVerdict::kClean;
}

}  // namespace tokenguard::detail
