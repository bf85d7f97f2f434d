// Evaluates a compiled schema Program on a JSON value, through either view
// (value_view.h): one evaluator, instantiated for each.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "finding_pool.h"
#include "key_fold.h"
#include "tokenguard/finding_codes.h"
#include "pointer.h"
#include "scratch.h"
#include "schema/number_order.h"
#include "schema/value_view.h"
#include "schema/program.h"
#include "text.h"
#include "tokenguard/schema.h"

namespace tokenguard {
namespace detail {
namespace {

using json = nlohmann::json;


const char* type_name(ValueKind k) {
  switch (k) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBoolean: return "boolean";
    case ValueKind::kObject: return "object";
    case ValueKind::kArray: return "array";
    case ValueKind::kString: return "string";
    case ValueKind::kInteger:
    case ValueKind::kUnsigned: return "integer";
    case ValueKind::kFloat: return "number";
  }
  return "value";
}

std::string types_text(std::uint8_t types) {
  static constexpr std::pair<std::uint8_t, const char*> kNames[] = {
      {kNull, "null"},     {kBoolean, "boolean"}, {kObject, "object"}, {kArray, "array"},
      {kNumber, "number"}, {kString, "string"},   {kInteger, "integer"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((types & bit) == 0) continue;
    if (!out.empty()) out += " or ";
    out += name;
  }
  return out;
}

// Printable, bounded rendering of a name taken from the instance.
std::string quote_text(std::string_view s, std::size_t limit = 64) { return quoted(s, limit); }

// "property \"<name>\"" and `rest`: a message about one member, built on the
// stack (the warnings a valid body can carry are built this way, so a
// recycled finding takes them without allocating).
StackText<192> property_message(std::string_view name, std::string_view rest) {
  StackText<192> m;
  m.append("property ");
  append_quoted(m, name);
  m.append(rest);
  return m;
}

// A number as a message shows it: an integer exactly, a double in the
// shortest text that reads back as the same double (0.5, 1e+300).
std::string number_text(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return r.ec == std::errc() ? std::string(buf, r.ptr) : std::string("a number");
}
std::string number_text(const NumberValue& n) {
  if (n.kind == ValueKind::kInteger) return std::to_string(n.i);
  if (n.kind == ValueKind::kUnsigned) return std::to_string(n.u);
  return number_text(n.d);
}

// The byte order std::map<std::string> and std::sort use, with the first
// byte compared inline (most keys differ there).
inline int compare_keys(std::string_view a, std::string_view b) noexcept {
  if (!a.empty() && !b.empty() && a[0] != b[0])
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]) ? -1 : 1;
  // Equal keys (a declared property present) are the common case: eight
  // bytes at a time inline, rather than a call to memcmp.
  if (a.size() == b.size()) {
    std::size_t i = 0;
    for (; i + 8 <= a.size(); i += 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) return a.compare(b);
    }
    for (; i < a.size(); ++i)
      if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
    return 0;
  }
  return a.compare(b);
}

bool is_integer_value(const NumberValue& n, bool float_with_zero_fraction_counts) {
  if (n.kind != ValueKind::kFloat) return true;
  if (!float_with_zero_fraction_counts) return false;
  return std::isfinite(n.d) && n.d == std::floor(n.d);
}

bool is_number(ValueKind k) { return k == ValueKind::kInteger || k == ValueKind::kUnsigned || k == ValueKind::kFloat; }

// JSON equality as nlohmann defines it (which JSON Schema's enum, const and
// uniqueItems use): integers exactly, an integer and a float by their double
// values, arrays in order, objects member by member.
bool numbers_equal(const NumberValue& a, const NumberValue& b) {
  if (a.kind == ValueKind::kFloat || b.kind == ValueKind::kFloat) return a.as_double() == b.as_double();
  if (a.kind == b.kind) return a.kind == ValueKind::kInteger ? a.i == b.i : a.u == b.u;
  const NumberValue& s = a.kind == ValueKind::kInteger ? a : b;
  const NumberValue& u = a.kind == ValueKind::kInteger ? b : a;
  return s.i >= 0 && static_cast<std::uint64_t>(s.i) == u.u;
}

template <class A, class B>
bool values_equal(A a, B b) {
  const ValueKind ka = a.kind(), kb = b.kind();
  if (is_number(ka) && is_number(kb)) return numbers_equal(a.number(), b.number());
  if (ka != kb) return false;
  switch (ka) {
    case ValueKind::kNull: return true;
    case ValueKind::kBoolean: return a.boolean() == b.boolean();
    case ValueKind::kString: return a.string() == b.string();
    case ValueKind::kArray: {
      if (a.size() != b.size()) return false;
      auto x = a.items();
      auto y = b.items();
      for (; x.more(); x.next(), y.next())
        if (!values_equal(x.value(), y.value())) return false;
      return true;
    }
    case ValueKind::kObject: {
      if (a.size() != b.size()) return false;
      auto x = a.members();
      auto y = b.members();
      for (; x.more(); x.next(), y.next())
        if (x.key() != y.key() || !values_equal(x.value(), y.value())) return false;
      return true;
    }
    default: return false;
  }
}

// A hash that agrees with values_equal: numbers by their double value (1
// and 1.0 are equal), arrays in order, objects member by member (in key
// order).
template <class View>
std::uint64_t value_hash(View v) {
  const auto mix = [](std::uint64_t h, std::uint64_t x) { return (h ^ x) * 0x100000001b3ULL + (h >> 29); };
  switch (v.kind()) {
    case ValueKind::kNull: return 0x6e756c6cULL;
    case ValueKind::kBoolean: return v.boolean() ? 0x74727565ULL : 0x66616c73ULL;
    case ValueKind::kInteger:
    case ValueKind::kUnsigned:
    case ValueKind::kFloat: {
      double d = v.as_double();
      if (d == 0) d = 0;  // -0.0 equals 0
      std::uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof bits);
      return mix(0x6e756dULL, bits);
    }
    case ValueKind::kString: return mix(0x737472ULL, std::hash<std::string_view>{}(v.string()));
    case ValueKind::kArray: {
      std::uint64_t h = 0x617272ULL;
      for (auto it = v.items(); it.more(); it.next()) h = mix(h, value_hash(it.value()));
      return h;
    }
    case ValueKind::kObject: {
      std::uint64_t h = 0x6f626aULL;
      for (auto it = v.members(); it.more(); it.next())
        h = mix(mix(h, std::hash<std::string_view>{}(it.key())), value_hash(it.value()));
      return h;
    }
  }
  return 0;
}

