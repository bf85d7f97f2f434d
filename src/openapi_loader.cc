// OpenAPI documents into operations; see openapi_loader.h.
#include "openapi_loader.h"

#include "pointer.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "schema/documents.h"
#include "schema/program.h"
#include "schema/uri_reference.h"
#include "uri.h"

namespace tokenguard::detail {
namespace {

using json = nlohmann::json;

constexpr const char* kMethods[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};
constexpr int kMaxRefHops = 32;
constexpr int kMaxWalkDepth = 512;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "application/json", "application/problem+json; charset=utf-8", ...
bool is_json_media_type(std::string_view media) {
  media = media.substr(0, media.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  const std::string m = lower(media);
  const auto slash = m.find('/');
  if (slash == std::string::npos) return false;
  const std::string_view subtype = std::string_view(m).substr(slash + 1);
  return subtype == "json" || (subtype.size() > 5 && subtype.substr(subtype.size() - 5) == "+json");
}

// Keys whose values are instances (examples, defaults, enums) or vendor
// extensions, never followed for $refs; unless they name a property.
bool is_opaque_key(std::string_view k) {
  return k.substr(0, 2) == "x-" || k == "example" || k == "examples" || k == "default" || k == "const" || k == "enum";
}
bool is_name_map_key(std::string_view k) {
  return k == "properties" || k == "patternProperties" || k == "$defs" || k == "definitions" ||
         k == "dependentSchemas" || k == "schemas";
}

bool json_type_is(const json& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "integer") return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>())));
  if (type == "number") return v.is_number();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  if (type == "null") return v.is_null();
  return true;
}

