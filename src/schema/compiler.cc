// Compiles a JSON Schema (draft 4, 6, 7, 2019-09, 2020-12) or an OpenAPI
// 3.0/3.1 schema into a Program. Each keyword has a handler, picked from one
// table by (keyword, dialect); a schema's keywords are handled in the
// document's order, then a few rules that tie keywords together (if with
// then and else, items with prefixItems, exclusive bounds in draft 4) run
// once all are in.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include "key_fold.h"
#include "schema/documents.h"
#include "pointer.h"
#include "schema/program.h"
#include "schema/simplify.h"
#include "schema/uri_reference.h"
#include "text.h"
#include "tokenguard/schema.h"

namespace tokenguard {
namespace detail {

int find_property(const Node& node, std::string_view name) noexcept {
  const auto it = std::lower_bound(node.properties.begin(), node.properties.end(), name,
                                   [](const auto& p, std::string_view n) { return p.first < n; });
  return it != node.properties.end() && it->first == name ? it->second : kNoNode;
}

Schema SchemaAccess::deferred(std::function<Schema()> compile) {
  Schema s;
  s.deferred_ = std::make_shared<Deferred>();
  s.deferred_->compile = std::move(compile);
  return s;
}

Schema SchemaAccess::make(std::shared_ptr<const Program> program, std::string error) {
  Schema s;
  s.program_ = std::move(program);
  s.error_ = std::move(error);
  return s;
}

namespace {

using json = nlohmann::json;

// Dialects as bits, for the keyword table.
enum : unsigned { kD4 = 1, kD6 = 2, kD7 = 4, kD2019 = 8, kD2020 = 16, kOas30 = 32, kOas31 = 64 };
constexpr unsigned kAny = 127;
constexpr unsigned k6Up = kD6 | kD7 | kD2019 | kD2020 | kOas31;
constexpr unsigned k7Up = kD7 | kD2019 | kD2020 | kOas31;
constexpr unsigned k2019Up = kD2019 | kD2020 | kOas31;
constexpr unsigned k2020Up = kD2020 | kOas31;
constexpr unsigned kUpTo7 = kD4 | kD6 | kD7 | kOas30;

unsigned bit_of(Dialect d) {
  switch (d) {
    case Dialect::kDraft4: return kD4;
    case Dialect::kDraft6: return kD6;
    case Dialect::kDraft7: return kD7;
    case Dialect::kDraft2019: return kD2019;
    case Dialect::kDraft2020: return kD2020;
    case Dialect::kOpenApi30: return kOas30;
    case Dialect::kOpenApi31: return kOas31;
    case Dialect::kAuto: return kD2020;
  }
  return kD2020;
}

std::optional<std::uint8_t> type_bit(std::string_view name) {
  if (name == "null") return kNull;
  if (name == "boolean") return kBoolean;
  if (name == "object") return kObject;
  if (name == "array") return kArray;
  if (name == "number") return kNumber;
  if (name == "string") return kString;
  if (name == "integer") return kInteger;
  return std::nullopt;
}


// Where a schema being compiled is.
struct Ctx {
  const Document* doc;
  std::string pointer;
  std::string base;
  Dialect dialect;
  bool validation = true;  // the validation vocabulary is on (a custom meta-schema may leave it out)
};

class Compiler;
using Handler = bool (*)(Compiler& c, Node& n, const json& value, const Ctx& ctx);

struct Keyword {
  std::string_view name;
  unsigned dialects;
  Handler handle;
  bool validation = false;  // belongs to the validation vocabulary
};

class Compiler {
 public:
  Compiler(Program& program, DocumentSet& documents, const SchemaOptions& options)
      : p_(program), docs_(documents), options_(options) {}

  // The node for the schema at `loc`, compiled once; kNoNode on error.
  int at(const Location& loc) {
    const auto key = std::make_pair(loc.document, loc.pointer);
    if (const auto it = by_location_.find(key); it != by_location_.end()) return it->second;
    const json* s = resolve(loc);
    if (s == nullptr) return fail("no schema at JSON Pointer \"" + loc.pointer.substr(0, 120) + "\"");
    const int index = static_cast<int>(p_.nodes.size());
    p_.nodes.emplace_back();
    by_location_.emplace(key, index);
    if (++depth_ > kMaxCompileDepth) return fail("schema nesting is deeper than 512 levels");
    const bool ok = fill(index, *s, Ctx{loc.document, loc.pointer, loc.base, loc.dialect, validation_});
    --depth_;
    return ok ? index : kNoNode;
  }

  // A subschema: the value of `key` (and, for maps and arrays, `entry`).
  int sub(const Ctx& ctx, std::string_view key, std::string_view entry = {}) {
    std::string pointer = child_pointer(ctx.pointer, key);
    if (!entry.empty()) pointer = child_pointer(pointer, entry);
    return at(Location{ctx.doc, pointer, ctx.base, ctx.dialect});
  }
  int sub_at(const Ctx& ctx, std::string_view key, std::string_view entry) {
    return at(Location{ctx.doc, child_pointer(child_pointer(ctx.pointer, key), entry), ctx.base, ctx.dialect});
  }

