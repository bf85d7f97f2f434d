// The C API (include/tokenguard/tokenguard.h): every function catches
// everything and turns it into a tg_status.
#include "tokenguard/tokenguard.h"
#include "tokenguard/version.h"

#include <array>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"
#include "tokenguard/duration.h"
#include "tokenguard/redact.h"

struct tg_catalog {
  std::shared_ptr<const tokenguard::Catalog> catalog;
};

struct tg_result {
  tokenguard::CheckResult result;
  std::string operation;
  std::string envelope;  // rendered on first request
  bool envelope_ready = false;
};

namespace {

using tokenguard::Catalog;
using tokenguard::CheckResult;

template <class F>
tg_status guarded(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return TG_ERR_NO_MEMORY;
  } catch (...) {
    return TG_ERR_INTERNAL;
  }
}

std::string_view view(const char* p, std::size_t n) { return p == nullptr ? std::string_view() : std::string_view(p, n); }

bool bad_span(const char* p, std::size_t n) { return p == nullptr && n != 0; }

// An operation id, or the method and path to route by, as the header allows:
// an id of at least one byte, or (id NULL) a method and a path of at least
// one byte each.
bool bad_target(const char* id, std::size_t id_len, const char* method, std::size_t method_len, const char* path,
                std::size_t path_len) {
  if (bad_span(id, id_len) || bad_span(method, method_len) || bad_span(path, path_len)) return true;
  if (id != nullptr) return id_len == 0;
  return method == nullptr || method_len == 0 || path == nullptr || path_len == 0;
}

void copy_error(char* error, std::size_t size, const std::string& text) {
  if (error == nullptr || size == 0) return;
  const std::size_t n = std::min(size - 1, text.size());
  std::memcpy(error, text.data(), n);
  error[n] = '\0';
}

// tg_openapi_options into OpenApiOptions; false for a bad size or flag.
bool openapi_options(const tg_openapi_options* in, tokenguard::OpenApiOptions& out) {
  if (in == nullptr) return true;
  if (in->size == 0) return false;
  tg_openapi_options o{};
  std::memcpy(&o, in, std::min(in->size, sizeof o));
  if ((o.flags & ~(TG_OPENAPI_EAGER | TG_OPENAPI_FORMATS_ANNOTATE)) != 0) return false;
  if (bad_span(o.base_uri, o.base_uri_len)) return false;
  out.base_uri = std::string(view(o.base_uri, o.base_uri_len));
  out.eager = (o.flags & TG_OPENAPI_EAGER) != 0;
  if ((o.flags & TG_OPENAPI_FORMATS_ANNOTATE) != 0) out.formats = tokenguard::SchemaOptions::Formats::kAnnotate;
  if (o.resolver != nullptr) {
    const tg_resolver resolver = o.resolver;
    void* data = o.resolver_data;
    out.loader = [resolver, data](const std::string& uri) -> std::optional<std::string> {
      const char* text = nullptr;
      std::size_t len = 0;
      if (resolver(data, uri.data(), uri.size(), &text, &len) != 1 || (text == nullptr && len != 0))
        return std::nullopt;
      return std::string(view(text, len));
    };
  }
  return true;
}

tg_status loaded(std::shared_ptr<const Catalog> c, tg_catalog** out, char* error, std::size_t error_size) {
  if (!c->ok()) {
    copy_error(error, error_size, c->error());
    return TG_ERR_LOAD;
  }
  *out = new tg_catalog{std::move(c)};
  return TG_OK;
}

// A thread's reused header vector keeps room for this many headers.
constexpr std::size_t kKeepHeaders = 256;

// Runs `check` on the handle's result, filled in place (check.h): its
// findings, their strings, the operation and envelope strings are all
// written again, so a reused handle allocates nothing once warm, warnings
// included.
template <class F>
tg_status store(tg_result& into, F&& check) {
  check(into.result);
  if (into.result.operation != nullptr) {
    into.operation.assign(into.result.operation->id);
  } else {
    into.operation.clear();
  }
  into.envelope.clear();
  into.envelope_ready = false;
  return into.result.valid ? TG_OK : TG_INVALID;
}

