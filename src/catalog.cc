#include "tokenguard/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <cctype>
#include <mutex>
#include <set>

#include "embedded_catalog.h"
#include "openapi_loader.h"
#include "text.h"
#include "yaml_input.h"
#include "uri.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

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

}  // namespace

bool Catalog::add_document(std::shared_ptr<const json> document, const OpenApiOptions& options, bool semantic) {
  detail::OpenApiLoad loaded = detail::load_openapi(std::move(document), options, semantic);
  for (auto& d : loaded.diagnostics) diagnostics_.push_back(std::move(d));
  if (!loaded.error.empty()) {
    error_ = std::move(loaded.error);
    return false;
  }
  for (auto& o : loaded.operations) operations_.push_back(std::move(o));
  for (auto& w : loaded.webhooks) webhooks_.push_back(std::move(w));
  return true;
}

std::shared_ptr<const Catalog> Catalog::embedded() {
  static const std::shared_ptr<const Catalog> catalog = load_embedded();
  return catalog;
}

std::shared_ptr<const Catalog> detail::load_embedded_catalog() { return Catalog::load_embedded(); }

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
        OpenApiOptions options;
        options.family = family;
        options.eager = true;
        c->add_document(std::make_shared<const json>(json::parse(text)), options, true);
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
  OpenApiOptions options;
  options.family = std::move(family);
  return from_openapi(document, options);
}

std::shared_ptr<const Catalog> Catalog::from_openapi(const json& document, const OpenApiOptions& options) {
  auto c = std::make_shared<Catalog>();
  try {
    c->add_document(std::make_shared<const json>(document), options, false);
  } catch (const std::exception& e) {
    c->error_ = options.family + ": " + e.what();
  }
  return c;
}

std::shared_ptr<const Catalog> Catalog::from_openapi_text(std::string_view text, const OpenApiOptions& options) {
  auto c = std::make_shared<Catalog>();
  try {
    std::string error;
    auto doc = detail::parse_document_text(text, error);
    if (!doc) {
      c->error_ = options.family + ": " + error;
      return c;
    }
    c->add_document(std::make_shared<const json>(std::move(*doc)), options, false);
  } catch (const std::exception& e) {
    c->error_ = options.family + ": " + e.what();
  }
  return c;
}

std::shared_ptr<const Catalog> Catalog::from_openapi_file(const std::string& path, OpenApiOptions options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    auto c = std::make_shared<Catalog>();
    c->error_ = options.family + ": cannot read " + detail::escaped(path, 200);
    return c;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::error_code ec;
  const auto dir = std::filesystem::absolute(path, ec).parent_path();
  if (options.base_uri.empty()) options.base_uri = detail::file_uri(path);
  options.loader = detail::file_loader(dir.string(), std::move(options.loader));
  return from_openapi_text(text.str(), options);
}

const Operation* Catalog::find(std::string_view id) const noexcept {
  for (const Operation& o : operations_)
    if (o.id == id) return &o;
  return nullptr;
}

namespace detail {
bool path_fits(std::string_view path_template, std::string_view path) noexcept {
  int literals = 0;
  return fits(path_template, path, &literals);
}
}  // namespace detail

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

const Operation* Catalog::match(std::string_view method, std::string_view path, bool* method_known) const noexcept {
  const std::string_view bare = path.substr(0, path.find('?'));
  char m[16];  // no method is longer; a longer one matches none
  const bool too_long = method.size() >= sizeof m;
  for (std::size_t i = 0; i < method.size() && !too_long; ++i)
    m[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(method[i])));
  const std::string_view upper_method(m, too_long ? 0 : method.size());
  const Operation* best = nullptr;
  int best_literals = -1;
  bool path_matched = false;
  // This method's operations first; the others only when none fits, to
  // tell "no such path" from "no such method here".
  for (const Operation& o : operations_) {
    int literals = 0;
    if (too_long || o.method != upper_method || !fits(o.path_template, bare, &literals)) continue;
    path_matched = true;
    // Literal segments win over parameters (/user/tokens/verify).
    if (literals <= best_literals) continue;
    best_literals = literals;
    best = &o;
  }
  for (std::size_t i = 0; best == nullptr && !path_matched && i < operations_.size(); ++i) {
    int literals = 0;
    path_matched = fits(operations_[i].path_template, bare, &literals);
  }
  if (method_known != nullptr) *method_known = best != nullptr || !path_matched;
  return best;
}

RouteMatch Catalog::route(std::string_view method, std::string_view path) const {
  RouteMatch best;
  std::string_view bare = path;
  if (const auto q = path.find('?'); q != std::string_view::npos) {
    best.query = std::string(path.substr(q + 1));
    bare = path.substr(0, q);
  }
  best.operation = match(method, path, &best.method_known);
  if (best.operation != nullptr) best.path_params = *match_path(best.operation->path_template, bare);
  return best;
}

}  // namespace tokenguard