// What in-place subschemas evaluated of one instance, for
// unevaluatedProperties and unevaluatedItems (2019-09 and later): collected
// only below a schema that has one of those, so every other evaluation
// passes nullptr and pays nothing.
struct Annotations {
  std::vector<const char*> props;  // members some subschema evaluated (their keys' bytes)
  bool all_props = false;
  std::size_t items = 0;  // items [0, items) evaluated
  bool all_items = false;
  std::vector<std::size_t> contains;  // items `contains` matched (2020-12)

  void merge(const Annotations& o) {
    props.insert(props.end(), o.props.begin(), o.props.end());
    all_props = all_props || o.all_props;
    items = std::max(items, o.items);
    all_items = all_items || o.all_items;
    contains.insert(contains.end(), o.contains.begin(), o.contains.end());
  }
};

template <class View>
class Evaluator {
 public:
  Evaluator(const Program& p, const ValidateOptions& o, std::vector<Finding>* out)
      : p_(p),
        opt_(o),
        out_(out),
        can_stop_(o.fail_fast && out != nullptr),
        track_path_(out != nullptr),
        direction_rules_(p.openapi && o.direction != Direction::kAny),
        fold_keys_(o.case_variant_keys != CaseVariantKeys::kAllow) {
    if (track_path_) path_ = &*path_lease_.emplace();
  }

  bool errors_seen() const { return errors_ > 0; }
  // Whether a finding would have been kept (quick mode: evaluation stops
  // at the first).
  bool reportable() const { return reportable_; }
  // Quick mode: no findings are built, and evaluation stops at the first
  // finding that a collecting run would keep.
  void set_quick() { quick_ = true; }
  std::size_t work() const { return work_; }
  bool capped() const { return capped_; }

  // Evaluates node `index` on `v`. `report` says whether findings are kept
  // (false inside anyOf/oneOf/not/if, whose branches only give a verdict).
  // `extra_known`: property names an enclosing OpenAPI allOf admits.
  bool eval(int index, View v, bool report, const std::vector<std::string>* extra_known = nullptr,
            Annotations* ann = nullptr) {
    if (stopped()) return false;
    if (++work_ > opt_.max_work) [[unlikely]]
      return work_limit();
    // $ref chains are followed here, without recursing; a chain that never
    // ends ({"$ref": "#"}) is cut off like any other runaway recursion.
    const Node* n = &p_.nodes[static_cast<std::size_t>(index)];
    if (p_.uses_dynamic_scope && (scope_.empty() || scope_.back() != n->resource)) [[unlikely]]
      return eval_in_resource(index, v, report, extra_known, ann);
    for (int hops = 0; n->ref != kNoNode; ++hops) {
      if (hops == 64) return recursion_limit();
      n = &p_.nodes[static_cast<std::size_t>(n->ref)];
      if (p_.uses_dynamic_scope && scope_.back() != n->resource) [[unlikely]]
        return eval_in_resource(static_cast<int>(n - p_.nodes.data()), v, report, extra_known, ann);
    }
    if (n->always_true) return true;
    if (++depth_ > opt_.max_depth) {
      --depth_;
      return recursion_limit();
    }
    const bool ok = eval_node(*n, v, report, extra_known, ann);
    --depth_;
    return ok;
  }

  // eval() for a node of another resource than the last one entered, when
  // dynamic references are about: the resource joins the dynamic scope.
  [[gnu::noinline]] bool eval_in_resource(int index, View v, bool report,
                                          const std::vector<std::string>* extra_known, Annotations* ann) {
    const Node* n = &p_.nodes[static_cast<std::size_t>(index)];
    scope_.push_back(n->resource);
    bool ok = false;
    if (n->ref != kNoNode) {
      ok = eval(n->ref, v, report, extra_known, ann);
    } else if (++depth_ > opt_.max_depth) {
      --depth_;
      ok = recursion_limit();
    } else {
      ok = n->always_true || eval_node(*n, v, report, extra_known, ann);
      --depth_;
    }
    scope_.pop_back();
    return ok;
  }

 private:
  bool recursion_limit() {
    if (!depth_exceeded_) {
      depth_exceeded_ = true;
      // Always reported: a runaway schema makes the whole result invalid.
      add(true, Severity::kError, "$ref", FindingCode::TG_RECURSION_LIMIT, [&] {
        return "the schema recursed deeper than " + std::to_string(opt_.max_depth) + " levels here";
      });
    }
    return false;
  }

  bool stopped() const { return (can_stop_ && errors_ > 0) || exhausted_ || (quick_ && reportable_); }

  [[gnu::cold, gnu::noinline]] bool work_limit() {
    if (!exhausted_) {
      // Always reported, and it stops everything: the verdict is unknown,
      // so the result is invalid (fail closed).
      add(true, Severity::kError, "maxWork", FindingCode::TG_WORK_LIMIT, [&] {
        return "evaluation took more than " + std::to_string(opt_.max_work) +
               " steps here and stopped; the rest of the document is not checked";
      });
      exhausted_ = true;
    }
    return false;
  }

  // Memoised evaluation of a combinator branch (allOf, anyOf, oneOf, not,
  // if/then/else, a dependency's schema). Only branches can reach one
  // (schema, value) pair more than once, and nested branches are what makes
  // the work grow as 2^depth, so remembering each pair's verdict keeps any
  // schema linear. Off until a document has taken kMemoAfter steps, so small
  // documents pay nothing for it. A verdict kept without findings is reused
  // only where findings are not wanted either.
  static constexpr std::size_t kMemoAfter = 4096;
  struct MemoKey {
    int node;
    std::uintptr_t value;
    const void* known;
    friend bool operator==(const MemoKey&, const MemoKey&) = default;
  };
  struct MemoHash {
    std::size_t operator()(const MemoKey& k) const noexcept {
      const auto node = static_cast<std::size_t>(static_cast<std::uint32_t>(k.node));
      return std::hash<std::uintptr_t>{}(k.value) * 31 + node * std::size_t{0x9e3779b97f4a7c15ULL} +
             std::hash<const void*>{}(k.known);
    }
  };
  bool branch(int index, View v, bool report, const std::vector<std::string>* extra_known = nullptr,
              Annotations* ann = nullptr) {
    if (work_ < kMemoAfter || ann != nullptr || p_.uses_dynamic_scope) [[likely]]
      return eval(index, v, report, extra_known, ann);
    return branch_memoised(index, v, report, extra_known);
  }
  [[gnu::noinline]] bool branch_memoised(int index, View v, bool report,
                                         const std::vector<std::string>* extra_known) {
    const MemoKey key{index, v.identity(), extra_known};
    if (const auto it = memo_.find(key); it != memo_.end() && (it->second.reported || !report))
      return it->second.verdict;
    const bool verdict = eval(index, v, report, extra_known);
    if (!depth_exceeded_ && !exhausted_) memo_[key] = MemoEntry{verdict, report};
    return verdict;
  }