// What an error status leaves in a reused handle: no operation, no finding,
// not valid.
void reset(tg_result& into) noexcept {
  into.result = CheckResult{};
  into.result.valid = false;
  into.operation.clear();
  into.envelope.clear();
  into.envelope_ready = false;
}

// A check into a new handle, set in *out only for TG_OK and TG_INVALID.
template <class F>
tg_status into_new(tg_result** out, F&& check) noexcept {
  if (out == nullptr) return TG_ERR_ARGUMENT;
  *out = nullptr;
  return guarded([&] {
    auto result = std::make_unique<tg_result>();
    const tg_status s = check(*result);
    if (s == TG_OK || s == TG_INVALID) *out = result.release();
    return s;
  });
}

// A check into a caller's handle; any other status than TG_OK and
// TG_INVALID leaves it reset.
template <class F>
tg_status into_reused(tg_result* result, F&& check) noexcept {
  if (result == nullptr) return TG_ERR_ARGUMENT;
  const tg_status s = guarded([&] { return check(*result); });
  if (s != TG_OK && s != TG_INVALID) reset(*result);
  return s;
}

// The operation by id, or by routing; nullptr (and a finding-bearing result)
// when routing found none.
const tokenguard::Operation* pick(const Catalog& c, std::string_view id, std::string_view method,
                                  std::string_view path, tg_status& status) {
  status = TG_OK;
  if (!id.empty()) {
    const auto* op = c.find(id);
    if (op == nullptr) status = TG_ERR_UNKNOWN_OPERATION;
    return op;
  }
  return c.match(method, path);
}

}  // namespace

namespace {

// A grammar's refusal for the C API: its message into the caller's buffer
// (cut to fit, NUL-terminated), TG_INVALID.
tg_status parse_failure(const tokenguard::ParseError& why, char* error, std::size_t error_size) {
  if (error != nullptr && error_size > 0) {
    const std::string m = why.message();
    const std::size_t n = m.size() < error_size - 1 ? m.size() : error_size - 1;
    std::memcpy(error, m.data(), n);
    error[n] = '\0';
  }
  return TG_INVALID;
}

}  // namespace

