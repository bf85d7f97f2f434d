// Compiles a JSON Schema (draft 4/6/7) or OpenAPI 3.0 schema into a Program.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include "key_fold.h"
#include "schema_program.h"
#include "uri.h"
#include "tokenguard/schema.h"

namespace tokenguard {
namespace detail {

int find_property(const Node& node, std::string_view name) noexcept {
  const auto it = std::lower_bound(node.properties.begin(), node.properties.end(), name,
                                   [](const auto& p, std::string_view n) { return p.first < n; });
  return it != node.properties.end() && it->first == name ? it->second : kNoNode;
}

namespace {

using json = nlohmann::json;

Format format_of(std::string_view name) {
  if (name == "date-time") return Format::kDateTime;
  if (name == "date") return Format::kDate;
  if (name == "time") return Format::kTime;
  if (name == "uuid") return Format::kUuid;
  if (name == "ipv4") return Format::kIpv4;
  if (name == "ipv6") return Format::kIpv6;
  if (name == "cidr") return Format::kCidr;
  if (name == "cloudflare-identifier") return Format::kCloudflareIdentifier;
  if (name == "go-duration") return Format::kGoDuration;
  if (name == "go-duration-or-forever") return Format::kGoDurationOrForever;
  return Format::kUnknown;
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

// Decodes %XX escapes of a URI fragment.
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  if (!detail::percent_decode(s, out)) return std::nullopt;
  return out;
}

std::string child_pointer(const std::string& parent, std::string_view key) {
  std::string p = parent;
  append_pointer_token(p, key);
  return p;
}

class Compiler {
 public:
  explicit Compiler(Program& program) : p_(program) {}

  // The node for the schema at `pointer`, compiled once; kNoNode on error.
  int at(const std::string& pointer) {
    if (const auto it = by_pointer_.find(pointer); it != by_pointer_.end()) return it->second;
    const json* s = resolve(pointer);
    if (s == nullptr) return fail("no schema at JSON Pointer \"" + pointer + "\"");
    const int index = static_cast<int>(p_.nodes.size());
    p_.nodes.emplace_back();
    by_pointer_.emplace(pointer, index);
    if (++depth_ > kMaxCompileDepth) return fail("schema nesting is deeper than 512 levels");
    const bool ok = fill(index, *s, pointer);
    --depth_;
    return ok ? index : kNoNode;
  }

  const std::string& error() const { return error_; }

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

  int fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return kNoNode;
  }