  // Resolves a reference against the base in effect and compiles its target.
  int reference(const std::string& ref, const Ctx& ctx, std::string* absolute_out = nullptr) {
    const std::string absolute = resolve_uri(ctx.base, ref);
    if (absolute_out != nullptr) *absolute_out = absolute;
    std::string why;
    const auto loc = docs_.locate(absolute, why, ctx.dialect);
    if (!loc) return fail("cannot resolve $ref \"" + ref.substr(0, 120) + "\" at \"" + ctx.pointer.substr(0, 120) + "\": " + why);
    return at(*loc);
  }

  int fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return kNoNode;
  }
  bool failed(std::string message) { return fail(std::move(message)) != kNoNode; }

  const std::string& error() const { return error_; }
  Program& program() { return p_; }
  DocumentSet& documents() { return docs_; }
  const SchemaOptions& options() const { return options_; }
  // The keyword whose handler runs (valid until that handler compiles a subschema).
  std::string_view keyword() const { return keyword_; }

  // A count keyword (minLength, maxItems, ...): a non-negative integer,
  // possibly written as a float (2.0). Values past what size_t holds mean
  // "no limit that can be reached" and are clamped, never cast out of range.
  bool count(const json& v, std::optional<std::size_t>& out, std::string_view keyword) {
    const auto bad = [&] { return failed("\"" + std::string(keyword) + "\" must be a non-negative integer"); };
    if (v.is_number_unsigned()) {
      out = static_cast<std::size_t>(v.get<std::uint64_t>());
      return true;
    }
    if (v.is_number_integer()) {
      if (v.get<std::int64_t>() < 0) return bad();
      out = static_cast<std::size_t>(v.get<std::int64_t>());
      return true;
    }
    if (!v.is_number_float()) return bad();
    const double d = v.get<double>();
    if (!(d >= 0) || d != std::floor(d)) return bad();
    out = d >= 18446744073709551615.0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(d);
    return true;
  }

  bool number(const json& v, std::optional<double>& out, std::string_view keyword) {
    if (!v.is_number()) return failed("\"" + std::string(keyword) + "\" must be a number");
    out = v.get<double>();
    return true;
  }

  // A bound keeps the number as written: an integer stays exact.
  bool bound(const json& v, std::optional<NumberValue>& out, std::string_view keyword) {
    if (!v.is_number()) return failed("\"" + std::string(keyword) + "\" must be a number");
    out = JsonView(v).number();
    return true;
  }

  bool schema_list(const json& v, const Ctx& ctx, std::string_view keyword, std::vector<int>& out) {
    if (!v.is_array() || v.empty()) return failed("\"" + std::string(keyword) + "\" must be a non-empty array of schemas");
    for (std::size_t i = 0; i < v.size(); ++i) {
      const int n = sub_at(ctx, keyword, std::to_string(i));
      if (n == kNoNode) return false;
      out.push_back(n);
    }
    return true;
  }

  // A pattern neither engine compiles is kept, unchecked, with a
  // diagnostic: the rest of the schema still compiles and checks.
  int regex(const std::string& pattern, const Ctx& ctx, std::string_view keyword) {
    PatternLimits limits;
    limits.match_limit = options_.pattern_match_limit;
    Pattern compiled = Pattern::compile(pattern, limits);
    if (!compiled.ok())
      diagnose(ctx, keyword, "pattern " + quoted(pattern, 80) + " is not checked: " + compiled.error());
    p_.patterns.push_back(std::move(compiled));
    return static_cast<int>(p_.patterns.size()) - 1;
  }

  void diagnose(const Ctx& ctx, std::string_view keyword, std::string message) {
    std::string where = ctx.doc->uri + "#" + ctx.pointer;
    append_pointer_token(where, keyword);
    p_.diagnostics.push_back(SchemaDiagnostic{std::move(where), std::string(keyword), std::move(message)});
  }

  void note_dynamic_name(const std::string& name) { dynamic_names_.insert(name); }

  // The resource with this URI, made on first use.
  int resource_index(const std::string& uri) {
    if (const auto it = resource_by_uri_.find(uri); it != resource_by_uri_.end()) return it->second;
    const int index = static_cast<int>(p_.resources.size());
    Resource r;
    r.uri = uri;
    p_.resources.push_back(std::move(r));
    resource_by_uri_.emplace(uri, index);
    return index;
  }

  // Every resource's dynamic anchors that a $dynamicRef may reach, compiled
  // (repeated while compiling them brings in more resources).
  bool finish_dynamic() {
    if (dynamic_names_.empty()) return true;
    for (std::size_t r = 0; r < p_.resources.size(); ++r) {
      for (const std::string& name : dynamic_names_) {
        const auto loc = docs_.dynamic_anchor(p_.resources[r].uri, name);
        if (!loc) continue;
        const int node = at(*loc);
        if (node == kNoNode) return false;
        p_.resources[r].dynamic_anchors.emplace_back(name, node);
      }
    }
    return true;
  }

  // OpenAPI allOf composition: the property names each allOf may carry.
  void collect_allof_names() {
    for (std::size_t i = 0; i < p_.nodes.size(); ++i) {
      if (p_.nodes[i].all_of.empty()) continue;
      std::set<std::string> names;
      std::set<int> seen;
      collect_names(static_cast<int>(i), names, seen);
      p_.nodes[i].allof_known.assign(names.begin(), names.end());
    }
  }