  bool in_secret() const {
    for (const PathStep& s : *path_)
      if (s.is_key && is_secret_name(s.key)) return true;
    return false;
  }

  // A message builder passed by reference without a std::function: the
  // lambda's body becomes its own function, called only for a kept finding.
  class MessageRef {
   public:
    template <class F>
    explicit MessageRef(F& f) noexcept
        : object_(&f), build_(&build_into<F>) {}
    // The message into `to` (text.h's assign_text).
    void build(std::string& to) const { build_(object_, to); }

   private:
    // (cold and out of line: a builder the compiler may inline into its
    // caller costs the passing path, which only takes its address)
    template <class F>
    [[gnu::cold, gnu::noinline]] static void build_into(void* o, std::string& to) {
      assign_text(to, (*static_cast<F*>(o))());
    }
    void* object_;
    void (*build_)(void*, std::string&);
  };

  // Records a finding when reporting; returns false for errors, true for
  // warnings, so a check can `return add(...)`. `message` is a callable
  // that builds the text: it runs only when the finding is kept, so a
  // verdict-only call (is_valid, or an anyOf branch) never formats one.
  // Every call is on a failing path: record() is cold and out of line, so
  // the code that builds findings stays out of the cache lines that
  // passing values run through.
  template <class MessageFn>
  bool add(bool report, Severity severity, const char* keyword, FindingCode code, MessageFn&& message) {
    return record(report, severity, keyword, code, MessageRef(message));
  }
  template <class MessageFn>
  bool error(bool report, const char* keyword, FindingCode code, MessageFn&& message) {
    return add(report, Severity::kError, keyword, code, message);
  }
  [[gnu::cold, gnu::noinline]] bool record(bool report, Severity severity, const char* keyword, FindingCode code,
                                           MessageRef message) {
    if (severity == Severity::kError && report) ++errors_;
    reportable_ = reportable_ || report;
    if (report && out_ != nullptr) {
      if (out_->size() < opt_.max_findings) {
        // (a finding this thread recycled when there is one: finding_pool.h)
        Finding& f = next_finding(*out_, severity, keyword, code);
        try {
          render_pointer_into(f.pointer, *path_);
          message.build(f.message);
        } catch (...) {
          out_->pop_back();
          throw;
        }
      } else {
        capped_ = true;
      }
    }
    return severity != Severity::kError;
  }

  bool check_format(const Node& n, std::string_view s, bool report) {
    ParseError why;
    if (n.format->string_holds(s, &why)) return true;
    // The grammar's reason and offset; its quoted token only when not secret.
    return error(report, "format", FindingCode::TG_FORMAT, [&] {
      return "expected " + expected_text(*n.format) + ": " +
             (in_secret() ? std::string(why.reason()) + " at offset " + std::to_string(why.offset()) : why.message());
    });
  }

  bool check_pattern(int index, std::string_view s, bool report) {
    const Pattern& re = p_.patterns[static_cast<std::size_t>(index)];
    switch (re.search(s)) {
      case Pattern::Match::kYes: return true;
      case Pattern::Match::kNo:
        if (!re.ok()) return unchecked_pattern(re, "pattern", report);
        return error(report, "pattern", FindingCode::TG_PATTERN, [&] { return "does not match the pattern " + quote_text(re.source(), 80); });
      case Pattern::Match::kLimit: return pattern_limit(re, "pattern", report);
    }
    return true;
  }
  bool unchecked_pattern(const Pattern& re, const char* keyword, bool report) {
    return add(report, Severity::kWarning, keyword, FindingCode::TG_PATTERN_UNCHECKED, [&] {
      return "not checked against the pattern " + quote_text(re.source(), 80) + ": " + re.error();
    });
  }
  bool pattern_limit(const Pattern& re, const char* keyword, bool report) {
    return error(report, keyword, FindingCode::TG_PATTERN_LIMIT, [&] {
      return "the pattern " + quote_text(re.source(), 80) + " could not be decided within its match limit";
    });
  }
  // Whether a patternProperties pattern matches a member name; an unchecked
  // pattern matches nothing and says so, a search over its limit fails.
  bool name_matches(int index, std::string_view name, bool report, bool& ok) {
    const Pattern& re = p_.patterns[static_cast<std::size_t>(index)];
    switch (re.search(name)) {
      case Pattern::Match::kYes: return true;
      case Pattern::Match::kNo:
        if (!re.ok()) ok = unchecked_pattern(re, "patternProperties", report) && ok;
        return false;
      case Pattern::Match::kLimit: ok = pattern_limit(re, "patternProperties", report) && ok; return false;
    }
    return false;
  }

  bool check_number(const Node& n, View v, bool report) {
    const NumberValue number = v.number();
    const auto got = [&] { return in_secret() ? std::string() : " (got " + number_text(number) + ")"; };
    bool ok = true;
    if (n.format != nullptr && n.format->kind == FormatKind::kNumber && !n.format->number_holds(number))
      ok = error(report, "format", FindingCode::TG_FORMAT, [&] { return "expected " + expected_text(*n.format) + got(); });
    if (n.minimum && compare_numbers(number, *n.minimum) < 0)
      ok = error(report, "minimum", FindingCode::TG_MINIMUM, [&] { return "must be at least " + number_text(*n.minimum) + got(); }) && ok;
    if (n.maximum && compare_numbers(number, *n.maximum) > 0)
      ok = error(report, "maximum", FindingCode::TG_MAXIMUM, [&] { return "must be at most " + number_text(*n.maximum) + got(); }) && ok;
    if (n.exclusive_minimum && compare_numbers(number, *n.exclusive_minimum) <= 0)
      ok = error(report, "exclusiveMinimum", FindingCode::TG_MINIMUM, [&] { return "must be above " + number_text(*n.exclusive_minimum) + got(); }) && ok;
    if (n.exclusive_maximum && compare_numbers(number, *n.exclusive_maximum) >= 0)
      ok = error(report, "exclusiveMaximum", FindingCode::TG_MAXIMUM, [&] { return "must be below " + number_text(*n.exclusive_maximum) + got(); }) && ok;
    if (n.multiple_of) {
      bool multiple = true;
      if (number.kind == ValueKind::kFloat || std::floor(*n.multiple_of) != *n.multiple_of) {
        const double q = number.as_double() / *n.multiple_of;
        multiple = std::isfinite(q) && std::fabs(q - std::round(q)) < 1e-9;
      } else {
        multiple = is_integer_multiple(number, *n.multiple_of);  // exact, past 2^53 too
      }
      if (!multiple) ok = error(report, "multipleOf", FindingCode::TG_MULTIPLE_OF, [&] { return "must be a multiple of " + number_text(*n.multiple_of); }) && ok;
    }
    return ok;
  }