extern "C" {

const char* tg_version(void) { return TOKENGUARD_VERSION_STRING; }

const char* tg_status_string(int status) {
  switch (status) {
    case TG_OK: return "ok";
    case TG_INVALID: return "invalid";
    case TG_ERR_ARGUMENT: return "bad argument";
    case TG_ERR_UNKNOWN_OPERATION: return "unknown operation";
    case TG_ERR_LOAD: return "document did not load";
    case TG_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case TG_ERR_NO_MEMORY: return "out of memory";
    case TG_ERR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

tg_status tg_catalog_embedded(tg_catalog** out) {
  return guarded([&] {
    if (out == nullptr) return TG_ERR_ARGUMENT;
    *out = nullptr;
    auto c = Catalog::embedded();
    if (!c->ok()) return TG_ERR_LOAD;
    *out = new tg_catalog{std::move(c)};
    return TG_OK;
  });
}

tg_status tg_catalog_from_openapi(const char* json, size_t json_len, tg_catalog** out, char* error, size_t error_size) {
  return tg_catalog_from_openapi_ex(json, json_len, nullptr, out, error, error_size);
}

tg_status tg_catalog_from_openapi_ex(const char* text, size_t text_len, const tg_openapi_options* options,
                                     tg_catalog** out, char* error, size_t error_size) {
  return guarded([&] {
    if (out == nullptr || text == nullptr) return TG_ERR_ARGUMENT;
    *out = nullptr;
    tokenguard::OpenApiOptions o;
    if (!openapi_options(options, o)) return TG_ERR_ARGUMENT;
    if (text_len > (64u << 20)) {
      copy_error(error, error_size, "the document is larger than 64 MiB");
      return TG_ERR_LOAD;
    }
    return loaded(Catalog::from_openapi_text(view(text, text_len), o), out, error, error_size);
  });
}

tg_status tg_catalog_from_openapi_file(const char* path, size_t path_len, const tg_openapi_options* options,
                                       tg_catalog** out, char* error, size_t error_size) {
  return guarded([&] {
    if (out == nullptr || path == nullptr || path_len == 0) return TG_ERR_ARGUMENT;
    *out = nullptr;
    tokenguard::OpenApiOptions o;
    if (!openapi_options(options, o)) return TG_ERR_ARGUMENT;
    return loaded(Catalog::from_openapi_file(std::string(path, path_len), o), out, error, error_size);
  });
}

size_t tg_catalog_diagnostic_count(const tg_catalog* catalog) {
  try {
    return catalog == nullptr ? 0 : catalog->catalog->diagnostics().size();
  } catch (...) {
    return 0;
  }
}

const char* tg_catalog_diagnostic_location(const tg_catalog* catalog, size_t i) {
  if (catalog == nullptr || i >= catalog->catalog->diagnostics().size()) return nullptr;
  return catalog->catalog->diagnostics()[i].location.c_str();
}

const char* tg_catalog_diagnostic_message(const tg_catalog* catalog, size_t i) {
  if (catalog == nullptr || i >= catalog->catalog->diagnostics().size()) return nullptr;
  return catalog->catalog->diagnostics()[i].message.c_str();
}

void tg_catalog_free(tg_catalog* catalog) { delete catalog; }

size_t tg_catalog_operation_count(const tg_catalog* catalog) {
  return catalog == nullptr ? 0 : catalog->catalog->operations().size();
}

const char* tg_catalog_operation_id(const tg_catalog* catalog, size_t i) {
  if (catalog == nullptr || i >= catalog->catalog->operations().size()) return nullptr;
  return catalog->catalog->operations()[i].id.c_str();
}

const char* tg_catalog_operation_method(const tg_catalog* catalog, size_t i) {
  if (catalog == nullptr || i >= catalog->catalog->operations().size()) return nullptr;
  return catalog->catalog->operations()[i].method.c_str();
}

const char* tg_catalog_operation_path(const tg_catalog* catalog, size_t i) {
  if (catalog == nullptr || i >= catalog->catalog->operations().size()) return nullptr;
  return catalog->catalog->operations()[i].path_template.c_str();
}

tg_status tg_parse_duration(const char* text, size_t len, int64_t* nanoseconds, char* error, size_t error_size) {
  try {
    if ((text == nullptr && len != 0) || nanoseconds == nullptr) return TG_ERR_ARGUMENT;
    const auto r = tokenguard::parse_duration(std::string_view(text == nullptr ? "" : text, len));
    if (!r.ok()) return parse_failure(r.error(), error, error_size);
    *nanoseconds = r.value().nanoseconds;
    return TG_OK;
  } catch (...) {
    return TG_ERR_INTERNAL;
  }
}

tg_status tg_parse_date_time(const char* text, size_t len, int64_t* unix_seconds, uint32_t* nanoseconds,
                             int32_t* offset_seconds, char* error, size_t error_size) {
  try {
    if ((text == nullptr && len != 0) || unix_seconds == nullptr || nanoseconds == nullptr || offset_seconds == nullptr)
      return TG_ERR_ARGUMENT;
    const auto r = tokenguard::parse_date_time(std::string_view(text == nullptr ? "" : text, len));
    if (!r.ok()) return parse_failure(r.error(), error, error_size);
    *unix_seconds = r.value().unix_seconds;
    *nanoseconds = r.value().nanoseconds;
    *offset_seconds = r.value().time.offset_seconds;
    return TG_OK;
  } catch (...) {
    return TG_ERR_INTERNAL;
  }
}

tg_status tg_parse_cidr(const char* text, size_t len, char* canonical, size_t canonical_size, int* bits, char* error,
                        size_t error_size) {
  try {
    if ((text == nullptr && len != 0) || canonical == nullptr || bits == nullptr) return TG_ERR_ARGUMENT;
    const auto r = tokenguard::parse_prefix(std::string_view(text == nullptr ? "" : text, len));
    if (!r.ok()) return parse_failure(r.error(), error, error_size);
    std::array<char, tokenguard::kMaxPrefixText> buf{};
    const std::string_view t = tokenguard::format_prefix(r.value().masked(), buf);
    if (canonical_size < t.size() + 1) return TG_ERR_BUFFER_TOO_SMALL;
    std::memcpy(canonical, t.data(), t.size());
    canonical[t.size()] = '\0';
    *bits = r.value().bits;
    return TG_OK;
  } catch (...) {
    return TG_ERR_INTERNAL;
  }
}

}  // extern "C"

namespace {

// The options a tg_options asks for; false for one the header does not allow.
bool read_options(const tg_options* options, tokenguard::CheckOptions& o) {
  if (options == nullptr) return true;
  if (options->size == 0) return false;
  // Fields past what the caller's struct holds keep their defaults.
  const auto has = [&](std::size_t end) { return options->size >= end; };
  unsigned flags = 0;
  if (has(offsetof(tg_options, flags) + sizeof options->flags)) flags = options->flags;
  if ((flags & ~(TG_OPTION_STRICT | TG_OPTION_FAIL_FAST | TG_OPTION_NO_SEMANTIC_CHECKS)) != 0) return false;
  o.strict = (flags & TG_OPTION_STRICT) != 0;
  o.fail_fast = (flags & TG_OPTION_FAIL_FAST) != 0;
  o.semantic_checks = (flags & TG_OPTION_NO_SEMANTIC_CHECKS) == 0;
  if (has(offsetof(tg_options, max_body_bytes) + sizeof options->max_body_bytes) && options->max_body_bytes != 0)
  {
    o.limits.max_bytes = options->max_body_bytes;
    o.max_response_bytes = options->max_body_bytes;
  }
  if (has(offsetof(tg_options, max_findings) + sizeof options->max_findings) && options->max_findings != 0)
    o.max_findings = options->max_findings;
  return true;
}

tg_status check_request_with(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                             const char* method, size_t method_len, const char* path, size_t path_len,
                             const tg_header* headers, size_t header_count, int headers_given, const char* body,
                             size_t body_len, const tg_options* options, tg_result& into) {
  if (catalog == nullptr || bad_target(operation_id, operation_id_len, method, method_len, path, path_len) ||
      bad_span(body, body_len) || (headers == nullptr && header_count != 0) ||
      (headers_given != 0 && headers_given != 1))
    return TG_ERR_ARGUMENT;
  // The headers as views, in this thread's reused vector (a gateway's
  // every request has some).
  thread_local std::vector<tokenguard::HttpHeader> hs;
  hs.clear();
  if (hs.capacity() > kKeepHeaders && header_count <= kKeepHeaders) hs.shrink_to_fit();
  hs.reserve(header_count);
  for (size_t i = 0; i < header_count; ++i) {
    if (headers[i].name == nullptr || headers[i].name_len == 0 || bad_span(headers[i].value, headers[i].value_len))
      return TG_ERR_ARGUMENT;
    hs.push_back({view(headers[i].name, headers[i].name_len), view(headers[i].value, headers[i].value_len)});
  }
  tokenguard::CheckOptions o;
  if (!read_options(options, o)) return TG_ERR_ARGUMENT;
  tokenguard::HttpRequest req;
  req.method = view(method, method_len);
  req.path = view(path, path_len);
  req.headers = headers_given ? &hs : nullptr;
  req.body = view(body, body_len);
  const Catalog& c = *catalog->catalog;
  if (operation_id != nullptr) {
    tg_status s = TG_OK;
    const auto* op = pick(c, view(operation_id, operation_id_len), {}, {}, s);
    if (op == nullptr) return s;
    return store(into, [&](CheckResult& r) { tokenguard::check_request(*op, req, o, r); });
  }
  return store(into, [&](CheckResult& r) { tokenguard::check_request(c, req, o, r); });
}

tg_status check_response_with(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                              const char* method, size_t method_len, const char* path, size_t path_len, int status,
                              const char* body, size_t body_len, const tg_options* options, tg_result& into) {
  if (catalog == nullptr || bad_target(operation_id, operation_id_len, method, method_len, path, path_len) ||
      bad_span(body, body_len) || status < 100 || status > 599)
    return TG_ERR_ARGUMENT;
  tokenguard::CheckOptions o;
  if (!read_options(options, o)) return TG_ERR_ARGUMENT;
  tg_status s = TG_OK;
  const auto* op = pick(*catalog->catalog, view(operation_id, operation_id_len), view(method, method_len),
                        view(path, path_len), s);
  if (s != TG_OK) return s;
  if (op == nullptr) {
    // No operation matches: report it as a check result, as for requests.
    tokenguard::HttpRequest req;
    req.method = view(method, method_len);
    req.path = view(path, path_len);
    return store(into, [&](CheckResult& r) { tokenguard::check_request(*catalog->catalog, req, {}, r); });
  }
  return store(into, [&](CheckResult& r) { tokenguard::check_response(*op, status, view(body, body_len), o, r); });
}

}  // namespace

extern "C" {

tg_status tg_check_request(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                           const char* method, size_t method_len, const char* path, size_t path_len,
                           const tg_header* headers, size_t header_count, int headers_given, const char* body,
                           size_t body_len, tg_result** out) {
  return into_new(out, [&](tg_result& into) {
    return check_request_with(catalog, operation_id, operation_id_len, method, method_len, path, path_len, headers,
                              header_count, headers_given, body, body_len, nullptr, into);
  });
}

tg_status tg_check_response(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                            const char* method, size_t method_len, const char* path, size_t path_len, int status,
                            const char* body, size_t body_len, tg_result** out) {
  return into_new(out, [&](tg_result& into) {
    return check_response_with(catalog, operation_id, operation_id_len, method, method_len, path, path_len, status,
                               body, body_len, nullptr, into);
  });
}

namespace {

tg_status request_into(const tg_catalog* catalog, const tg_request* r, const tg_options* options, tg_result& into) {
  if (r == nullptr) return TG_ERR_ARGUMENT;
  return check_request_with(catalog, r->operation_id, r->operation_id_len, r->method, r->method_len, r->path,
                            r->path_len, r->headers, r->header_count, r->headers_given, r->body, r->body_len, options,
                            into);
}

tg_status response_into(const tg_catalog* catalog, const tg_request* r, int status, const char* body,
                        size_t body_len, const tg_options* options, tg_result& into) {
  if (r == nullptr) return TG_ERR_ARGUMENT;
  return check_response_with(catalog, r->operation_id, r->operation_id_len, r->method, r->method_len, r->path,
                             r->path_len, status, body, body_len, options, into);
}

}  // namespace

tg_status tg_check_request_ex(const tg_catalog* catalog, const tg_request* r, const tg_options* options,
                              tg_result** out) {
  return into_new(out, [&](tg_result& into) { return request_into(catalog, r, options, into); });
}

tg_status tg_check_response_ex(const tg_catalog* catalog, const tg_request* r, int status, const char* body,
                               size_t body_len, const tg_options* options, tg_result** out) {
  return into_new(out, [&](tg_result& into) { return response_into(catalog, r, status, body, body_len, options, into); });
}

tg_result* tg_result_new(void) {
  try {
    auto result = std::make_unique<tg_result>();
    reset(*result);
    return result.release();
  } catch (...) {
    return nullptr;
  }
}

tg_status tg_check_request_into(const tg_catalog* catalog, const tg_request* r, const tg_options* options,
                                tg_result* result) {
  return into_reused(result, [&](tg_result& into) { return request_into(catalog, r, options, into); });
}

tg_status tg_check_response_into(const tg_catalog* catalog, const tg_request* r, int status, const char* body,
                                 size_t body_len, const tg_options* options, tg_result* result) {
  return into_reused(result,
                     [&](tg_result& into) { return response_into(catalog, r, status, body, body_len, options, into); });
}

int tg_result_valid(const tg_result* result) { return result != nullptr && result->result.valid ? 1 : 0; }

const char* tg_result_operation(const tg_result* result) { return result == nullptr ? "" : result->operation.c_str(); }

size_t tg_result_finding_count(const tg_result* result) {
  return result == nullptr ? 0 : result->result.findings.size();
}

tg_status tg_result_finding(const tg_result* result, size_t i, tg_finding* out) {
  return guarded([&] {
    if (result == nullptr || out == nullptr || i >= result->result.findings.size()) return TG_ERR_ARGUMENT;
    const tokenguard::Finding& f = result->result.findings[i];
    out->severity = f.severity == tokenguard::Severity::kError ? TG_SEVERITY_ERROR : TG_SEVERITY_WARNING;
    out->location = f.location.c_str();
    out->pointer = f.pointer.c_str();
    out->keyword = f.keyword.c_str();
    out->code = f.code.c_str();
    out->message = f.message.c_str();
    return TG_OK;
  });
}

tg_status tg_result_envelope(const tg_result* result, char* buffer, size_t buffer_size, size_t* needed) {
  return guarded([&] {
    if (result == nullptr || needed == nullptr || (buffer == nullptr && buffer_size != 0)) return TG_ERR_ARGUMENT;
    auto* r = const_cast<tg_result*>(result);  // the envelope is rendered once, on demand
    if (!r->envelope_ready) {
      r->envelope = tokenguard::render_error_envelope(r->result);
      r->envelope_ready = true;
    }
    *needed = r->envelope.size();
    if (buffer_size < r->envelope.size() + 1) return TG_ERR_BUFFER_TOO_SMALL;
    std::memcpy(buffer, r->envelope.data(), r->envelope.size());
    buffer[r->envelope.size()] = '\0';
    return TG_OK;
  });
}

void tg_result_free(tg_result* result) { delete result; }

tg_status tg_redact_json(const char* json, size_t json_len, char* buffer, size_t buffer_size, size_t* needed) {
  return tg_redact_json_mode(json, json_len, TG_REDACT_SECRET_FIELDS, buffer, buffer_size, needed);
}

int tg_catalog_operation_returns_secrets(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len) {
  try {
    if (catalog == nullptr || operation_id == nullptr || operation_id_len == 0) return -1;
    const auto* op = catalog->catalog->find(view(operation_id, operation_id_len));
    return op == nullptr ? -1 : op->returns_secrets ? 1 : 0;
  } catch (...) {
    return -1;
  }
}

tg_status tg_redact_json_mode(const char* json, size_t json_len, int mode, char* buffer, size_t buffer_size,
                              size_t* needed) {
  return guarded([&] {
    if (needed == nullptr || (json == nullptr && json_len != 0) || (buffer == nullptr && buffer_size != 0))
      return TG_ERR_ARGUMENT;
    *needed = 0;
    tokenguard::RedactMode m;
    switch (mode) {
      case TG_REDACT_SECRET_FIELDS: m = tokenguard::RedactMode::kSecretFields; break;
      case TG_REDACT_STRINGS: m = tokenguard::RedactMode::kStrings; break;
      case TG_REDACT_ALL: m = tokenguard::RedactMode::kAll; break;
      default: return TG_ERR_ARGUMENT;
    }
    std::string safe;
    if (!tokenguard::redact_json(std::string_view(json == nullptr ? "" : json, json_len), safe, m)) return TG_INVALID;
    *needed = safe.size();
    if (buffer_size < safe.size() + 1) return TG_ERR_BUFFER_TOO_SMALL;
    std::memcpy(buffer, safe.data(), safe.size());
    buffer[safe.size()] = '\0';
    return TG_OK;
  });
}

}  // extern "C"
