// The documents a schema may refer to; see documents.h.
#include "schema/documents.h"

#include "schema/uri_reference.h"
#include "yaml_input.h"
#include "tokenguard/finding.h"
#include "uri.h"

namespace tokenguard::detail {
namespace {

using json = nlohmann::json;

constexpr int kMaxIndexDepth = 512;

bool uses_dollar_id(Dialect d) { return d != Dialect::kDraft4 && d != Dialect::kOpenApi30; }
bool is_2019_or_later(Dialect d) {
  return d == Dialect::kDraft2019 || d == Dialect::kDraft2020 || d == Dialect::kOpenApi31;
}

std::string pointer_decode(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

bool is_schema_keyword(std::string_view k) noexcept {
  return k == "additionalItems" || k == "additionalProperties" || k == "unevaluatedItems" ||
         k == "unevaluatedProperties" || k == "contains" || k == "propertyNames" || k == "not" || k == "if" ||
         k == "then" || k == "else" || k == "items";
}
bool is_schema_map_keyword(std::string_view k) noexcept {
  return k == "properties" || k == "patternProperties" || k == "$defs" || k == "definitions" ||
         k == "dependentSchemas" || k == "dependencies";
}
bool is_schema_array_keyword(std::string_view k) noexcept {
  return k == "allOf" || k == "anyOf" || k == "oneOf" || k == "prefixItems" || k == "items";
}

Dialect DocumentSet::dialect_of_schema_uri(std::string_view s) {
  // The meta-schemas' own URIs, either scheme, an empty fragment allowed.
  s = without_fragment(s);
  if (s.substr(0, 7) == "http://") s.remove_prefix(7);
  else if (s.substr(0, 8) == "https://") s.remove_prefix(8);
  if (s == "json-schema.org/draft-04/schema") return Dialect::kDraft4;
  if (s == "json-schema.org/draft-06/schema") return Dialect::kDraft6;
  if (s == "json-schema.org/draft-07/schema") return Dialect::kDraft7;
  if (s == "json-schema.org/draft/2019-09/schema") return Dialect::kDraft2019;
  if (s == "json-schema.org/draft/2020-12/schema") return Dialect::kDraft2020;
  if (s.rfind("spec.openapis.org/oas/3.1/dialect", 0) == 0) return Dialect::kOpenApi31;
  return Dialect::kAuto;
}

const Document* DocumentSet::add(std::string uri, std::shared_ptr<const json> root, Dialect dialect, bool openapi) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  uri = std::string(without_fragment(uri));
  for (const auto& d : documents_)
    if (d->uri == uri && !uri.empty()) return d.get();
  auto d = std::make_unique<Document>();
  d->uri = uri;
  d->root = std::move(root);
  d->dialect = dialect;
  d->openapi = openapi;
  const Document* out = d.get();
  documents_.push_back(std::move(d));
  index(*out);
  return out;
}

const Document* DocumentSet::find(std::string_view uri) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  for (const auto& d : documents_)
    if (d->uri == uri) return d.get();
  return nullptr;
}

void DocumentSet::index(const Document& d) {
  std::string pointer;
  if (d.dialect == Dialect::kOpenApi30) {
    // OpenAPI 3.0's schemas have no $id, $anchor or dynamic anchors.
  } else if (d.openapi) {
    index_openapi(d, *d.root, pointer, d.uri, 0);
  } else {
    index_schema(d, *d.root, pointer, d.uri, d.dialect, 0);
  }
  resources_.try_emplace(d.uri, Location{&d, "", d.uri, d.dialect});
}

// An OpenAPI document: schemas are the values of "schema" keys (media
// types, parameters, headers) and of components.schemas; everything else is
// walked for them.
void DocumentSet::index_openapi(const Document& d, const json& v, std::string& pointer, std::string base, int depth) {
  if (depth > kMaxIndexDepth) return;
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      const std::size_t size = pointer.size();
      append_pointer_token(pointer, k);
      const bool schemas_map = k == "schemas" && pointer.rfind("/components/schemas", 0) == 0 && pointer.size() == 19;
      if (k == "schema" && (child.is_object() || child.is_boolean())) {
        index_schema(d, child, pointer, base, d.dialect, depth + 1);
      } else if (schemas_map && child.is_object()) {
        for (const auto& [name, s] : child.items()) {
          const std::size_t inner = pointer.size();
          append_pointer_token(pointer, name);
          index_schema(d, s, pointer, base, d.dialect, depth + 2);
          pointer.resize(inner);
        }
      } else if (child.is_structured()) {
        index_openapi(d, child, pointer, base, depth + 1);
      }
      pointer.resize(size);
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::size_t size = pointer.size();
      pointer += "/" + std::to_string(i);
      index_openapi(d, v[i], pointer, base, depth + 1);
      pointer.resize(size);
    }
  }
}

