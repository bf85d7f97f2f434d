#include "tokenguard/catalog.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>

#include "embedded_catalog.h"
#include "uri.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

std::string pointer_of(std::initializer_list<std::string_view> tokens) {
  std::string p;
  for (const std::string_view t : tokens) append_pointer_token(p, t);
  return p;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Walks a template and a path segment by segment, without allocating: true
// when they fit, with the template's literal segments counted in *literals.
// A literal segment matches the path's segment once %-decoded ("%74okens" is
// "tokens" to every upstream), so an escaped spelling reaches the same
// operation, and its checks, as the plain one.
bool fits(std::string_view tmpl, std::string_view path, int* literals) {
  if (tmpl.empty() || tmpl.front() != '/' || path.empty() || path.front() != '/') return false;
  tmpl.remove_prefix(1);
  path.remove_prefix(1);
  int count = 0;
  while (true) {
    const std::size_t ts = tmpl.find('/');
    const std::size_t ps = path.find('/');
    const std::string_view t = tmpl.substr(0, ts);
    const std::string_view p = path.substr(0, ps);
    if (is_param(t)) {
      if (p.empty()) return false;
    } else if (t != p && !detail::decoded_equals(p, t)) {
      return false;
    } else {
      ++count;
    }
    if ((ts == std::string_view::npos) != (ps == std::string_view::npos)) return false;
    if (ts == std::string_view::npos) break;
    tmpl.remove_prefix(ts + 1);
    path.remove_prefix(ps + 1);
  }
  *literals = count;
  return true;
}

// Whether a schema (following same-document $refs, each once) declares, at
// any depth, a property with a secret name or a string property "result".
bool mentions_secret(const json& doc, const json& schema, std::set<const json*>& seen, int depth = 0) {
  if (depth > 64 || !schema.is_object() || !seen.insert(&schema).second) return false;
  if (const auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    const std::string& r = ref->get_ref<const std::string&>();
    if (r.rfind("#/", 0) == 0) {
      try {
        const json::json_pointer ptr(r.substr(1));
        if (doc.contains(ptr)) return mentions_secret(doc, doc.at(ptr), seen, depth + 1);
      } catch (const std::exception&) {
      }
    }
    return false;
  }
  if (const auto props = schema.find("properties"); props != schema.end() && props->is_object())
    for (const auto& [name, sub] : props->items()) {
      if (is_secret_name(name)) return true;
      if (name == "result" && sub.is_object() && sub.value("type", "") == "string") return true;
      if (mentions_secret(doc, sub, seen, depth + 1)) return true;
    }
  for (const char* key : {"items", "additionalProperties"})
    if (const auto it = schema.find(key); it != schema.end() && mentions_secret(doc, *it, seen, depth + 1)) return true;
  for (const char* key : {"allOf", "anyOf", "oneOf"})
    if (const auto it = schema.find(key); it != schema.end() && it->is_array())
      for (const auto& branch : *it)
        if (mentions_secret(doc, branch, seen, depth + 1)) return true;
  return false;
}

}  // namespace