const json* value_at(const json& root, const std::string& pointer) {
  if (pointer.empty()) return &root;
  try {
    const json::json_pointer p(pointer);
    return root.contains(p) ? &root.at(p) : nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

class Loader {
 public:
  Loader(const OpenApiOptions& options, bool semantic) : options_(options), semantic_(semantic) {}

  OpenApiLoad run(std::shared_ptr<const json> root) {
    try {
      load(std::move(root));
    } catch (const std::exception& e) {
      fail(std::string("cannot load: ") + e.what());
    }
    if (!out_.error.empty()) {
      out_.operations.clear();
      out_.webhooks.clear();
    }
    return std::move(out_);
  }

 private:
  // An OpenAPI object: where it is, and its value.
  struct Node {
    const Document* doc = nullptr;
    std::string pointer;
    const json* value = nullptr;
  };

  bool fail(std::string message) {
    if (out_.error.empty()) out_.error = options_.family + ": " + std::move(message);
    return false;
  }
  static std::string where(const Node& n) { return n.doc->uri + "#" + n.pointer; }
  void diagnose(const Node& n, std::string keyword, std::string message) {
    out_.diagnostics.push_back(SchemaDiagnostic{where(n), std::move(keyword), std::move(message)});
  }

  static std::optional<Node> child(const Node& n, std::string_view key) {
    if (!n.value->is_object()) return std::nullopt;
    const auto it = n.value->find(key);
    if (it == n.value->end()) return std::nullopt;
    Node c{n.doc, n.pointer, &*it};
    append_pointer_token(c.pointer, key);
    return c;
  }
  static Node element(const Node& n, std::size_t i) {
    Node c{n.doc, child_pointer(n.pointer, i), &(*n.value)[i]};
    return c;
  }

  // The object a $ref chain ends at (the node itself when it is no $ref).
  std::optional<Node> follow(Node n, std::string_view what) {
    for (int hops = 0; n.value->is_object(); ++hops) {
      const auto ref = n.value->find("$ref");
      if (ref == n.value->end()) break;
      if (!ref->is_string()) {
        fail(std::string(what) + " at " + where(n) + ": \"$ref\" must be a string");
        return std::nullopt;
      }
      if (hops == kMaxRefHops) {
        fail(std::string(what) + " at " + where(n) + ": more than " + std::to_string(kMaxRefHops) + " $refs in a chain");
        return std::nullopt;
      }
      const std::string& text = ref->get_ref<const std::string&>();
      std::string error;
      const auto loc = documents_->locate(resolve_uri(n.doc->uri, text), error, dialect_, true);
      const json* target = loc ? value_at(*loc->document->root, loc->pointer) : nullptr;
      if (target == nullptr) {
        fail(std::string(what) + " at " + where(n) + ": $ref \"" + text.substr(0, 160) + "\" does not resolve" +
             (error.empty() ? "" : ": " + error));
        return std::nullopt;
      }
      walk_document(loc->document);
      n = Node{loc->document, loc->pointer, target};
    }
    return n;
  }

  // A schema at `n`, compiled on first use (or now, when eager).
  std::optional<Schema> schema_at(const Node& n, const std::string& what) {
    auto docs = documents_;
    auto opts = schema_options_;
    std::string uri = n.doc->uri;
    std::string pointer = n.pointer;
    Schema s = SchemaAccess::deferred([docs, opts, uri, pointer] { return compile_in(docs, uri, pointer, *opts); });
    if (options_.eager) {
      if (!s.ok()) {
        fail(what + ": " + s.error());
        return std::nullopt;
      }
      for (const auto& d : s.diagnostics())
        if (reported_.insert(d.location + "\n" + d.message).second) out_.diagnostics.push_back(d);
    }
    return s;
  }

  // --- every $ref of a document resolves ---
  void walk_document(const Document* d) {
    if (d == nullptr || !walked_.insert(d).second) return;
    path_.clear();
    walk(d, *d->root, d->uri, !d->openapi, false);
  }

  // The JSON Pointer of the value walk() is at.
  std::string path_pointer() const {
    std::string out;
    for (const auto& step : path_) {
      if (step.key.data() != nullptr) append_pointer_token(out, step.key);
      else out += "/" + std::to_string(step.index);
    }
    return out;
  }

  void walk(const Document* d, const json& v, const std::string& base, bool in_schema, bool names) {
    if (!out_.error.empty() || path_.size() > kMaxWalkDepth) return;
    if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_structured()) continue;
        path_.push_back(Step{{}, i});
        walk(d, v[i], base, in_schema, false);
        path_.pop_back();
      }
      return;
    }
    if (!v.is_object()) return;
    const std::string* here = &base;
    std::string rebased;
    if (!names) {
      if (in_schema && dialect_ != Dialect::kOpenApi30)
        if (const auto id = v.find("$id"); id != v.end() && id->is_string()) {
          rebased = std::string(without_fragment(resolve_uri(base, id->get_ref<const std::string&>())));
          here = &rebased;
        }
      if (const auto ref = v.find("$ref"); ref != v.end() && ref->is_string()) check_ref(d, *here, *ref, in_schema);
      if (in_schema) check_default(d, v);
    }
    for (const auto& [k, child] : v.items()) {
      if (!child.is_structured() || (!names && is_opaque_key(k))) continue;
      const bool schema_here = in_schema || (!names && k == "schema") ||
                               (names && path_.size() == 2 && path_[0].key == "components" && path_[1].key == "schemas");
      path_.push_back(Step{k, 0});
      walk(d, child, *here, schema_here, !names && is_name_map_key(k));
      path_.pop_back();
    }
  }

  void check_ref(const Document* d, const std::string& base, const json& ref, bool in_schema) {
    const std::string absolute = resolve_uri(base, ref.get_ref<const std::string&>());
    if (verified_.count(absolute) != 0) return;
    std::string error;
    const auto loc = documents_->locate(absolute, error, dialect_, !in_schema);
    if (!loc || value_at(*loc->document->root, loc->pointer) == nullptr) {
      fail("$ref \"" + ref.get<std::string>().substr(0, 160) + "\" at " + d->uri + "#" + path_pointer() +
           " does not resolve" + (error.empty() ? "" : ": " + error));
      return;
    }
    verified_.insert(absolute);
    const auto saved = path_;
    walk_document(loc->document);
    path_ = saved;
  }

  // A default that is not of its schema's one type: OpenAPI says it must
  // be; some published documents break this harmlessly (Cloudflare's
  // boolean schemas with "default": "true"). Loaded, with a diagnostic.
  void check_default(const Document* d, const json& v) {
    const auto type = v.find("type");
    const auto def = v.find("default");
    if (type == v.end() || def == v.end() || !type->is_string()) return;
    if (def->is_null() && v.value("nullable", false)) return;
    if (json_type_is(*def, type->get_ref<const std::string&>())) return;
    std::string at = path_pointer();
    append_pointer_token(at, "default");
    out_.diagnostics.push_back(SchemaDiagnostic{d->uri + "#" + at, "default",
                                                "the default " + def->dump().substr(0, 40) + " is not of type " +
                                                    type->get<std::string>() + " (annotation only: not checked)"});
  }

  // --- the document ---
  void load(std::shared_ptr<const json> root) {
    if (!root->is_object()) {
      fail("not an OpenAPI document (not a JSON object)");
      return;
    }
    const auto version = root->find("openapi");
    if (version == root->end() || !version->is_string()) {
      fail(root->contains("swagger") ? "Swagger 2.0 documents are not supported (convert to OpenAPI 3)"
                                     : "not an OpenAPI document (no \"openapi\" version)");
      return;
    }
    const std::string& v = version->get_ref<const std::string&>();
    if (v.rfind("3.0", 0) == 0) {
      dialect_ = Dialect::kOpenApi30;
    } else if (v.rfind("3.1", 0) == 0) {
      dialect_ = Dialect::kOpenApi31;
      if (const auto d = root->find("jsonSchemaDialect"); d != root->end() && d->is_string()) {
        const Dialect named = DocumentSet::dialect_of_schema_uri(d->get_ref<const std::string&>());
        if (named == Dialect::kAuto) {
          fail("jsonSchemaDialect \"" + d->get<std::string>().substr(0, 120) + "\" is not a dialect tokenguard knows");
          return;
        }
        dialect_ = named;
      }
    } else {
      fail("OpenAPI " + v.substr(0, 20) + " is not supported (3.0 and 3.1 are)");
      return;
    }
    if (dialect_ == Dialect::kOpenApi30 && (!root->contains("paths") || !(*root)["paths"].is_object())) {
      fail("not an OpenAPI 3.0 document (no \"paths\" object)");
      return;
    }
    documents_ = std::make_shared<DocumentSet>(options_.loader);
    const Document* doc = documents_->add(options_.base_uri, root, dialect_, true);
    auto so = std::make_shared<SchemaOptions>();
    so->loader = options_.loader;
    so->formats = options_.formats;
    schema_options_ = std::move(so);
    walk_document(doc);
    if (!out_.error.empty()) return;
    const Node top{doc, "", doc->root.get()};
    document_rules(top);
    security_schemes(top);
    if (const auto paths = child(top, "paths"); paths && paths->value->is_object())
      for (const auto& [path, ignored] : paths->value->items()) {
        if (path.substr(0, 2) == "x-") continue;
        path_item(*child(*paths, path), path);
        if (!out_.error.empty()) return;
      }
    if (const auto hooks = child(top, "webhooks"); hooks && hooks->value->is_object())
      for (const auto& [name, ignored] : hooks->value->items()) {
        const auto item = follow(*child(*hooks, name), "webhook " + name);
        if (!item) return;
        for (const char* m : kMethods)
          if (const auto op = child(*item, m); op && op->value->is_object())
            out_.webhooks.push_back(Webhook{name, upper(m), op->value->value("operationId", upper(m) + " " + name)});
      }
  }

  void document_rules(const Node& top) {
    if (const auto e = child(top, "x-tokenguard-error-response"); e && e->value->is_object())
      if (const auto s = child(*e, "schema")) error_response_ = schema_at(*s, "x-tokenguard-error-response");
    if (const auto u = child(top, "x-tokenguard-unknown-request-members");
        u && u->value->is_object() && u->value->value("severity", "") == "warning")
      unknown_members_ = Severity::kWarning;
    if (const auto s = child(top, "security"); s && s->value->is_array()) root_security_ = *s;
  }

  void security_schemes(const Node& top) {
    const auto components = child(top, "components");
    const auto schemes = components ? child(*components, "securitySchemes") : std::nullopt;
    if (!schemes || !schemes->value->is_object()) return;
    for (const auto& [name, ignored] : schemes->value->items()) {
      const auto def = follow(*child(*schemes, name), "security scheme " + name);
      if (!def) return;
      SecurityScheme sc;
      sc.name = name;
      sc.type = def->value->value("type", "");
      sc.scheme = lower(def->value->value("scheme", ""));
      if (sc.type == "apiKey" && def->value->value("in", "") == "header") sc.header_name = def->value->value("name", "");
      schemes_[name] = std::move(sc);
    }
  }

  void path_item(const Node& at, const std::string& path) {
    const auto item = follow(at, "path item " + path);
    if (!item || !item->value->is_object()) return;
    std::vector<Parameter> shared;
    if (const auto ps = child(*item, "parameters"); ps && !parameters(*ps, path, shared)) return;
    for (const char* m : kMethods) {
      const auto op = child(*item, m);
      if (!op || !op->value->is_object()) continue;
      operation(*op, path, m, shared);
      if (!out_.error.empty()) return;
    }
  }

  bool parameters(const Node& list, const std::string& what, std::vector<Parameter>& out) {
    if (!list.value->is_array()) return fail("parameters at " + where(list) + " must be an array");
    for (std::size_t i = 0; i < list.value->size(); ++i) {
      const auto p = follow(element(list, i), "a parameter of " + what);
      if (!p) return false;
      const json& v = *p->value;
      if (!v.is_object() || !v.contains("name") || !v["name"].is_string() || !v.contains("in") || !v["in"].is_string())
        return fail("the parameter at " + where(*p) + " has no \"name\" and \"in\"");
      Parameter param;
      param.name = v["name"].get<std::string>();
      param.in = v["in"].get<std::string>();
      param.required = v.value("required", false) || param.in == "path";
      if (const auto s = child(*p, "schema")) {
        param.schema_json = *s->value;
        auto compiled = schema_at(*s, what + ": parameter " + param.name);
        if (!compiled) return false;
        param.schema = std::move(*compiled);
      } else if (v.contains("content")) {
        diagnose(*p, "content", param.in + " parameter \"" + param.name +
                                    "\" is described by \"content\", not \"schema\": its value is not checked");
      }
      std::erase_if(out, [&](const Parameter& q) { return q.name == param.name && q.in == param.in; });
      out.push_back(std::move(param));
    }
    return true;
  }

  // The JSON media type's schema among `content`'s, preferring application/json.
  static std::optional<Node> json_schema_of(const Node& content) {
    std::optional<Node> best;
    for (const auto& [media, ignored] : content.value->items()) {
      if (!is_json_media_type(media)) continue;
      const auto m = child(content, media);
      const auto s = m ? child(*m, "schema") : std::nullopt;
      if (!s) continue;
      if (lower(media) == "application/json") return s;
      if (!best) best = s;
    }
    return best;
  }

  void operation(const Node& at, const std::string& path, const char* method, const std::vector<Parameter>& shared) {
    const json& op = *at.value;
    Operation o;
    o.family = options_.family;
    o.method = upper(method);
    o.path_template = path;
    o.semantic_checks = semantic_;
    o.error_response = error_response_;
    o.unknown_request_members = unknown_members_;
    o.summary = op.value("summary", "");
    if (op.contains("x-tokenguard-id") && op["x-tokenguard-id"].is_string()) o.id = op["x-tokenguard-id"].get<std::string>();
    else if (op.contains("operationId") && op["operationId"].is_string()) o.id = op["operationId"].get<std::string>();
    else o.id = o.method + " " + path;
    if (!ids_.insert(o.id).second)
      diagnose(at, "operationId", "operation id \"" + o.id.substr(0, 80) + "\" is used twice: the first one is found by id");
    o.parameters = shared;
    if (const auto ps = child(at, "parameters"); ps && !parameters(*ps, o.id, o.parameters)) return;
    if (const auto rb_at = child(at, "requestBody")) {
      const auto rb = follow(*rb_at, o.id + ": request body");
      if (!rb) return;
      o.body_required = rb->value->value("required", false);
      if (const auto content = child(*rb, "content"); content && content->value->is_object()) {
        for (const auto& [media, ignored] : content->value->items()) o.request_media_types.push_back(lower(media));
        if (const auto s = json_schema_of(*content)) {
          auto compiled = schema_at(*s, o.id + ": request body");
          if (!compiled) return;
          o.request_body = std::move(*compiled);
        }
      }
    }
    if (const auto responses = child(at, "responses"); responses && responses->value->is_object()) {
      for (const auto& [written, ignored] : responses->value->items()) {
        if (written.substr(0, 2) == "x-") continue;
        std::string status = written;
        const auto r_at = *child(*responses, written);
        if (status.size() == 3 && status[0] >= '1' && status[0] <= '5' && (status[1] == 'x' || status[2] == 'x') &&
            lower(status).substr(1) == "xx") {
          if (status[1] == 'x' || status[2] == 'x')
            diagnose(r_at, "responses", "status range \"" + status + "\" is written \"" + upper(status) +
                                            "\" in OpenAPI; read as " + upper(status));
          status = upper(status);
        }
        const auto r = follow(r_at, o.id + ": response " + written);
        if (!r) return;
        const auto content = child(*r, "content");
        o.response_has_body[status] = content && content->value->is_object() && !content->value->empty();
        if (!content || !content->value->is_object()) continue;
        const auto s = json_schema_of(*content);
        if (!s) continue;
        o.returns_secrets = o.returns_secrets || mentions_secret(*s);
        auto compiled = schema_at(*s, o.id + ": response " + written);
        if (!compiled) return;
        o.responses.emplace(status, std::move(*compiled));
      }
    }
    const auto sec = child(at, "security");
    const json* security = sec ? sec->value : root_security_ ? root_security_->value : nullptr;
    if (security != nullptr && security->is_array())
      for (const auto& alternative : *security) {
        if (!alternative.is_object()) continue;
        std::vector<SecurityScheme> all;
        for (const auto& [name, scopes] : alternative.items()) {
          const auto it = schemes_.find(name);
          SecurityScheme sc = it != schemes_.end() ? it->second : SecurityScheme{};
          sc.name = name;
          all.push_back(std::move(sc));
        }
        if (!all.empty()) o.security.push_back(std::move(all));
      }
    out_.operations.push_back(std::move(o));
  }

  // Whether a schema (following $refs) declares, at any depth, a property
  // with a secret name or a string property "result". Memoised per
  // schema: operations share most of theirs.
  bool mentions_secret(const Node& n) {
    std::set<const json*> seen;
    return mentions_secret(n.doc, *n.value, seen, 0);
  }
  bool mentions_secret(const Document* doc, const json& v, std::set<const json*>& seen, int depth) {
    if (depth > 64 || !v.is_object()) return false;
    if (const auto memo = secret_memo_.find(&v); memo != secret_memo_.end()) return memo->second;
    if (!seen.insert(&v).second) return false;
    const bool found = mentions_secret_uncached(doc, v, seen, depth);
    secret_memo_[&v] = found;
    return found;
  }
  bool mentions_secret_uncached(const Document* doc, const json& v, std::set<const json*>& seen, int depth) {
    if (const auto ref = v.find("$ref"); ref != v.end() && ref->is_string()) {
      const auto target = resolve_cached(doc, ref->get_ref<const std::string&>());
      if (target.second != nullptr && mentions_secret(target.first, *target.second, seen, depth + 1)) return true;
    }
    if (const auto props = v.find("properties"); props != v.end() && props->is_object())
      for (const auto& [name, sub] : props->items()) {
        if (is_secret_name(name)) return true;
        if (name == "result" && sub.is_object() && sub.value("type", "") == "string") return true;
        if (mentions_secret(doc, sub, seen, depth + 1)) return true;
      }
    for (const char* key : {"items", "additionalProperties"})
      if (const auto c = v.find(key); c != v.end() && mentions_secret(doc, *c, seen, depth + 1)) return true;
    for (const char* key : {"allOf", "anyOf", "oneOf"})
      if (const auto c = v.find(key); c != v.end() && c->is_array())
        for (const auto& branch : *c)
          if (mentions_secret(doc, branch, seen, depth + 1)) return true;
    return false;
  }
  std::pair<const Document*, const json*> resolve_cached(const Document* doc, const std::string& ref) {
    const std::string absolute = resolve_uri(doc->uri, ref);
    if (const auto it = resolved_.find(absolute); it != resolved_.end()) return it->second;
    std::string error;
    const auto loc = documents_->locate(absolute, error, dialect_);
    std::pair<const Document*, const json*> out{nullptr, nullptr};
    if (loc) out = {loc->document, value_at(*loc->document->root, loc->pointer)};
    resolved_.emplace(absolute, out);
    return out;
  }

  const OpenApiOptions& options_;
  bool semantic_;
  OpenApiLoad out_;
  Dialect dialect_ = Dialect::kOpenApi30;
  std::shared_ptr<DocumentSet> documents_;
  std::shared_ptr<const SchemaOptions> schema_options_;
  std::set<const Document*> walked_;
  std::unordered_set<std::string> verified_;
  std::set<std::string> ids_;
  std::set<std::string> reported_;
  struct Step {
    std::string_view key;  // an object member, or (data() == nullptr) an array element
    std::size_t index = 0;
  };
  std::vector<Step> path_;
  std::unordered_map<const json*, bool> secret_memo_;
  std::unordered_map<std::string, std::pair<const Document*, const json*>> resolved_;
  std::map<std::string, SecurityScheme> schemes_;
  std::optional<Schema> error_response_;
  Severity unknown_members_ = Severity::kError;
  std::optional<Node> root_security_;
};