 private:
  static constexpr int kMaxCompileDepth = 512;
  static const Keyword kKeywords[];

  const json* resolve(const Location& loc) {
    try {
      const json::json_pointer ptr(loc.pointer);
      if (!loc.document->root->contains(ptr)) return nullptr;
      return &loc.document->root->at(ptr);
    } catch (const std::exception&) {
      return nullptr;
    }
  }

  void collect_names(int index, std::set<std::string>& names, std::set<int>& seen) {
    if (index == kNoNode || !seen.insert(index).second) return;
    const Node& n = p_.nodes[static_cast<std::size_t>(index)];
    if (n.ref != kNoNode) return collect_names(n.ref, names, seen);
    for (const auto& [name, child] : n.properties) names.insert(name);
    for (const int b : n.all_of) collect_names(b, names, seen);
  }

  bool fill(int index, const json& s, Ctx ctx);

  // A custom meta-schema's $vocabulary: the validation vocabulary may be
  // left out, and its keywords then assert nothing (2019-09 and later).
  void vocabularies(const std::string& meta_uri, Ctx& ctx) {
    std::string why;
    const auto loc = docs_.locate(meta_uri, why, ctx.dialect);
    if (!loc) return;
    const json* meta = resolve(*loc);
    if (meta == nullptr || !meta->is_object()) return;
    if (const auto d = meta->find("$schema"); d != meta->end() && d->is_string()) {
      const Dialect named = DocumentSet::dialect_of_schema_uri(d->get_ref<const std::string&>());
      if (named != Dialect::kAuto) ctx.dialect = named;
    }
    const auto vocab = meta->find("$vocabulary");
    if (vocab == meta->end() || !vocab->is_object()) return;
    bool validation = false;
    for (const auto& [uri, required] : vocab->items())
      validation = validation || uri.find("/vocab/validation") != std::string::npos;
    ctx.validation = validation;
  }
  bool finish_node(Node& n, const json& s, const Ctx& ctx);