bool Catalog::add_document(const json& document, const std::string& family, bool semantic) {
  if (!document.is_object() || !document.contains("paths") || !document["paths"].is_object()) {
    error_ = family + ": not an OpenAPI 3.0 document (no \"paths\" object)";
    return false;
  }
  const auto shared = std::make_shared<const json>(document);
  const json& doc = *shared;
  SchemaOptions options;
  options.dialect = Dialect::kOpenApi30;
  const json empty_object = json::object();
  const json& schemes = doc.contains("components") && doc["components"].contains("securitySchemes")
                            ? doc["components"]["securitySchemes"]
                            : empty_object;
  // Document-wide rules (tokenguard's own extensions).
  std::optional<Schema> error_response;
  if (const auto it = doc.find("x-tokenguard-error-response"); it != doc.end() && it->is_object() && it->contains("schema")) {
    Schema s = Schema::compile(shared, "/x-tokenguard-error-response/schema", options);
    if (!s.ok()) {
      error_ = family + ": x-tokenguard-error-response: " + s.error();
      return false;
    }
    error_response = std::move(s);
  }
  Severity unknown_members = Severity::kError;
  if (const auto it = doc.find("x-tokenguard-unknown-request-members");
      it != doc.end() && it->is_object() && it->value("severity", "") == "warning")
    unknown_members = Severity::kWarning;
  static const char* const kMethods[] = {"get", "put", "post", "delete", "patch", "head", "options"};
  for (const auto& [path, item] : doc["paths"].items()) {
    if (!item.is_object()) continue;
    for (const char* m : kMethods) {
      if (!item.contains(m)) continue;
      const json& op = item[m];
      Operation o;
      o.family = family;
      o.method = upper(m);
      o.path_template = path;
      o.semantic_checks = semantic;
      o.error_response = error_response;
      o.unknown_request_members = unknown_members;
      o.summary = op.value("summary", "");
      if (op.contains("x-tokenguard-id") && op["x-tokenguard-id"].is_string()) {
        o.id = op["x-tokenguard-id"].get<std::string>();
      } else if (op.contains("operationId") && op["operationId"].is_string()) {
        o.id = op["operationId"].get<std::string>();
      } else {
        o.id = o.method + " " + path;
      }
      const auto compile = [&](const std::string& ptr, const std::string& what) -> std::optional<Schema> {
        Schema s = Schema::compile(shared, ptr, options);
        if (!s.ok()) {
          error_ = family + ": " + o.id + ": " + what + ": " + s.error();
          return std::nullopt;
        }
        return s;
      };
      // Parameters: the path item's, then the operation's (which win).
      for (const char* level : {"", "op"}) {
        const json& holder = std::string_view(level).empty() ? item : op;
        if (!holder.contains("parameters") || !holder["parameters"].is_array()) continue;
        for (std::size_t i = 0; i < holder["parameters"].size(); ++i) {
          const json& p = holder["parameters"][i];
          if (!p.is_object() || !p.contains("name") || !p.contains("in")) continue;
          Parameter param;
          param.name = p["name"].get<std::string>();
          param.in = p["in"].get<std::string>();
          param.required = p.value("required", false) || param.in == "path";
          param.schema_json = p.value("schema", json::object());
          const std::string ptr = std::string_view(level).empty()
                                      ? pointer_of({"paths", path, "parameters", std::to_string(i), "schema"})
                                      : pointer_of({"paths", path, m, "parameters", std::to_string(i), "schema"});
          if (p.contains("schema")) {
            auto s = compile(ptr, "parameter " + param.name);
            if (!s) return false;
            param.schema = std::move(*s);
          }
          std::erase_if(o.parameters, [&](const Parameter& q) { return q.name == param.name && q.in == param.in; });
          o.parameters.push_back(std::move(param));
        }
      }
      if (op.contains("requestBody")) {
        const json& rb = op["requestBody"];
        o.body_required = rb.value("required", false);
        if (rb.contains("content") && rb["content"].is_object())
          for (const auto& [media, ignored] : rb["content"].items()) {
            std::string lower = media;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            o.request_media_types.push_back(std::move(lower));
          }
        if (rb.contains("content") && rb["content"].contains("application/json") &&
            rb["content"]["application/json"].contains("schema")) {
          auto s = compile(pointer_of({"paths", path, m, "requestBody", "content", "application/json", "schema"}),
                           "request body");
          if (!s) return false;
          o.request_body = std::move(*s);
        }
      }
      if (op.contains("responses") && op["responses"].is_object()) {
        for (const auto& [status, resp] : op["responses"].items()) {
          const bool has_json = resp.contains("content") && resp["content"].contains("application/json") &&
                                resp["content"]["application/json"].contains("schema");
          o.response_has_body[status] = resp.contains("content") && !resp["content"].empty();
          if (!has_json) continue;
          std::set<const json*> seen;
          o.returns_secrets = o.returns_secrets || mentions_secret(doc, resp["content"]["application/json"]["schema"], seen);
          auto s = compile(pointer_of({"paths", path, m, "responses", status, "content", "application/json", "schema"}),
                           "response " + status);
          if (!s) return false;
          o.responses.emplace(status, std::move(*s));
        }
      }
      const json* security = op.contains("security") ? &op["security"] : doc.contains("security") ? &doc["security"] : nullptr;
      if (security != nullptr && security->is_array()) {
        for (const auto& alternative : *security) {
          std::vector<SecurityScheme> all;
          for (const auto& [name, scopes] : alternative.items()) {
            SecurityScheme sc;
            sc.name = name;
            if (schemes.contains(name)) {
              const json& def = schemes[name];
              sc.type = def.value("type", "");
              sc.scheme = def.value("scheme", "");
              if (sc.type == "apiKey" && def.value("in", "") == "header") sc.header_name = def.value("name", "");
            }
            all.push_back(std::move(sc));
          }
          if (!all.empty()) o.security.push_back(std::move(all));
        }
      }
      operations_.push_back(std::move(o));
    }
  }
  return true;
}