  // The common case first: every string check passes. Anything else goes
  // to check_string_fully, which says what failed.
  bool check_string(const Node& n, std::string_view s, bool report) {
    if (!n.min_length && (!n.max_length || s.size() <= *n.max_length) && n.pattern < 0 && format_holds(n.format, s))
      [[likely]]
      return true;
    return check_string_fully(n, s, report);
  }

  // A format's verdict alone (no message), for check_string's fast path.
  static bool format_holds(const FormatRule* format, std::string_view s) noexcept {
    return format == nullptr || format->kind != FormatKind::kString || format->string_verdict(s);
  }

  [[gnu::noinline]] bool check_string_fully(const Node& n, std::string_view s, bool report) {
    bool ok = true;
    // Bytes bound code points from above: a string whose byte count is
    // within maxLength and that has no minLength needs no counting.
    if (n.min_length || (n.max_length && s.size() > *n.max_length)) {
      const std::size_t len = utf8_length(s);
      if (n.min_length && len < *n.min_length)
        ok = error(report, "minLength", FindingCode::TG_MIN_LENGTH, [&] { return "must be at least " + std::to_string(*n.min_length) + " characters (got " + std::to_string(len) + ")"; }) && ok;
      if (n.max_length && len > *n.max_length)
        ok = error(report, "maxLength", FindingCode::TG_MAX_LENGTH, [&] { return "must be at most " + std::to_string(*n.max_length) + " characters (got " + std::to_string(len) + ")"; }) && ok;
    }
    if (n.pattern >= 0) ok = check_pattern(n.pattern, s, report) && ok;
    if (!format_holds(n.format, s)) ok = check_format(n, s, report) && ok;
    return ok;
  }

  bool check_array(const Node& n, View v, bool report, Annotations* ann = nullptr) {
    bool ok = true;
    const std::size_t size = v.size();
    if (n.checks & kHasArrayBounds) ok = check_array_bounds(n, v, report);
    std::size_t i = 0;
    for (auto it = v.items(); it.more() && !stopped(); it.next(), ++i) {
      int item = kNoNode;
      if (n.items_tuple) {
        item = i < n.items_array.size() ? n.items_array[i] : n.additional_items;
      } else {
        item = n.items;
      }
      if (item == kNoNode) continue;
      if (track_path_) path_->push_back(PathStep{{}, i, false});
      ok = eval_child(item, it.value(), report) && ok;
      if (track_path_) path_->pop_back();
    }
    if (ann != nullptr) [[unlikely]] {
      if (n.items != kNoNode || (n.items_tuple && n.additional_items != kNoNode)) {
        ann->all_items = true;
      } else {
        ann->items = std::max(ann->items, std::min(size, n.items_array.size()));
      }
    }
    if (n.contains != kNoNode) ok = check_contains(n, v, report, ann) && ok;
    return ok;
  }

  bool check_contains(const Node& n, View v, bool report, Annotations* ann) {
    const std::size_t min = n.min_contains.value_or(1);
    // Every item is tried only when a count or the annotations need it.
    const bool count_all = n.max_contains.has_value() || min > 1 || (ann != nullptr && n.contains_annotates);
    std::size_t matches = 0;
    std::size_t i = 0;
    for (auto it = v.items(); it.more() && (count_all || matches == 0); it.next(), ++i) {
      if (!eval(n.contains, it.value(), false)) continue;
      ++matches;
      if (ann != nullptr && n.contains_annotates) ann->contains.push_back(i);
    }
    if (matches < min)
      return error(report, "contains", FindingCode::TG_CONTAINS, [&] {
        return min == 1 ? std::string("no item matches the \"contains\" schema")
                        : "at least " + std::to_string(min) + " items must match the \"contains\" schema (" +
                              std::to_string(matches) + " do)";
      });
    if (n.max_contains && matches > *n.max_contains)
      return error(report, "maxContains", FindingCode::TG_CONTAINS, [&] {
        return "at most " + std::to_string(*n.max_contains) + " items may match the \"contains\" schema (" +
               std::to_string(matches) + " do)";
      });
    return true;
  }

  [[gnu::noinline]] bool check_array_bounds(const Node& n, View v, bool report) {
    bool ok = true;
    const std::size_t size = v.size();
    if (n.min_items && size < *n.min_items)
      ok = error(report, "minItems", FindingCode::TG_MIN_ITEMS, [&] { return "must have at least " + std::to_string(*n.min_items) + " items (got " + std::to_string(size) + ")"; }) && ok;
    if (n.max_items && size > *n.max_items)
      ok = error(report, "maxItems", FindingCode::TG_MAX_ITEMS, [&] { return "must have at most " + std::to_string(*n.max_items) + " items (got " + std::to_string(size) + ")"; }) && ok;
    if (n.unique_items) ok = check_unique_items(v, report) && ok;
    return ok;
  }

  // uniqueItems in n log n: items are grouped by a hash that agrees with
  // JSON equality, and only items of one group are compared. Reports the
  // first equal pair (smallest first index, then smallest second).
  bool check_unique_items(View v, bool report) {
    const std::size_t size = v.size();
    if (size < 2) return true;
    work_ += size;
    if (work_ > opt_.max_work) return work_limit();
    Reused<std::vector<View>> items;
    Reused<std::vector<std::pair<std::uint64_t, std::size_t>>> order;
    for (auto it = v.items(); it.more(); it.next()) {
      order->emplace_back(value_hash(it.value()), items->size());
      items->push_back(it.value());
    }
    std::sort(order->begin(), order->end());
    std::size_t best_i = size, best_j = size;
    for (std::size_t g = 0; g < size;) {
      std::size_t end = g + 1;
      while (end < size && (*order)[end].first == (*order)[g].first) ++end;
      for (std::size_t a = g; a + 1 < end && (*order)[a].second < best_i; ++a) {
        bool found = false;
        for (std::size_t b = a + 1; b < end; ++b) {
          if (++work_ > opt_.max_work) return work_limit();
          if (values_equal((*items)[(*order)[a].second], (*items)[(*order)[b].second])) {
            best_i = (*order)[a].second;
            best_j = (*order)[b].second;
            found = true;
            break;
          }
        }
        if (found) break;  // later members of this group have larger first indexes
      }
      g = end;
    }
    if (best_i == size) return true;
    return error(report, "uniqueItems", FindingCode::TG_UNIQUE_ITEMS, [&] {
      return "items " + std::to_string(best_i) + " and " + std::to_string(best_j) + " are equal; items must be unique";
    });
  }