std::string percent_decoded_path(std::string_view uri_path) {
  std::string out;
  if (!percent_decode(uri_path, out)) return {};
  return out;
}

}  // namespace

OpenApiLoad load_openapi(std::shared_ptr<const json> document, const OpenApiOptions& options, bool semantic) {
  return Loader(options, semantic).run(std::move(document));
}

std::string file_uri(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  p = p.lexically_normal();
  std::string out = "file://";
  for (const char c : p.generic_string()) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = std::isalnum(u) || std::string_view("/-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
    if (plain) {
      out += c;
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

namespace {

// The file at `path` when it lies within `root` (both normalised).
std::optional<std::string> read_within(const std::filesystem::path& root, const std::string& path) {
  const std::filesystem::path p = std::filesystem::path(path).lexically_normal();
  const auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  if (path.empty() || r != root.end()) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

DocumentLoader file_loader(std::string root_dir, DocumentLoader fallback) {
  const std::filesystem::path root = std::filesystem::path(root_dir).lexically_normal();
  return [root, fallback](const std::string& uri) -> std::optional<std::string> {
    if (uri.rfind("file://", 0) == 0) {
      const std::string decoded = percent_decoded_path(std::string_view(uri).substr(7));
      if (auto text = read_within(root, decoded)) return text;
    }
    return fallback ? fallback(uri) : std::nullopt;
  };
}

DocumentLoader prefix_loader(std::string prefix, std::string dir, DocumentLoader fallback) {
  const std::filesystem::path root = std::filesystem::path(dir).lexically_normal();
  return [prefix, root, fallback](const std::string& uri) -> std::optional<std::string> {
    if (uri.rfind(prefix, 0) == 0) {
      const std::string rest = percent_decoded_path(std::string_view(uri).substr(prefix.size()));
      if (auto text = read_within(root, (root / rest).string())) return text;
    }
    return fallback ? fallback(uri) : std::nullopt;
  };
}

}  // namespace tokenguard::detail