std::shared_ptr<const Catalog> Catalog::embedded() {
  static const std::shared_ptr<const Catalog> catalog = load_embedded();
  return catalog;
}

std::shared_ptr<const Catalog> Catalog::load_embedded() {
  {
    auto c = std::make_shared<Catalog>();
    try {
      for (std::size_t i = 0; i < detail::kEmbeddedDocumentCount && c->ok(); ++i) {
        const auto& d = detail::kEmbeddedDocuments[i];
        std::string family(d.name);
        if (const auto dot = family.find('.'); dot != std::string::npos) family.resize(dot);
        std::string text;
        for (std::size_t k = 0; k < d.part_count; ++k) text += d.parts[k];
        c->add_document(json::parse(text), family, true);
      }
    } catch (const std::exception& e) {
      c->error_ = std::string("embedded catalog: ") + e.what();
    }
    std::sort(c->operations_.begin(), c->operations_.end(),
              [](const Operation& a, const Operation& b) { return a.id < b.id; });
    return std::shared_ptr<const Catalog>(std::move(c));
  }
}

std::shared_ptr<const Catalog> Catalog::from_openapi(const json& document, std::string family) {
  auto c = std::make_shared<Catalog>();
  try {
    c->add_document(document, family, false);
  } catch (const std::exception& e) {
    c->error_ = family + ": " + e.what();
  }
  return c;
}

const Operation* Catalog::find(std::string_view id) const noexcept {
  for (const Operation& o : operations_)
    if (o.id == id) return &o;
  return nullptr;
}

std::optional<std::map<std::string, std::string>> match_path(std::string_view path_template,
                                                             std::string_view path) {
  int literals = 0;
  if (!fits(path_template, path, &literals)) return std::nullopt;
  const std::vector<std::string_view> tmpl = split_path(path_template);
  const std::vector<std::string_view> segments = split_path(path);
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (is_param(tmpl[i])) params[std::string(tmpl[i].substr(1, tmpl[i].size() - 2))] = std::string(segments[i]);
  }
  return params;
}

RouteMatch Catalog::route(std::string_view method, std::string_view path) const {
  RouteMatch best;
  std::string_view bare = path;
  if (const auto q = path.find('?'); q != std::string_view::npos) {
    best.query = std::string(path.substr(q + 1));
    bare = path.substr(0, q);
  }
  const std::string m = upper(method);
  int best_literals = -1;
  bool path_matched = false;
  // This method's operations first; the others only when none fits, to
  // tell "no such path" from "no such method here".
  for (const Operation& o : operations_) {
    int literals = 0;
    if (o.method != m || !fits(o.path_template, bare, &literals)) continue;
    path_matched = true;
    // Literal segments win over parameters (/user/tokens/verify).
    if (literals <= best_literals) continue;
    best_literals = literals;
    best.operation = &o;
  }
  for (std::size_t i = 0; best.operation == nullptr && !path_matched && i < operations_.size(); ++i) {
    int literals = 0;
    path_matched = fits(operations_[i].path_template, bare, &literals);
  }
  if (best.operation != nullptr) best.path_params = *match_path(best.operation->path_template, bare);
  best.method_known = best.operation != nullptr || !path_matched;
  return best;
}

}  // namespace tokenguard