  Program& p_;
  DocumentSet& docs_;
  const SchemaOptions& options_;
  std::string_view keyword_;
  std::map<std::pair<const Document*, std::string>, int> by_location_;
  std::set<std::string> dynamic_names_;
  std::map<std::string, int> resource_by_uri_;
  bool validation_ = true;
  std::string error_;
  int depth_ = 0;
};

bool is_2019_or_later(Dialect d) { return (bit_of(d) & k2019Up) != 0; }
bool is_draft4_like(Dialect d) { return d == Dialect::kDraft4 || d == Dialect::kOpenApi30; }

// --- one small handler per keyword ----------------------------------------

bool kw_type(Compiler& c, Node& n, const json& v, const Ctx&) {
  const auto add = [&](const json& t) {
    const auto bit = t.is_string() ? type_bit(t.get_ref<const std::string&>()) : std::nullopt;
    if (!bit) return c.failed("unknown type " + t.dump().substr(0, 60));
    n.types |= *bit;
    return true;
  };
  if (!v.is_array()) return add(v);
  for (const auto& t : v)
    if (!add(t)) return false;
  return true;
}
bool kw_enum(Compiler& c, Node& n, const json& v, const Ctx&) {
  if (!v.is_array()) return c.failed("\"enum\" must be an array");
  n.enum_values = v;
  return true;
}
bool kw_const(Compiler&, Node& n, const json& v, const Ctx&) {
  n.const_value = v;
  return true;
}
bool kw_minimum(Compiler& c, Node& n, const json& v, const Ctx&) { return c.bound(v, n.minimum, "minimum"); }
bool kw_maximum(Compiler& c, Node& n, const json& v, const Ctx&) { return c.bound(v, n.maximum, "maximum"); }
bool kw_exclusive_minimum(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (is_draft4_like(ctx.dialect)) return v.is_boolean() || c.failed("\"exclusiveMinimum\" must be a boolean");
  return c.bound(v, n.exclusive_minimum, "exclusiveMinimum");
}
bool kw_exclusive_maximum(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (is_draft4_like(ctx.dialect)) return v.is_boolean() || c.failed("\"exclusiveMaximum\" must be a boolean");
  return c.bound(v, n.exclusive_maximum, "exclusiveMaximum");
}
bool kw_multiple_of(Compiler& c, Node& n, const json& v, const Ctx&) {
  if (!c.number(v, n.multiple_of, "multipleOf") || *n.multiple_of <= 0)
    return c.failed("\"multipleOf\" must be a number above 0");
  return true;
}
bool kw_min_length(Compiler& c, Node& n, const json& v, const Ctx&) { return c.count(v, n.min_length, "minLength"); }
bool kw_max_length(Compiler& c, Node& n, const json& v, const Ctx&) { return c.count(v, n.max_length, "maxLength"); }
bool kw_pattern(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_string()) return c.failed("\"pattern\" must be a string");
  n.pattern = c.regex(v.get<std::string>(), ctx, "pattern");
  return true;
}
bool kw_format(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_string()) return c.failed("\"format\" must be a string");
  n.format_name = v.get<std::string>();
  const FormatRule* rule = find_format(n.format_name, ctx.dialect == Dialect::kDraft4 || ctx.dialect == Dialect::kDraft6 ||
                                                          ctx.dialect == Dialect::kOpenApi30);
  auto& unknown = c.program().unknown_formats;
  if (rule == nullptr) {
    if (std::find(unknown.begin(), unknown.end(), n.format_name) == unknown.end()) unknown.push_back(n.format_name);
    c.diagnose(ctx, "format", "format " + quoted(n.format_name, 60) + " is not one tokenguard knows: not checked");
    return true;
  }
  const auto mode = c.options().formats;
  const bool annotates_by_default = c.program().dialect_declared && !c.program().openapi &&
                                    (ctx.dialect == Dialect::kDraft2019 || ctx.dialect == Dialect::kDraft2020);
  const bool asserts = mode == SchemaOptions::Formats::kAssert ||
                       (mode == SchemaOptions::Formats::kDefault && !annotates_by_default);
  n.format = asserts && rule->kind != FormatKind::kAnnotation ? rule : nullptr;
  return true;
}
bool kw_items(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (v.is_array() && (bit_of(ctx.dialect) & k2020Up) == 0) {
    n.items_tuple = true;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const int item = c.sub_at(ctx, "items", std::to_string(i));
      if (item == kNoNode) return false;
      n.items_array.push_back(item);
    }
    return true;
  }
  n.items = c.sub(ctx, "items");  // 2020-12: moved past prefixItems in finish_node
  return n.items != kNoNode;
}
bool kw_prefix_items(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  n.items_tuple = true;
  return c.schema_list(v, ctx, "prefixItems", n.items_array);
}
// A keyword whose value is one schema, compiled into `Field`.
template <int Node::*Field>
bool kw_subschema(Compiler& c, Node& n, const json&, const Ctx& ctx) {
  n.*Field = c.sub(ctx, c.keyword());
  return n.*Field != kNoNode;
}
bool kw_min_items(Compiler& c, Node& n, const json& v, const Ctx&) { return c.count(v, n.min_items, "minItems"); }
bool kw_max_items(Compiler& c, Node& n, const json& v, const Ctx&) { return c.count(v, n.max_items, "maxItems"); }
bool kw_unique_items(Compiler&, Node& n, const json& v, const Ctx&) {
  n.unique_items = v.is_boolean() && v.get<bool>();
  return true;
}
bool kw_contains(Compiler& c, Node& n, const json&, const Ctx& ctx) {
  n.contains = c.sub(ctx, "contains");
  n.contains_annotates = (bit_of(ctx.dialect) & k2020Up) != 0;
  return n.contains != kNoNode;
}
bool kw_min_contains(Compiler& c, Node& n, const json& v, const Ctx&) { return c.count(v, n.min_contains, "minContains"); }
bool kw_max_contains(Compiler& c, Node& n, const json& v, const Ctx&) { return c.count(v, n.max_contains, "maxContains"); }
bool kw_properties(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_object()) return c.failed("\"properties\" must be an object");
  for (const auto& [name, ignored] : v.items()) {
    const int child = c.sub_at(ctx, "properties", name);
    if (child == kNoNode) return false;
    n.properties.emplace_back(name, child);
  }
  std::sort(n.properties.begin(), n.properties.end());
  return true;
}
bool kw_pattern_properties(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_object()) return c.failed("\"patternProperties\" must be an object");
  for (const auto& [pattern, ignored] : v.items()) {
    const int re = c.regex(pattern, ctx, "patternProperties");
    const int child = c.sub_at(ctx, "patternProperties", pattern);
    if (child == kNoNode) return false;
    n.pattern_properties.emplace_back(re, child);
  }
  return true;
}
bool kw_required(Compiler& c, Node& n, const json& v, const Ctx&) {
  // OpenAPI and draft 3 style `required: true` on a property is not JSON
  // Schema 4+; a boolean is ignored, anything else refused.
  if (v.is_boolean()) return true;
  if (!v.is_array()) return c.failed("\"required\" must be an array of strings");
  for (const auto& r : v) {
    if (!r.is_string()) return c.failed("\"required\" must be an array of strings");
    n.required.push_back(r.get<std::string>());
  }
  return true;
}
bool kw_min_properties(Compiler& c, Node& n, const json& v, const Ctx&) {
  return c.count(v, n.min_properties, "minProperties");
}
bool kw_max_properties(Compiler& c, Node& n, const json& v, const Ctx&) {
  return c.count(v, n.max_properties, "maxProperties");
}
bool dependent_required(Compiler& c, Node& n, const std::string& name, const json& dep) {
  std::vector<std::string> names;
  for (const auto& d : dep) {
    if (!d.is_string()) return c.failed("a dependency's array must hold strings");
    names.push_back(d.get<std::string>());
  }
  n.dependencies_required.emplace_back(name, std::move(names));
  return true;
}
bool kw_dependencies(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_object()) return c.failed("\"dependencies\" must be an object");
  for (const auto& [name, dep] : v.items()) {
    if (dep.is_array()) {
      if (!dependent_required(c, n, name, dep)) return false;
    } else {
      const int child = c.sub_at(ctx, "dependencies", name);
      if (child == kNoNode) return false;
      n.dependencies_schema.emplace_back(name, child);
    }
  }
  return true;
}
bool kw_dependent_required(Compiler& c, Node& n, const json& v, const Ctx&) {
  if (!v.is_object()) return c.failed("\"dependentRequired\" must be an object");
  for (const auto& [name, dep] : v.items()) {
    if (!dep.is_array()) return c.failed("\"dependentRequired\" values must be arrays of strings");
    if (!dependent_required(c, n, name, dep)) return false;
  }
  return true;
}
bool kw_dependent_schemas(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_object()) return c.failed("\"dependentSchemas\" must be an object");
  for (const auto& [name, ignored] : v.items()) {
    const int child = c.sub_at(ctx, "dependentSchemas", name);
    if (child == kNoNode) return false;
    n.dependencies_schema.emplace_back(name, child);
  }
  return true;
}
bool kw_all_of(Compiler& c, Node& n, const json& v, const Ctx& ctx) { return c.schema_list(v, ctx, "allOf", n.all_of); }
bool kw_any_of(Compiler& c, Node& n, const json& v, const Ctx& ctx) { return c.schema_list(v, ctx, "anyOf", n.any_of); }
bool kw_one_of(Compiler& c, Node& n, const json& v, const Ctx& ctx) { return c.schema_list(v, ctx, "oneOf", n.one_of); }
bool kw_nullable(Compiler&, Node& n, const json& v, const Ctx&) {
  n.nullable = v.is_boolean() && v.get<bool>();
  return true;
}
bool kw_read_only(Compiler&, Node& n, const json& v, const Ctx&) {
  n.read_only = v.is_boolean() && v.get<bool>();
  return true;
}
bool kw_write_only(Compiler&, Node& n, const json& v, const Ctx&) {
  n.write_only = v.is_boolean() && v.get<bool>();
  return true;
}
// 2019-09 and later: $ref is one keyword among the others.
bool kw_ref_in_place(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_string()) return c.failed("\"$ref\" must be a string");
  n.ref_in_place = c.reference(v.get<std::string>(), ctx);
  return n.ref_in_place != kNoNode;
}
bool kw_dynamic_ref(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_string()) return c.failed("\"$dynamicRef\" must be a string");
  std::string absolute;
  n.dynamic_ref = c.reference(v.get<std::string>(), ctx, &absolute);
  if (n.dynamic_ref == kNoNode) return false;
  // Dynamic only when the initial target is a $dynamicAnchor of that name.
  const std::string_view fragment = fragment_of(absolute);
  if (!fragment.empty() && fragment[0] != '/' &&
      c.documents().dynamic_anchor(std::string(without_fragment(absolute)), fragment)) {
    n.dynamic_name = std::string(fragment);
    c.note_dynamic_name(n.dynamic_name);
    c.program().uses_dynamic_scope = true;
  }
  return true;
}
bool kw_recursive_ref(Compiler& c, Node& n, const json& v, const Ctx& ctx) {
  if (!v.is_string()) return c.failed("\"$recursiveRef\" must be a string");
  std::string absolute;
  n.dynamic_ref = c.reference(v.get<std::string>(), ctx, &absolute);
  if (n.dynamic_ref == kNoNode) return false;
  if (c.documents().recursive_anchor(std::string(without_fragment(absolute)))) {
    n.recursive_ref = true;
    c.program().uses_dynamic_scope = true;
  }
  return true;
}

}  // namespace