  const json* resolve(const std::string& pointer) {
    try {
      const json::json_pointer ptr(pointer);
      if (!p_.document->contains(ptr)) return nullptr;
      return &p_.document->at(ptr);
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

  bool is_draft4_like() const {
    return p_.dialect == Dialect::kDraft4 || p_.dialect == Dialect::kOpenApi30;
  }

  // A subschema under `pointer`/`key`; false on error.
  bool sub(const std::string& pointer, std::string_view key, int& out) {
    out = at(child_pointer(pointer, key));
    return out != kNoNode;
  }

  // A count keyword (minLength, maxItems, ...): a non-negative integer,
  // possibly written as a float (2.0). Values past what size_t holds mean
  // "no limit that can be reached" and are clamped, never cast out of range.
  bool non_negative(const json& v, std::optional<std::size_t>& out, const char* keyword) {
    const auto bad = [&] {
      fail(std::string("\"") + keyword + "\" must be a non-negative integer");
      return false;
    };
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

  bool number(const json& v, std::optional<double>& out, const char* keyword) {
    if (!v.is_number()) {
      fail(std::string("\"") + keyword + "\" must be a number");
      return false;
    }
    out = v.get<double>();
    return true;
  }

  bool schema_list(const json& v, const std::string& pointer, const char* keyword, std::vector<int>& out) {
    if (!v.is_array() || v.empty()) {
      fail(std::string("\"") + keyword + "\" must be a non-empty array of schemas");
      return false;
    }
    const std::string base = child_pointer(pointer, keyword);
    for (std::size_t i = 0; i < v.size(); ++i) {
      const int n = at(child_pointer(base, std::to_string(i)));
      if (n == kNoNode) return false;
      out.push_back(n);
    }
    return true;
  }

  int regex(const std::string& pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok()) {
      fail("pattern \"" + pattern.substr(0, 80) + "\" is not supported: " + re->error());
      return -1;
    }
    p_.regexes.push_back(std::move(re));
    return static_cast<int>(p_.regexes.size()) - 1;
  }

  bool fill(int index, const json& s, const std::string& pointer) {
    Node n;
    if (s.is_boolean()) {
      n.always_true = s.get<bool>();
      n.always_false = !n.always_true;
      p_.nodes[static_cast<std::size_t>(index)] = std::move(n);
      return true;
    }
    if (!s.is_object()) return fail("schema at \"" + pointer + "\" is not an object") != kNoNode;

    if (const auto it = s.find("$ref"); it != s.end()) {
      if (!it->is_string()) return fail("\"$ref\" must be a string") != kNoNode;
      const std::string ref = it->get<std::string>();
      if (ref.empty() || ref[0] != '#' || (ref.size() > 1 && ref[1] != '/'))
        return fail("unsupported $ref \"" + ref.substr(0, 120) +
                    "\": only same-document JSON Pointer references (\"#/...\") are supported") != kNoNode;
      const auto decoded = percent_decode(std::string_view(ref).substr(1));
      if (!decoded) return fail("malformed $ref \"" + ref.substr(0, 120) + "\"") != kNoNode;
      const int target = at(*decoded);
      if (target == kNoNode) return false;
      // Draft 4-7: keywords beside $ref are ignored, except, in OpenAPI
      // documents, readOnly and writeOnly, kept for the direction rules
      // (OpenAPI 3.1 allows them there, and generators write them so).
      Node& r = p_.nodes[static_cast<std::size_t>(index)];
      r.ref = target;
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

    for (const auto& [key, v] : s.items()) {
      const std::string& k = key;
      if (k == "type") {
        const auto add = [&](const json& t) {
          const auto bit = t.is_string() ? type_bit(t.get<std::string>()) : std::nullopt;
          if (!bit) return fail("unknown type " + t.dump().substr(0, 60)) != kNoNode;
          n.types |= *bit;
          return true;
        };
        if (v.is_array()) {
          for (const auto& t : v)
            if (!add(t)) return false;
        } else if (!add(v)) {
          return false;
        }
      } else if (k == "enum") {
        if (!v.is_array()) return fail("\"enum\" must be an array") != kNoNode;
        n.enum_values = v;
      } else if (k == "const" && !is_draft4_like()) {
        n.const_value = v;
      } else if (k == "minimum") {
        if (!number(v, n.minimum, "minimum")) return false;
      } else if (k == "maximum") {
        if (!number(v, n.maximum, "maximum")) return false;
      } else if (k == "exclusiveMinimum" || k == "exclusiveMaximum") {
        if (is_draft4_like()) {
          if (!v.is_boolean()) return fail("\"" + k + "\" must be a boolean") != kNoNode;
        } else if (!number(v, k == "exclusiveMinimum" ? n.exclusive_minimum : n.exclusive_maximum,
                           k.c_str())) {
          return false;
        }
      } else if (k == "multipleOf") {
        if (!number(v, n.multiple_of, "multipleOf") || *n.multiple_of <= 0)
          return fail("\"multipleOf\" must be a number above 0") != kNoNode;
      } else if (k == "minLength") {
        if (!non_negative(v, n.min_length, "minLength")) return false;
      } else if (k == "maxLength") {
        if (!non_negative(v, n.max_length, "maxLength")) return false;
      } else if (k == "pattern") {
        if (!v.is_string()) return fail("\"pattern\" must be a string") != kNoNode;
        n.pattern = regex(v.get<std::string>());
        if (n.pattern < 0) return false;
      } else if (k == "format") {
        if (!v.is_string()) return fail("\"format\" must be a string") != kNoNode;
        n.format_name = v.get<std::string>();
        n.format = format_of(n.format_name);
        if (n.format == Format::kUnknown &&
            std::find(p_.unknown_formats.begin(), p_.unknown_formats.end(), n.format_name) ==
                p_.unknown_formats.end())
          p_.unknown_formats.push_back(n.format_name);
      } else if (k == "items") {
        if (v.is_array()) {
          const std::string base = child_pointer(pointer, "items");
          for (std::size_t i = 0; i < v.size(); ++i) {
            const int c = at(child_pointer(base, std::to_string(i)));
            if (c == kNoNode) return false;
            n.items_array.push_back(c);
          }
        } else if (!sub(pointer, "items", n.items)) {
          return false;
        }
      } else if (k == "additionalItems") {
        if (!sub(pointer, "additionalItems", n.additional_items)) return false;
      } else if (k == "minItems") {
        if (!non_negative(v, n.min_items, "minItems")) return false;
      } else if (k == "maxItems") {
        if (!non_negative(v, n.max_items, "maxItems")) return false;
      } else if (k == "uniqueItems") {
        n.unique_items = v.is_boolean() && v.get<bool>();
      } else if (k == "contains" && !is_draft4_like()) {
        if (!sub(pointer, "contains", n.contains)) return false;
      } else if (k == "properties") {
        if (!v.is_object()) return fail("\"properties\" must be an object") != kNoNode;
        const std::string base = child_pointer(pointer, "properties");
        for (const auto& [name, ignored] : v.items()) {
          const int c = at(child_pointer(base, name));
          if (c == kNoNode) return false;
          n.properties.emplace_back(name, c);
        }
        std::sort(n.properties.begin(), n.properties.end());
      } else if (k == "patternProperties") {
        if (!v.is_object()) return fail("\"patternProperties\" must be an object") != kNoNode;
        const std::string base = child_pointer(pointer, "patternProperties");
        for (const auto& [pattern, ignored] : v.items()) {
          const int re = regex(pattern);
          if (re < 0) return false;
          const int c = at(child_pointer(base, pattern));
          if (c == kNoNode) return false;
          n.pattern_properties.emplace_back(re, c);
        }
      } else if (k == "additionalProperties") {
        if (!sub(pointer, "additionalProperties", n.additional_properties)) return false;
      } else if (k == "required") {
        if (!v.is_array()) {
          // OpenAPI and draft 3 style `required: true` on a property is not
          // JSON Schema 4+; ignore a boolean, reject anything else.
          if (!v.is_boolean()) return fail("\"required\" must be an array of strings") != kNoNode;
          continue;
        }
        for (const auto& r : v) {
          if (!r.is_string()) return fail("\"required\" must be an array of strings") != kNoNode;
          n.required.push_back(r.get<std::string>());
        }
      } else if (k == "minProperties") {
        if (!non_negative(v, n.min_properties, "minProperties")) return false;
      } else if (k == "maxProperties") {
        if (!non_negative(v, n.max_properties, "maxProperties")) return false;
      } else if (k == "propertyNames" && !is_draft4_like()) {
        if (!sub(pointer, "propertyNames", n.property_names)) return false;
      } else if (k == "dependencies") {
        if (!v.is_object()) return fail("\"dependencies\" must be an object") != kNoNode;
        const std::string base = child_pointer(pointer, "dependencies");
        for (const auto& [name, dep] : v.items()) {
          if (dep.is_array()) {
            std::vector<std::string> names;
            for (const auto& d : dep) {
              if (!d.is_string()) return fail("\"dependencies\" arrays must hold strings") != kNoNode;
              names.push_back(d.get<std::string>());
            }
            n.dependencies_required.emplace_back(name, std::move(names));
          } else {
            const int c = at(child_pointer(base, name));
            if (c == kNoNode) return false;
            n.dependencies_schema.emplace_back(name, c);
          }
        }
      } else if (k == "allOf") {
        if (!schema_list(v, pointer, "allOf", n.all_of)) return false;
      } else if (k == "anyOf") {
        if (!schema_list(v, pointer, "anyOf", n.any_of)) return false;
      } else if (k == "oneOf") {
        if (!schema_list(v, pointer, "oneOf", n.one_of)) return false;
      } else if (k == "not") {
        if (!sub(pointer, "not", n.not_)) return false;
      } else if (k == "if" && p_.dialect == Dialect::kDraft7) {
        if (!sub(pointer, "if", n.if_)) return false;
      } else if (k == "then" && p_.dialect == Dialect::kDraft7) {
        if (!sub(pointer, "then", n.then_)) return false;
      } else if (k == "else" && p_.dialect == Dialect::kDraft7) {
        if (!sub(pointer, "else", n.else_)) return false;
      } else if (k == "nullable" && p_.openapi) {
        n.nullable = v.is_boolean() && v.get<bool>();
      } else if (k == "readOnly") {
        n.read_only = v.is_boolean() && v.get<bool>();
      } else if (k == "writeOnly") {
        n.write_only = v.is_boolean() && v.get<bool>();
      }
      // Everything else (title, description, example, default, x-*,
      // discriminator, definitions, $schema, $id ...) is an annotation here.
    }
    // draft 4 / OpenAPI: boolean exclusive bounds turn the bound exclusive.
    if (is_draft4_like()) {
      if (s.value("exclusiveMinimum", false) && n.minimum) {
        n.exclusive_minimum = n.minimum;
        n.minimum.reset();
      }
      if (s.value("exclusiveMaximum", false) && n.maximum) {
        n.exclusive_maximum = n.maximum;
        n.maximum.reset();
      }
    }
    n.always_true = s.empty();
    for (const auto& [name, child] : n.properties)
      n.property_required.push_back(std::find(n.required.begin(), n.required.end(), name) != n.required.end());
    for (const std::string& r : n.required)
      if (find_property(n, r) == kNoNode) n.required_undeclared.push_back(r);
    for (std::size_t i = 0; i < n.properties.size(); ++i)
      n.property_folds.emplace_back(fold_hash(n.properties[i].first), static_cast<int>(i));
    std::sort(n.property_folds.begin(), n.property_folds.end());
    n.checks = ((n.types != 0 || n.nullable) ? kHasType : 0u) |
               ((n.enum_values || n.const_value) ? kHasValue : 0u) |
               ((n.min_length || n.max_length || n.pattern >= 0 || n.format != Format::kNone) ? kHasString : 0u) |
               ((n.minimum || n.maximum || n.exclusive_minimum || n.exclusive_maximum || n.multiple_of) ? kHasNumber : 0u) |
               ((n.items != kNoNode || !n.items_array.empty() || n.min_items || n.max_items || n.unique_items ||
                 n.contains != kNoNode) ? kHasArray : 0u) |
               ((!n.properties.empty() || !n.required.empty() || !n.pattern_properties.empty() ||
                 n.additional_properties != kNoNode || n.min_properties || n.max_properties ||
                 n.property_names != kNoNode || !n.dependencies_required.empty() || !n.dependencies_schema.empty())
                    ? kHasObject : 0u) |
               ((!n.all_of.empty() || !n.any_of.empty() || !n.one_of.empty() || n.not_ != kNoNode || n.if_ != kNoNode)
                    ? kHasCombinator : 0u) |
               ((n.min_properties || n.max_properties) ? kHasObjectBounds : 0u) |
               ((!n.dependencies_required.empty() || !n.dependencies_schema.empty()) ? kHasDependencies : 0u) |
               ((n.min_items || n.max_items || n.unique_items) ? kHasArrayBounds : 0u);
    n.scan_members = n.additional_properties != kNoNode || !n.pattern_properties.empty() ||
                     n.property_names != kNoNode;
    p_.nodes[static_cast<std::size_t>(index)] = std::move(n);
    return true;
  }

  Program& p_;
  std::unordered_map<std::string, int> by_pointer_;
  std::string error_;
  int depth_ = 0;
};

Dialect detect_dialect(const json& document) {
  if (document.is_object()) {
    if (document.contains("openapi")) return Dialect::kOpenApi30;
    const auto it = document.find("$schema");
    if (it != document.end() && it->is_string()) {
      const std::string s = it->get<std::string>();
      if (s.find("draft-04") != std::string::npos) return Dialect::kDraft4;
      if (s.find("draft-06") != std::string::npos) return Dialect::kDraft6;
    }
  }
  return Dialect::kDraft7;
}

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

}  // namespace
}  // namespace detail

Schema Schema::compile(const nlohmann::json& document, std::string_view pointer,
                       const SchemaOptions& options) {
  try {
    return compile(std::make_shared<const nlohmann::json>(document), pointer, options);
  } catch (const std::exception& e) {
    Schema out;
    out.error_ = std::string("schema did not compile: ") + e.what();
    return out;
  }
}

Schema Schema::compile(std::shared_ptr<const nlohmann::json> document, std::string_view pointer,
                       const SchemaOptions& options) {
  Schema out;
  if (document == nullptr) {
    out.error_ = "no schema document";
    return out;
  }
  try {
    auto program = std::make_shared<detail::Program>();
    program->document = std::move(document);
    program->dialect = options.dialect == Dialect::kAuto ? detail::detect_dialect(*program->document) : options.dialect;
    program->openapi = program->dialect == Dialect::kOpenApi30;
    detail::Compiler compiler(*program);
    program->root = compiler.at(std::string(pointer));
    if (program->root == detail::kNoNode) {
      out.error_ = compiler.error().empty() ? "schema did not compile" : compiler.error();
      return out;
    }
    if (program->openapi && options.merge_allof_properties) compiler.collect_allof_names();
    // readOnly/writeOnly seen through $ref chains, for the direction rules.
    for (auto& node : program->nodes) {
      const detail::Node* t = &node;
      node.effective_read_only = node.read_only;
      node.effective_write_only = node.write_only;
      for (int hops = 0; t->ref != detail::kNoNode && hops < 64; ++hops) {
        t = &program->nodes[static_cast<std::size_t>(t->ref)];
        node.effective_read_only = node.effective_read_only || t->read_only;
        node.effective_write_only = node.effective_write_only || t->write_only;
      }
    }
    detail::simplify(*program);
    out.program_ = std::move(program);
  } catch (const std::exception& e) {
    out.error_ = std::string("schema did not compile: ") + e.what();
  }
  return out;
}

const std::vector<std::string>& Schema::unknown_formats() const noexcept {
  static const std::vector<std::string> kNone;
  return program_ ? program_->unknown_formats : kNone;
}

Dialect Schema::dialect() const noexcept { return program_ ? program_->dialect : Dialect::kAuto; }

}  // namespace tokenguard