  bool known_property(const Node& n, std::string_view name, const std::vector<std::string>* extra_known) {
    if (find_property(n, name) != kNoNode) return true;
    for (const auto& [re, child] : n.pattern_properties)
      if (p_.patterns[static_cast<std::size_t>(re)].search(name) == Pattern::Match::kYes) return true;
    return extra_known != nullptr && std::binary_search(extra_known->begin(), extra_known->end(), name,
                                                        [](std::string_view a, std::string_view b) { return a < b; });
  }

  bool check_object(const Node& n, View v, bool report, const std::vector<std::string>* extra_known,
                    Annotations* ann = nullptr) {
    bool ok = (n.checks & kHasObjectBounds) == 0 || check_object_bounds(n, v, report);
    // Keys are matched to properties under Go's case folding, unless no key
    // can fold onto a property it is not (all lower-case ASCII, both).
    const bool fold = fold_keys_ && !(n.folds_lower && v.keys_lower_ascii());

    if (!n.scan_members) {
      // Only declared properties matter: look each up (which also answers
      // `required` for them), instead of walking every member.
      // Both the instance's members (either view gives them in key order)
      // and the declared properties are sorted by the same byte order, so
      // one merge pass pairs them.
      auto it = v.members();
      for (std::size_t i = 0; i < n.properties.size(); ++i) {
        const auto& [name, child] = n.properties[i];
        int order = 1;
        std::string_view key;
        while (it.more() && (order = compare_keys(key = it.key(), name)) < 0) {
          if (fold) ok = key_case(n, key, report) && ok;
          it.next();
        }
        if (!it.more() || order != 0) {
          if (n.property_required[i]) ok = missing(n, name, child, report) && ok;
        } else {
          if (track_path_) path_->push_back(PathStep{key, 0, true});
          ok = check_property(key, child, it.value(), report) && ok;
          if (track_path_) path_->pop_back();
          if (ann != nullptr) [[unlikely]]
            ann->props.push_back(key.data());
          it.next();
        }
        if (stopped()) return false;
      }
      if (fold)
        for (; it.more(); it.next()) ok = key_case(n, it.key(), report) && ok;
      View found;
      for (const std::string& name : n.required_undeclared)
        if (!v.find(name, &found)) ok = missing(n, name, kNoNode, report) && ok;
      return check_dependencies(n, v, report, ann) && ok;
    }
    View found;
    for (const std::string& name : n.required) {
      if (v.find(name, &found)) continue;
      ok = missing(n, name, find_property(n, name), report) && ok;
      if (stopped()) return false;
    }
    for (auto it = v.members(); it.more(); it.next()) {
      const std::string_view name = it.key();
      const View value = it.value();
      if (stopped()) return false;
      if (track_path_) path_->push_back(PathStep{name, 0, true});
      const int c = find_property(n, name);
      bool matched = c != kNoNode;
      if (c != kNoNode) ok = check_property(name, c, value, report) && ok;
      else if (fold) ok = key_case_here(n, name, report) && ok;
      for (const auto& [re, child] : n.pattern_properties) {
        if (!name_matches(re, name, report, ok)) continue;
        matched = true;
        ok = eval(child, value, report) && ok;
      }
      if (ann != nullptr && (matched || n.additional_properties != kNoNode)) ann->props.push_back(name.data());
      if (!matched && n.additional_properties != kNoNode && !known_property(n, name, extra_known)) {
        const Node& ap = p_.nodes[static_cast<std::size_t>(n.additional_properties)];
        if (ap.always_false) {
          ok = add(report, opt_.undeclared_members, "additionalProperties", FindingCode::TG_ADDITIONAL_PROPERTY, [&] {
                 return property_message(name, opt_.undeclared_members == Severity::kError
                                                   ? " is not allowed here"
                                                   : " is not declared here; the upstream ignores it (an error under strict)");
               }) && ok;
        } else {
          ok = eval(n.additional_properties, value, report) && ok;
        }
      }
      if (n.property_names != kNoNode && !eval(n.property_names, it.key_value(), false))
        ok = error(report, "propertyNames", FindingCode::TG_PROPERTY_NAMES, [&] { return "property name " + quote_text(name) + " is not allowed"; }) && ok;
      if (track_path_) path_->pop_back();
    }
    return check_dependencies(n, v, report, ann) && ok;
  }

  // Whether `name` surely folds onto no property: there are none, or it is
  // ASCII and no ASCII property has its fold signature.
  static bool folds_onto_none(const Node& n, std::string_view name) noexcept {
    return n.property_folds.empty() ||
           (n.folds_ascii && (n.fold_filter & ascii_fold_filter_bit(name)) == 0 && is_ascii(name));
  }

  // A member `name` that no property declares by its bytes: under Go's case
  // folding, does it name one ("Name" for "name")? The upstream would read
  // it as that property.
  [[gnu::always_inline]] bool key_case(const Node& n, std::string_view name, bool report) {
    return folds_onto_none(n, name) || key_case_pushed(n, name, report);
  }
  // key_case past its filter, out of line: `name` goes on the path.
  [[gnu::noinline]] bool key_case_pushed(const Node& n, std::string_view name, bool report) {
    if (track_path_) path_->push_back(PathStep{name, 0, true});
    const bool ok = key_case_here(n, name, report);
    if (track_path_) path_->pop_back();
    return ok;
  }

  // key_case with `name` already on the path.
  [[gnu::noinline]] bool key_case_here(const Node& n, std::string_view name, bool report) {
    if (folds_onto_none(n, name)) return true;
    const std::uint64_t h = fold_hash(name);
    auto it = std::lower_bound(n.property_folds.begin(), n.property_folds.end(), std::make_pair(h, -1));
    for (; it != n.property_folds.end() && it->first == h; ++it) {
      const std::string& declared = n.properties[static_cast<std::size_t>(it->second)].first;
      if (!equal_fold(declared, name)) continue;
      const Severity s =
          opt_.case_variant_keys == CaseVariantKeys::kReject ? Severity::kError : Severity::kWarning;
      return add(report, s, "properties", FindingCode::TG_JSON_KEY_CASE_VARIANT, [&] {
        StackText<256> m;
        m.append("the key ");
        append_quoted(m, name);
        m.append(" differs from the declared property ");
        append_quoted(m, declared);
        m.append(" only by case; Go's encoding/json reads it as that property");
        return m;
      });
    }
    return true;
  }