const Keyword Compiler::kKeywords[] = {
    {"type", kAny, kw_type, true},
    {"enum", kAny, kw_enum, true},
    {"const", k6Up, kw_const, true},
    {"minimum", kAny, kw_minimum, true},
    {"maximum", kAny, kw_maximum, true},
    {"exclusiveMinimum", kAny, kw_exclusive_minimum, true},
    {"exclusiveMaximum", kAny, kw_exclusive_maximum, true},
    {"multipleOf", kAny, kw_multiple_of, true},
    {"minLength", kAny, kw_min_length, true},
    {"maxLength", kAny, kw_max_length, true},
    {"pattern", kAny, kw_pattern, true},
    {"format", kAny, kw_format},
    {"items", kAny, kw_items},
    {"prefixItems", k2020Up, kw_prefix_items},
    {"additionalItems", kUpTo7 | kD2019, kw_subschema<&Node::additional_items>},
    {"minItems", kAny, kw_min_items, true},
    {"maxItems", kAny, kw_max_items, true},
    {"uniqueItems", kAny, kw_unique_items, true},
    {"contains", k6Up, kw_contains},
    {"minContains", k2019Up, kw_min_contains, true},
    {"maxContains", k2019Up, kw_max_contains, true},
    {"properties", kAny, kw_properties},
    {"patternProperties", kAny, kw_pattern_properties},
    {"additionalProperties", kAny, kw_subschema<&Node::additional_properties>},
    {"required", kAny, kw_required, true},
    {"minProperties", kAny, kw_min_properties, true},
    {"maxProperties", kAny, kw_max_properties, true},
    {"propertyNames", k6Up, kw_subschema<&Node::property_names>},
    {"dependencies", kUpTo7, kw_dependencies},
    {"dependentRequired", k2019Up, kw_dependent_required, true},
    {"dependentSchemas", k2019Up, kw_dependent_schemas},
    {"allOf", kAny, kw_all_of},
    {"anyOf", kAny, kw_any_of},
    {"oneOf", kAny, kw_one_of},
    {"not", kAny, kw_subschema<&Node::not_>},
    {"if", k7Up, kw_subschema<&Node::if_>},
    {"then", k7Up, kw_subschema<&Node::then_>},
    {"else", k7Up, kw_subschema<&Node::else_>},
    {"unevaluatedProperties", k2019Up, kw_subschema<&Node::unevaluated_properties>},
    {"unevaluatedItems", k2019Up, kw_subschema<&Node::unevaluated_items>},
    {"nullable", kOas30, kw_nullable},
    {"readOnly", kAny, kw_read_only},
    {"writeOnly", kAny, kw_write_only},
    {"$ref", k2019Up, kw_ref_in_place},
    {"$dynamicRef", k2020Up, kw_dynamic_ref},
    {"$recursiveRef", kD2019, kw_recursive_ref},
    // Everything else (title, description, examples, default, x-*,
    // discriminator, $defs, definitions, $schema, $id, $anchor, ...) is an
    // annotation or a place other schemas refer to.
};