void DocumentSet::index_schema(const Document& d, const json& s, std::string& pointer, std::string base,
                               Dialect dialect, int depth) {
  if (depth > kMaxIndexDepth || !s.is_object()) return;
  if (const auto it = s.find("$schema"); it != s.end() && it->is_string()) {
    const Dialect named = dialect_of_schema_uri(it->get_ref<const std::string&>());
    if (named != Dialect::kAuto) dialect = named;
  }
  // Locations keep the base in effect where the schema is met (its own
  // $id is applied when it is compiled). Up to draft 7, $ref makes every
  // sibling keyword, $id included, ignored.
  const std::string incoming = base;
  const Location here{&d, pointer, incoming, dialect};
  const char* id_key = uses_dollar_id(dialect) ? "$id" : "id";
  const bool id_ignored = !is_2019_or_later(dialect) && s.contains("$ref");
  if (const auto it = s.find(id_key); it != s.end() && it->is_string() && !id_ignored) {
    const std::string& id = it->get_ref<const std::string&>();
    if (!id.empty() && id[0] == '#') {
      // draft 4/6/7 "$id": "#name": an anchor, not a new base
      if (!is_2019_or_later(dialect)) anchors_.try_emplace(std::string(without_fragment(base)) + id, AnchorInfo{here, false});
    } else {
      const std::string absolute = resolve_uri(base, id);
      base = std::string(without_fragment(absolute));
      resources_.try_emplace(base, here);
      const std::string_view frag = fragment_of(absolute);
      if (!frag.empty() && !is_2019_or_later(dialect)) anchors_.try_emplace(absolute, AnchorInfo{here, false});
    }
  }
  if (is_2019_or_later(dialect)) {
    if (const auto it = s.find("$anchor"); it != s.end() && it->is_string())
      anchors_.try_emplace(base + "#" + it->get<std::string>(), AnchorInfo{here, false});
    if (const auto it = s.find("$dynamicAnchor"); it != s.end() && it->is_string()) {
      auto [slot, fresh] = anchors_.try_emplace(base + "#" + it->get<std::string>(), AnchorInfo{here, true});
      if (!fresh) slot->second.dynamic = true;
    }
    if (const auto it = s.find("$recursiveAnchor"); it != s.end() && it->is_boolean() && it->get<bool>())
      recursive_[base] = true;
  }
  for (const auto& [k, v] : s.items()) {
    const std::size_t size = pointer.size();
    append_pointer_token(pointer, k);
    if (is_schema_map_keyword(k) && v.is_object()) {
      for (const auto& [name, sub] : v.items()) {
        const std::size_t inner = pointer.size();
        append_pointer_token(pointer, name);
        index_schema(d, sub, pointer, base, dialect, depth + 1);
        pointer.resize(inner);
      }
    } else if (is_schema_array_keyword(k) && v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::size_t inner = pointer.size();
        pointer += "/" + std::to_string(i);
        index_schema(d, v[i], pointer, base, dialect, depth + 1);
        pointer.resize(inner);
      }
    } else if (is_schema_keyword(k)) {
      index_schema(d, v, pointer, base, dialect, depth + 1);
    }
    pointer.resize(size);
  }
}

namespace {

// The child of `v` named by one decoded pointer token, or nullptr.
const json* child_of(const json* v, const std::string& token) {
  if (v == nullptr) return nullptr;
  if (v->is_object()) {
    const auto it = v->find(token);
    return it == v->end() ? nullptr : &*it;
  }
  if (v->is_array() && !token.empty() && token.size() < 19) {
    std::size_t index = 0;
    for (const char c : token) {
      if (c < '0' || c > '9') return nullptr;
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    return index < v->size() ? &(*v)[index] : nullptr;
  }
  return nullptr;
}

std::vector<std::string> pointer_tokens(const std::string& pointer) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < pointer.size();) {
    const std::size_t next = pointer.find('/', i + 1);
    out.push_back(pointer_decode(std::string_view(pointer).substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1)));
    i = next == std::string::npos ? pointer.size() : next;
  }
  return out;
}

}  // namespace