  [[gnu::noinline]] bool check_object_bounds(const Node& n, View v, bool report) {
    bool ok = true;
    const std::size_t count = v.size();
    if (n.min_properties && count < *n.min_properties)
      ok = error(report, "minProperties", FindingCode::TG_MIN_PROPERTIES, [&] { return "must have at least " + std::to_string(*n.min_properties) + " properties"; }) && ok;
    if (n.max_properties && count > *n.max_properties)
      ok = error(report, "maxProperties", FindingCode::TG_MAX_PROPERTIES, [&] { return "must have at most " + std::to_string(*n.max_properties) + " properties"; }) && ok;
    return ok;
  }

  // A required property that is absent. OpenAPI: required on a readOnly
  // property applies to responses only, on a writeOnly property to requests
  // only. `c` is the property's node, or kNoNode when undeclared.
  bool missing(const Node&, std::string_view name, int c, bool report) {
    const Direction dir = opt_.direction;
    if (c != kNoNode && direction_rules_) {
      const Node& pn = p_.nodes[static_cast<std::size_t>(c)];
      if (pn.effective_read_only && dir == Direction::kRequest) return true;
      if (pn.effective_write_only && dir == Direction::kResponse) return true;
    }
    return error(report, "required", FindingCode::TG_REQUIRED, [&] { return "missing required property " + quote_text(name); });
  }

  // A declared property's value: OpenAPI direction warnings, then its schema.
  [[gnu::always_inline]] bool check_property(std::string_view name, int c, View value, bool report) {
    const Direction dir = opt_.direction;
    if (direction_rules_) {
      const Node& pn = p_.nodes[static_cast<std::size_t>(c)];
      if (pn.effective_read_only && dir == Direction::kRequest)
        add(report, Severity::kWarning, "readOnly", FindingCode::TG_READ_ONLY,
            [&] { return property_message(name, " is read-only: the server ignores it in a request"); });
      if (pn.effective_write_only && dir == Direction::kResponse)
        add(report, Severity::kWarning, "writeOnly", FindingCode::TG_WRITE_ONLY,
            [&] { return property_message(name, " is write-only and should not appear in a response"); });
    }
    return eval_child(c, value, report);
  }

  // eval() for a property or item: a string value against a plain string
  // schema is checked here, without the call and the steps a general node
  // takes (the depth test keeps the recursion limit where eval puts it).
  [[gnu::always_inline]] bool eval_child(int c, View value, bool report) {
    const Node& cn = p_.nodes[static_cast<std::size_t>(c)];
    if (cn.string_leaf && value.is_string() && depth_ < opt_.max_depth) [[likely]]
      return (cn.checks & kHasString) == 0 || check_string(cn, value.string(), report);
    return eval(c, value, report);
  }

  [[gnu::always_inline]] bool check_dependencies(const Node& n, View v, bool report,
                                                 Annotations* ann = nullptr) {
    if ((n.checks & kHasDependencies) == 0) [[likely]]
      return true;
    return check_dependencies_fully(n, v, report, ann);
  }

  [[gnu::noinline]] bool check_dependencies_fully(const Node& n, View v, bool report, Annotations* ann) {
    bool ok = true;
    View found;
    for (const auto& dependency : n.dependencies_required) {
      const std::string& name = dependency.first;
      const std::vector<std::string>& needed = dependency.second;
      if (!v.find(name, &found)) continue;
      for (const std::string& d : needed)
        if (!v.find(d, &found))
          ok = error(report, "dependencies", FindingCode::TG_DEPENDENCIES, [&] { return "property " + quote_text(name) + " requires property " + quote_text(d); }) && ok;
    }
    for (const auto& [name, schema] : n.dependencies_schema)
      if (v.find(name, &found)) ok = in_place(schema, v, report, nullptr, ann) && ok;
    return ok;
  }

  // The type checks eval_node's table does not settle: null where
  // `nullable` allows it, a float with a zero fraction where "integer" is
  // asked (drafts 6 and 7), and a node that gives only `nullable`.
  [[gnu::noinline]] bool type_otherwise_ok(const Node& n, View v) const {
    if (n.types == 0) return true;
    const ValueKind k = v.kind();
    if (k == ValueKind::kNull) return n.nullable;
    if (k == ValueKind::kFloat && (n.types & kInteger) != 0)
      return is_integer_value(v.number(), p_.dialect != Dialect::kDraft4 && p_.dialect != Dialect::kOpenApi30);
    return false;
  }

  // enum membership; a string is compared with the string members only,
  // without the general JSON equality.
  static bool in_enum(const json& values, View v) {
    if (v.kind() == ValueKind::kString) {
      const std::string_view s = v.string();
      for (const auto& e : values)
        if (e.is_string() && e.get_ref<const std::string&>() == s) return true;
      return false;
    }
    for (const auto& e : values)
      if (values_equal(JsonView(e), v)) return true;
    return false;
  }

  bool eval_node(const Node& n, View v, bool report, const std::vector<std::string>* extra_known,
                 Annotations* ann = nullptr) {
    if (n.checks & kHasUnevaluated) [[unlikely]]
      return eval_unevaluated(n, v, report, extra_known, ann);
    return eval_keywords(n, v, report, extra_known, ann);
  }