bool Compiler::fill(int index, const json& s, Ctx ctx) {
  Node n;
  if (s.is_boolean()) {
    n.always_true = s.get<bool>();
    n.always_false = !n.always_true;
    p_.nodes[static_cast<std::size_t>(index)] = std::move(n);
    return true;
  }
  if (!s.is_object()) return failed("schema at \"" + ctx.pointer.substr(0, 120) + "\" is not an object");

  // $schema and $id: the dialect and the base URI of this schema and below.
  if (const auto it = s.find("$schema"); it != s.end() && it->is_string()) {
    const std::string& uri = it->get_ref<const std::string&>();
    const Dialect named = DocumentSet::dialect_of_schema_uri(uri);
    if (named != Dialect::kAuto && !(ctx.doc->openapi && ctx.dialect == Dialect::kOpenApi30)) ctx.dialect = named;
    if (named == Dialect::kAuto && is_2019_or_later(ctx.dialect)) vocabularies(uri, ctx);
  }
  const bool dollar_id = !is_draft4_like(ctx.dialect);
  const bool id_ignored = !is_2019_or_later(ctx.dialect) && s.contains("$ref");
  if (const auto it = s.find(dollar_id ? "$id" : "id"); it != s.end() && it->is_string() && !id_ignored) {
    const std::string& id = it->get_ref<const std::string&>();
    if (!id.empty() && id[0] != '#') ctx.base = std::string(without_fragment(resolve_uri(ctx.base, id)));
  }
  // Every schema belongs to the resource its base names; the dynamic scope
  // is made of these (a $ref into the middle of a resource enters it).
  n.resource = resource_index(ctx.base);
  if (ctx.dialect == Dialect::kDraft2019)
    if (const auto it = s.find("$recursiveAnchor"); it != s.end() && it->is_boolean() && it->get<bool>())
      if (p_.resources[static_cast<std::size_t>(n.resource)].recursive_anchor == kNoNode)
        p_.resources[static_cast<std::size_t>(n.resource)].recursive_anchor = index;

  // Up to draft 7 (and in OpenAPI 3.0), $ref replaces its siblings, except,
  // in OpenAPI documents, readOnly and writeOnly, kept for the direction
  // rules (OpenAPI 3.1 allows them there, and generators write them so).
  if (const auto it = s.find("$ref"); it != s.end() && !is_2019_or_later(ctx.dialect)) {
    if (!it->is_string()) return failed("\"$ref\" must be a string");
    const int target = reference(it->get<std::string>(), ctx);
    if (target == kNoNode) return false;
    Node& r = p_.nodes[static_cast<std::size_t>(index)];
    r.ref = target;
    r.resource = n.resource;
    if (p_.openapi) {
      const auto flag = [&s](const char* key) {
        const auto f = s.find(key);
        return f != s.end() && f->is_boolean() && f->get<bool>();
      };
      r.read_only = flag("readOnly");
      r.write_only = flag("writeOnly");
    }
    return true;
  }

  const unsigned dialect = bit_of(ctx.dialect);
  const bool saved_validation = validation_;
  validation_ = ctx.validation;  // for the subschemas compiled below
  for (const auto& [key, value] : s.items()) {
    for (const Keyword& k : kKeywords) {
      if (k.name != key) continue;
      keyword_ = k.name;
      if ((k.dialects & dialect) != 0 && (ctx.validation || !k.validation) && !k.handle(*this, n, value, ctx)) {
        validation_ = saved_validation;
        return false;
      }
      break;
    }
  }
  validation_ = saved_validation;
  if (!finish_node(n, s, ctx)) return false;
  n.always_true = s.empty();
  p_.nodes[static_cast<std::size_t>(index)] = std::move(n);
  return true;
}