Location DocumentSet::location_of(const Document& d, const std::string& pointer) const {
  // Walks the pointer from the document's root, taking each $id (and
  // $schema) met in a schema position on the way.
  Location loc{&d, pointer, d.uri, d.dialect};
  const std::vector<std::string> tokens = pointer_tokens(pointer);
  const json* at = d.root.get();
  bool schema = !d.openapi;  // whether `at` is in a schema position
  std::string walked;
  for (std::size_t i = 0; at != nullptr; ++i) {
    // The target's own $schema and $id are applied when it is compiled.
    if (i >= tokens.size()) break;
    if (schema && at->is_object()) {
      if (const auto it = at->find("$schema"); it != at->end() && it->is_string()) {
        const Dialect named = dialect_of_schema_uri(it->get_ref<const std::string&>());
        if (named != Dialect::kAuto) loc.dialect = named;
      }
      const char* id_key = uses_dollar_id(loc.dialect) ? "$id" : "id";
      const bool id_ignored = !is_2019_or_later(loc.dialect) && at->contains("$ref");
      if (const auto it = at->find(id_key); it != at->end() && it->is_string() && !id_ignored) {
        const std::string& id = it->get_ref<const std::string&>();
        if (!id.empty() && id[0] != '#') loc.base = std::string(without_fragment(resolve_uri(loc.base, id)));
      }
    }
    const std::string& token = tokens[i];
    const json* child = child_of(at, token);
    if (schema && at->is_object()) {
      const bool map = is_schema_map_keyword(token) && child != nullptr && child->is_object();
      const bool array = is_schema_array_keyword(token) && child != nullptr && child->is_array();
      if ((map || array) && i + 1 < tokens.size()) {
        // the next token picks an entry, which is a schema
        at = child_of(child, tokens[++i]);
        continue;
      }
      schema = is_schema_keyword(token) && !array;
    } else if (d.openapi) {
      schema = token == "schema" || walked == "/components/schemas";
    } else {
      schema = false;
    }
    append_pointer_token(walked, token);
    at = child;
  }
  return loc;
}

std::optional<Location> DocumentSet::locate(const std::string& absolute, std::string& error, Dialect referrer,
                                            bool openapi_object) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const std::string uri(without_fragment(absolute));
  std::string fragment;
  if (!percent_decode(fragment_of(absolute), fragment)) {
    error = "malformed %-escape in the fragment of \"" + absolute.substr(0, 120) + "\"";
    return std::nullopt;
  }
  auto it = resources_.find(uri);
  if (it == resources_.end() && loader_) {
    std::optional<std::string> text;
    try {
      text = loader_(uri);
    } catch (const std::exception&) {
      text.reset();
    }
    if (text) {
      std::string why;
      auto parsed = parse_document_text(*text, why);
      if (!parsed) {
        error = "the document \"" + uri.substr(0, 120) + "\" is neither JSON nor YAML: " + why;
        return std::nullopt;
      }
      Dialect dialect = Dialect::kAuto;
      if (parsed->is_object())
        if (const auto s = parsed->find("$schema"); s != parsed->end() && s->is_string())
          dialect = dialect_of_schema_uri(s->get_ref<const std::string&>());
      add(uri, std::make_shared<const json>(std::move(*parsed)), dialect == Dialect::kAuto ? referrer : dialect,
          openapi_object);
      it = resources_.find(uri);
    }
  }
  if (it == resources_.end()) {
    error = "no document or schema has the URI \"" + uri.substr(0, 160) + "\"";
    return std::nullopt;
  }
  if (fragment.empty()) return it->second;
  if (fragment[0] == '/') {
    Location loc = location_of(*it->second.document, it->second.pointer + fragment);
    try {
      if (!it->second.document->root->contains(json::json_pointer(loc.pointer))) {
        error = "no schema at \"" + absolute.substr(0, 160) + "\"";
        return std::nullopt;
      }
    } catch (const std::exception&) {
      error = "malformed JSON Pointer in \"" + absolute.substr(0, 160) + "\"";
      return std::nullopt;
    }
    return loc;
  }
  const auto a = anchors_.find(uri + "#" + fragment);
  if (a == anchors_.end()) {
    error = "no anchor \"" + fragment.substr(0, 60) + "\" in \"" + uri.substr(0, 120) + "\"";
    return std::nullopt;
  }
  return a->second.location;
}

std::optional<Location> DocumentSet::dynamic_anchor(const std::string& resource_uri, std::string_view name) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const auto a = anchors_.find(resource_uri + "#" + std::string(name));
  if (a == anchors_.end() || !a->second.dynamic) return std::nullopt;
  return a->second.location;
}

bool DocumentSet::recursive_anchor(const std::string& resource_uri) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const auto it = recursive_.find(resource_uri);
  return it != recursive_.end() && it->second;
}

}  // namespace tokenguard::detail