  // A node with unevaluatedProperties or unevaluatedItems: its other
  // keywords run first, collecting what they evaluated; the rest of the
  // instance then meets the unevaluated* schema.
  [[gnu::noinline]] bool eval_unevaluated(const Node& n, View v, bool report,
                                          const std::vector<std::string>* extra_known, Annotations* ann) {
    Annotations local;
    bool ok = eval_keywords(n, v, report, extra_known, &local);
    if (n.unevaluated_properties != kNoNode && v.kind() == ValueKind::kObject && !local.all_props) {
      std::sort(local.props.begin(), local.props.end());
      const Node& up = p_.nodes[static_cast<std::size_t>(n.unevaluated_properties)];
      for (auto member = v.members(); member.more(); member.next()) {
        const std::string_view name = member.key();
        if (std::binary_search(local.props.begin(), local.props.end(), name.data())) continue;
        if (stopped()) return false;
        if (track_path_) path_->push_back(PathStep{name, 0, true});
        if (up.always_false) {
          ok = error(report, "unevaluatedProperties", FindingCode::TG_UNEVALUATED_PROPERTY, [&] {
                 return "property " + quote_text(name) + " is not allowed here (no subschema evaluated it)";
               }) && ok;
        } else {
          ok = eval(n.unevaluated_properties, member.value(), report) && ok;
        }
        if (track_path_) path_->pop_back();
      }
      local.all_props = true;
    }
    if (n.unevaluated_items != kNoNode && v.kind() == ValueKind::kArray && !local.all_items) {
      std::sort(local.contains.begin(), local.contains.end());
      const Node& ui = p_.nodes[static_cast<std::size_t>(n.unevaluated_items)];
      std::size_t i = 0;
      for (auto item = v.items(); item.more(); item.next(), ++i) {
        if (i < local.items) continue;
        if (std::binary_search(local.contains.begin(), local.contains.end(), i)) continue;
        if (stopped()) return false;
        if (track_path_) path_->push_back(PathStep{{}, i, false});
        if (ui.always_false) {
          ok = error(report, "unevaluatedItems", FindingCode::TG_UNEVALUATED_ITEM, [&] {
                 return "item " + std::to_string(i) + " is not allowed here (no subschema evaluated it)";
               }) && ok;
        } else {
          ok = eval(n.unevaluated_items, item.value(), report) && ok;
        }
        if (track_path_) path_->pop_back();
      }
      local.all_items = true;
    }
    if (ann != nullptr && ok) ann->merge(local);
    return ok;
  }

  // A subschema applied to the same instance, with its annotations kept
  // only if it holds.
  bool in_place(int index, View v, bool report, const std::vector<std::string>* known, Annotations* ann) {
    if (ann == nullptr) [[likely]]
      return branch(index, v, report, known);
    Annotations mine;
    const bool ok = branch(index, v, report, known, &mine);
    if (ok) ann->merge(mine);
    return ok;
  }

  // $ref, $dynamicRef and $recursiveRef beside other keywords (2019-09+).
  [[gnu::noinline]] bool eval_refs(const Node& n, View v, bool report,
                                   const std::vector<std::string>* extra_known, Annotations* ann) {
    bool ok = true;
    if (n.ref_in_place != kNoNode) ok = in_place(n.ref_in_place, v, report, extra_known, ann);
    if (n.dynamic_ref != kNoNode) {
      int target = n.dynamic_ref;
      // The outermost resource in the dynamic scope that has the anchor
      // ($dynamicRef) or a $recursiveAnchor ($recursiveRef) decides.
      for (const int r : scope_) {
        const Resource& res = p_.resources[static_cast<std::size_t>(r)];
        if (!n.dynamic_name.empty()) {
          const auto it = std::find_if(res.dynamic_anchors.begin(), res.dynamic_anchors.end(),
                                       [&](const auto& a) { return a.first == n.dynamic_name; });
          if (it == res.dynamic_anchors.end()) continue;
          target = it->second;
          break;
        }
        if (n.recursive_ref && res.recursive_anchor != kNoNode) {
          target = res.recursive_anchor;
          break;
        }
      }
      ok = in_place(target, v, report, extra_known, ann) && ok;
    }
    return ok;
  }

  bool eval_keywords(const Node& n, View v, bool report, const std::vector<std::string>* extra_known,
                     Annotations* ann) {
    // eval has followed any $ref and answered `true` schemas already.
    if (n.always_false) return error(report, "false", FindingCode::TG_FALSE_SCHEMA, [&] { return "no value is allowed here"; });

    const std::uint32_t checks = n.checks;
    const ValueKind type = v.kind();
    if (checks & kHasType) {
      // The TypeBits a value of each kind satisfies outright (null,
      // boolean, object, array, string, integer, unsigned, float); the rest
      // (null with nullable, a float with a zero fraction against
      // "integer", only `nullable` given) is decided out of line.
      static constexpr std::uint8_t kSatisfies[] = {kNull,   kBoolean,           kObject,           kArray,
                                                    kString, kInteger | kNumber, kInteger | kNumber, kNumber};
      if ((n.types & kSatisfies[static_cast<std::uint8_t>(type)]) == 0 && !type_otherwise_ok(n, v)) [[unlikely]]
        return error(report, "type", FindingCode::TG_TYPE, [&] {
          return "expected " + types_text(n.types) + (n.nullable ? " or null" : "") + ", got " + type_name(type);
        });
      if (type == ValueKind::kNull && n.nullable) return true;
    }

    bool ok = true;
    if ((checks & kHasValue) && n.enum_values && !in_enum(*n.enum_values, v)) {
      ok = error(report, "enum", FindingCode::TG_ENUM, [&] {
        std::string allowed = "must be one of ";
        std::size_t shown = 0;
        for (const auto& e : *n.enum_values) {
          if (shown == 8) {
            allowed += ", ...";
            break;
          }
          allowed += (shown++ == 0 ? "" : ", ") + e.dump(-1, ' ', true).substr(0, 60);
        }
        return allowed;
      });
    }
    if ((checks & kHasValue) && n.const_value && !values_equal(JsonView(*n.const_value), v))
      ok = error(report, "const", FindingCode::TG_CONST, [&] { return "must equal " + n.const_value->dump(-1, ' ', true).substr(0, 80); }) && ok;

    // Most values are strings, then objects, arrays and numbers; plain
    // tests predict better than a jump table right after a parse.
    if (type == ValueKind::kString) {
      if (checks & kHasString) ok = check_string(n, v.string(), report) && ok;
    } else if (type == ValueKind::kObject) {
      if (checks & kHasObject) ok = check_object(n, v, report, extra_known, ann) && ok;
    } else if (type == ValueKind::kArray) {
      if (checks & kHasArray) ok = check_array(n, v, report, ann) && ok;
    } else if (is_number(type)) {
      if (checks & kHasNumber) ok = check_number(n, v, report) && ok;
    }
    if (checks & kHasInPlace) [[unlikely]]
      ok = eval_refs(n, v, report, extra_known, ann) && ok;
    if (!(checks & kHasCombinator)) return ok;

    if (!n.all_of.empty()) {
      const std::vector<std::string>* known = extra_known != nullptr ? extra_known
                                              : n.allof_known.empty() ? nullptr
                                                                      : &n.allof_known;
      for (const int b : n.all_of) ok = in_place(b, v, report, known, ann) && ok;
    }
    if (!n.any_of.empty()) {
      bool any = false;
      for (const int b : n.any_of) {
        const bool match = in_place(b, v, false, nullptr, ann);
        any = any || match;
        if (any && ann == nullptr) break;  // annotations need every branch that holds
      }
      if (!any) ok = error(report, "anyOf", FindingCode::TG_ANY_OF, [&] { return "matches none of the allowed shapes (anyOf)"; }) && ok;
    }
    if (!n.one_of.empty()) {
      int matches = 0;
      Annotations one;
      for (const int b : n.one_of) {
        Annotations mine;
        const bool match = branch(b, v, false, nullptr, ann != nullptr ? &mine : nullptr);
        if (match && ann != nullptr) one = std::move(mine);
        matches += match ? 1 : 0;
      }
      if (matches != 1)
        ok = error(report, "oneOf", FindingCode::TG_ONE_OF, [&] { return matches == 0 ? "matches none of the allowed shapes (oneOf)"
                                : "matches " + std::to_string(matches) + " of the oneOf shapes; exactly one must match"; }) && ok;
      else if (ann != nullptr)
        ann->merge(one);
    }
    if (n.not_ != kNoNode && branch(n.not_, v, false))
      ok = error(report, "not", FindingCode::TG_NOT, [&] { return "matches a shape that is not allowed (not)"; }) && ok;
    if (n.if_ != kNoNode) {
      if (in_place(n.if_, v, false, nullptr, ann)) {
        if (n.then_ != kNoNode) ok = in_place(n.then_, v, report, nullptr, ann) && ok;
      } else if (n.else_ != kNoNode) {
        ok = in_place(n.else_, v, report, nullptr, ann) && ok;
      }
    }
    return ok;
  }