// The rules that tie keywords together, and the node's check bits.
bool Compiler::finish_node(Node& n, const json& s, const Ctx& ctx) {
  if (is_draft4_like(ctx.dialect)) {  // boolean exclusive bounds turn the bound exclusive
    if (s.value("exclusiveMinimum", false) && n.minimum) {
      n.exclusive_minimum = n.minimum;
      n.minimum.reset();
    }
    if (s.value("exclusiveMaximum", false) && n.maximum) {
      n.exclusive_maximum = n.maximum;
      n.maximum.reset();
    }
  }
  if ((bit_of(ctx.dialect) & k2020Up) != 0 && n.items_tuple && n.items != kNoNode) {
    n.additional_items = n.items;  // 2020-12: items applies past prefixItems
    n.items = kNoNode;
  }
  if (n.if_ == kNoNode) n.then_ = n.else_ = kNoNode;
  if (n.contains == kNoNode) n.min_contains = n.max_contains = std::nullopt;
  for (const auto& [name, child] : n.properties)
    n.property_required.push_back(std::find(n.required.begin(), n.required.end(), name) != n.required.end());
  for (const std::string& r : n.required)
    if (find_property(n, r) == kNoNode) n.required_undeclared.push_back(r);
  for (std::size_t i = 0; i < n.properties.size(); ++i)
    n.property_folds.emplace_back(fold_hash(n.properties[i].first), static_cast<int>(i));
  std::sort(n.property_folds.begin(), n.property_folds.end());
  for (const auto& [name, child] : n.properties) {
    n.fold_filter |= ascii_fold_filter_bit(name);
    n.folds_ascii = n.folds_ascii && is_ascii(name);
    n.folds_lower = n.folds_lower && ascii_case(name) == 0;
  }
  n.checks = ((n.types != 0 || n.nullable) ? kHasType : 0u) | ((n.enum_values || n.const_value) ? kHasValue : 0u) |
             ((n.min_length || n.max_length || n.pattern >= 0 || (n.format && n.format->kind == FormatKind::kString)) ? kHasString : 0u) |
             ((n.minimum || n.maximum || n.exclusive_minimum || n.exclusive_maximum || n.multiple_of ||
               (n.format && n.format->kind == FormatKind::kNumber)) ? kHasNumber : 0u) |
             ((n.items != kNoNode || n.items_tuple || n.min_items || n.max_items || n.unique_items ||
               n.contains != kNoNode || n.additional_items != kNoNode)
                  ? kHasArray
                  : 0u) |
             ((!n.properties.empty() || !n.required.empty() || !n.pattern_properties.empty() ||
               n.additional_properties != kNoNode || n.min_properties || n.max_properties ||
               n.property_names != kNoNode || !n.dependencies_required.empty() || !n.dependencies_schema.empty())
                  ? kHasObject
                  : 0u) |
             ((!n.all_of.empty() || !n.any_of.empty() || !n.one_of.empty() || n.not_ != kNoNode || n.if_ != kNoNode)
                  ? kHasCombinator
                  : 0u) |
             ((n.min_properties || n.max_properties) ? kHasObjectBounds : 0u) |
             ((!n.dependencies_required.empty() || !n.dependencies_schema.empty()) ? kHasDependencies : 0u) |
             ((n.min_items || n.max_items || n.unique_items) ? kHasArrayBounds : 0u) |
             ((n.ref_in_place != kNoNode || n.dynamic_ref != kNoNode) ? kHasInPlace : 0u) |
             ((n.unevaluated_properties != kNoNode || n.unevaluated_items != kNoNode) ? kHasUnevaluated : 0u);
  n.scan_members =
      n.additional_properties != kNoNode || !n.pattern_properties.empty() || n.property_names != kNoNode;
  return true;
}

namespace {

Dialect detect_dialect(const json& document) {
  if (document.is_object()) {
    if (const auto it = document.find("openapi"); it != document.end() && it->is_string()) {
      if (it->get_ref<const std::string&>().rfind("3.1", 0) == 0) {
        if (const auto d = document.find("jsonSchemaDialect"); d != document.end() && d->is_string()) {
          const Dialect named = DocumentSet::dialect_of_schema_uri(d->get_ref<const std::string&>());
          if (named != Dialect::kAuto && named != Dialect::kDraft2020) return named;
        }
        return Dialect::kOpenApi31;
      }
      return Dialect::kOpenApi30;
    }
    if (const auto it = document.find("$schema"); it != document.end() && it->is_string()) {
      const Dialect named = DocumentSet::dialect_of_schema_uri(it->get_ref<const std::string&>());
      if (named != Dialect::kAuto) return named;
    }
  }
  return Dialect::kDraft2020;
}

// Compiles the schema at `loc` into a fresh program over `documents`.
Schema compile_location(std::shared_ptr<DocumentSet> documents, const Location& loc, const SchemaOptions& options) {
  auto program = std::make_shared<Program>();
  program->document = loc.document->root;
  program->documents = documents;
  program->dialect = loc.dialect;
  program->openapi = loc.document->openapi || loc.dialect == Dialect::kOpenApi30 || loc.dialect == Dialect::kOpenApi31;
  program->dialect_declared = options.dialect != Dialect::kAuto ||
                              (loc.document->root->is_object() && loc.document->root->contains("$schema"));
  Compiler compiler(*program, *documents, options);
  program->root = compiler.at(loc);
  if (program->root == kNoNode || !compiler.finish_dynamic())
    return SchemaAccess::make(nullptr, compiler.error().empty() ? "schema did not compile" : compiler.error());
  if (program->openapi && options.merge_allof_properties) compiler.collect_allof_names();
  // readOnly/writeOnly seen through $ref chains, for the direction rules.
  for (auto& node : program->nodes) {
    const Node* t = &node;
    node.effective_read_only = node.read_only;
    node.effective_write_only = node.write_only;
    for (int hops = 0; t->ref != kNoNode && hops < 64; ++hops) {
      t = &program->nodes[static_cast<std::size_t>(t->ref)];
      node.effective_read_only = node.effective_read_only || t->read_only;
      node.effective_write_only = node.effective_write_only || t->write_only;
    }
  }
  simplify(*program);
  return SchemaAccess::make(std::move(program));
}

}  // namespace