  const Program& p_;
  const ValidateOptions& opt_;
  std::vector<Finding>* out_;
  bool can_stop_;    // fail fast with findings kept: stop at the first error
  bool track_path_;  // only findings need the path
  bool direction_rules_;  // OpenAPI readOnly/writeOnly apply (a direction is given)
  bool fold_keys_;        // keys are matched to properties as Go's encoding/json does
  // Only findings need the path: leased (no allocation once warm) when
  // findings are kept.
  std::optional<Reused<std::vector<PathStep>>> path_lease_;
  std::vector<PathStep>* path_ = nullptr;
  int depth_ = 0;
  int errors_ = 0;
  bool depth_exceeded_ = false;
  std::size_t work_ = 0;
  std::vector<int> scope_;  // the dynamic scope: resources entered, outermost first
  bool exhausted_ = false;  // the work budget ran out
  bool quick_ = false;
  bool reportable_ = false;
  bool capped_ = false;     // a kept finding was dropped by max_findings
  struct MemoEntry {
    bool verdict;
    bool reported;  // evaluated with its findings kept
  };
  std::unordered_map<MemoKey, MemoEntry, MemoHash> memo_;
};

}  // namespace

template <class View>
void validate_view_into(const Schema& schema, View instance, const ValidateOptions& options, ValidationResult& result) {
  if (!schema.ok()) {
    result.valid = false;
    result.findings.push_back(Finding{Severity::kError, "", "$schema", code_string(FindingCode::TG_SCHEMA), "the schema did not compile: " + schema.error(), "body"});
    return;
  }
  try {
    Evaluator<View> e(*SchemaAccess::program(schema), options, &result.findings);
    const bool ok = e.eval(SchemaAccess::program(schema)->root, instance, true);
    result.valid = ok && !e.errors_seen();
    result.work = e.work();
    result.capped = e.capped();
    // A value reached along two paths (a property declared both beside and
    // inside an allOf) reports the same problem once.
    auto& f = result.findings;
    for (std::size_t i = 0; i < f.size(); ++i)
      for (std::size_t j = f.size(); j-- > i + 1;)
        if (f[j].pointer == f[i].pointer && f[j].code == f[i].code && f[j].message == f[i].message)
          f.erase(f.begin() + static_cast<std::ptrdiff_t>(j));
  } catch (const std::exception&) {
    result.valid = false;
    result.findings.clear();
    result.findings.push_back(Finding{Severity::kError, "", "", code_string(FindingCode::TG_INTERNAL), "internal error while validating", "body"});
  }
}

template <class View>
ValidationResult validate_view(const Schema& schema, View instance, const ValidateOptions& options) {
  ValidationResult result;
  validate_view_into(schema, instance, options, result);
  return result;
}

template <class View>
bool is_valid_view(const Schema& schema, View instance, const ValidateOptions& options) {
  if (!schema.ok()) return false;
  try {
    ValidateOptions o = options;
    o.fail_fast = true;
    Evaluator<View> e(*SchemaAccess::program(schema), o, nullptr);
    return e.eval(SchemaAccess::program(schema)->root, instance, false) && !e.errors_seen();
  } catch (const std::exception&) {
    return false;
  }
}

template <class View>
bool quick_clean(const Schema& schema, View instance, const ValidateOptions& options, std::size_t* work) {
  *work = 0;
  if (!schema.ok()) return false;
  try {
    Evaluator<View> e(*SchemaAccess::program(schema), options, nullptr);
    e.set_quick();
    const bool ok = e.eval(SchemaAccess::program(schema)->root, instance, true);
    *work = e.work();
    return ok && !e.errors_seen() && !e.reportable();
  } catch (const std::exception&) {
    return false;
  }
}

template ValidationResult validate_view<JsonView>(const Schema&, JsonView, const ValidateOptions&);
template ValidationResult validate_view<TapeView>(const Schema&, TapeView, const ValidateOptions&);
template void validate_view_into<JsonView>(const Schema&, JsonView, const ValidateOptions&, ValidationResult&);
template void validate_view_into<TapeView>(const Schema&, TapeView, const ValidateOptions&, ValidationResult&);
template bool is_valid_view<JsonView>(const Schema&, JsonView, const ValidateOptions&);
template bool is_valid_view<TapeView>(const Schema&, TapeView, const ValidateOptions&);
template bool quick_clean<JsonView>(const Schema&, JsonView, const ValidateOptions&, std::size_t*);
template bool quick_clean<TapeView>(const Schema&, TapeView, const ValidateOptions&, std::size_t*);

}  // namespace detail

ValidationResult validate(const Schema& schema, const nlohmann::json& instance, const ValidateOptions& options) {
  return detail::validate_view(schema, detail::JsonView(instance), options);
}

bool is_valid(const Schema& schema, const nlohmann::json& instance, const ValidateOptions& options) {
  return detail::is_valid_view(schema, detail::JsonView(instance), options);
}

}  // namespace tokenguard