Schema compile_in(std::shared_ptr<DocumentSet> documents, const std::string& document_uri, const std::string& pointer,
                  const SchemaOptions& options) {
  try {
    const Document* doc = documents->find(document_uri);
    if (doc == nullptr) return SchemaAccess::make(nullptr, "no document \"" + document_uri.substr(0, 120) + "\"");
    Location loc = documents->location_of(*doc, pointer);
    if (options.dialect != Dialect::kAuto && !doc->openapi) loc.dialect = options.dialect;
    return compile_location(std::move(documents), loc, options);
  } catch (const std::exception& e) {
    return SchemaAccess::make(nullptr, std::string("schema did not compile: ") + e.what());
  }
}

}  // namespace detail

Schema Schema::compile(const nlohmann::json& document, std::string_view pointer, const SchemaOptions& options) {
  try {
    return compile(std::make_shared<const nlohmann::json>(document), pointer, options);
  } catch (const std::exception& e) {
    return detail::SchemaAccess::make(nullptr, std::string("schema did not compile: ") + e.what());
  }
}

Schema Schema::compile(std::shared_ptr<const nlohmann::json> document, std::string_view pointer,
                       const SchemaOptions& options) {
  if (document == nullptr) return detail::SchemaAccess::make(nullptr, "no schema document");
  try {
    const Dialect dialect = options.dialect == Dialect::kAuto ? detail::detect_dialect(*document) : options.dialect;
    const bool openapi = dialect == Dialect::kOpenApi30 || dialect == Dialect::kOpenApi31 ||
                         (document->is_object() && document->contains("openapi"));
    auto documents = std::make_shared<detail::DocumentSet>(options.loader);
    const detail::Document* doc = documents->add(options.base_uri, std::move(document), dialect, openapi);
    detail::Location loc = documents->location_of(*doc, std::string(pointer));
    return detail::compile_location(std::move(documents), loc, options);
  } catch (const std::exception& e) {
    return detail::SchemaAccess::make(nullptr, std::string("schema did not compile: ") + e.what());
  }
}

namespace detail {
namespace {
std::uint8_t types_of(const Program& p, int index, int depth) {
  if (index == kNoNode || depth > 16) return 0;
  const Node* n = &p.nodes[static_cast<std::size_t>(index)];
  for (int hops = 0; n->ref != kNoNode && hops < 64; ++hops) n = &p.nodes[static_cast<std::size_t>(n->ref)];
  if (n->types != 0) return n->types;
  if (n->ref_in_place != kNoNode) {
    if (const std::uint8_t t = types_of(p, n->ref_in_place, depth + 1)) return t;
  }
  std::uint8_t out = 0;
  for (const auto* list : {&n->all_of, &n->any_of, &n->one_of})
    for (const int b : *list) {
      const std::uint8_t t = types_of(p, b, depth + 1);
      if (t == 0) return 0;
      out = static_cast<std::uint8_t>(out | t);
    }
  return out;
}
}  // namespace

std::uint8_t root_types(const Schema& schema) {
  const Program* p = SchemaAccess::program(schema);
  return p == nullptr ? 0 : types_of(*p, p->root, 0);
}
}  // namespace detail

const detail::Program* Schema::resolve() const noexcept {
  detail::Deferred& d = *deferred_;
  if (d.done.load(std::memory_order_acquire)) [[likely]]
    return d.program.get();
  try {
    std::call_once(d.once, [&d] {
      Schema s;
      try {
        s = d.compile();
      } catch (const std::exception& e) {
        s = detail::SchemaAccess::make(nullptr, std::string("schema did not compile: ") + e.what());
      }
      d.program = s.program_;
      d.error = s.program_ ? std::string() : s.error();
      d.compile = nullptr;
      d.done.store(true, std::memory_order_release);
    });
  } catch (...) {
    return nullptr;
  }
  return d.program.get();
}

const std::string& Schema::error() const noexcept {
  if (!deferred_) return error_;
  (void)resolve();
  return deferred_->error;
}

bool Schema::compiled() const noexcept {
  if (!deferred_) return true;
  return deferred_->done.load(std::memory_order_acquire);
}

const std::vector<std::string>& Schema::unknown_formats() const noexcept {
  static const std::vector<std::string> kNone;
  const detail::Program* p = program();
  return p != nullptr ? p->unknown_formats : kNone;
}

const std::vector<SchemaDiagnostic>& Schema::diagnostics() const noexcept {
  static const std::vector<SchemaDiagnostic> kNone;
  const detail::Program* p = program();
  return p != nullptr ? p->diagnostics : kNone;
}

Dialect Schema::dialect() const noexcept {
  const detail::Program* p = program();
  return p != nullptr ? p->dialect : Dialect::kAuto;
}

}  // namespace tokenguard
