#include "tokenguard/check.h"

#include "tokenguard/finding_codes.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>

#include "finding_pool.h"
#include "json_tape.h"
#include "schema/evaluator.h"
#include "schema/program.h"
#include "scratch.h"
#include "semantic_checks.h"
#include "text.h"
#include "uri.h"
#include "words.h"

namespace tokenguard {

CheckResult::~CheckResult() { detail::release_findings(findings); }

namespace {

using json = nlohmann::json;

Finding make(std::string location, std::string pointer, const char* keyword, FindingCode code, std::string message,
             Severity s = Severity::kError) {
  return Finding{s, std::move(pointer), keyword, code_string(code), std::move(message), std::move(location)};
}

// Empties `r` for a check against `op`; its findings go back to this
// thread's pool (finding_pool.h), to be written again in place.
void start(CheckResult& r, const Operation* op) {
  detail::recycle_findings_if_any(r.findings);
  r.valid = true;
  r.operation = op;
  if (!r.notes.empty()) r.notes = NoteList();
}

// Valid when no error was found: none is listed, and none was dropped by
// max_findings (which clears r.valid where it happens).
void finish(CheckResult& r) {
  r.valid = r.valid && std::none_of(r.findings.begin(), r.findings.end(),
                                    [](const Finding& f) { return f.severity == Severity::kError; });
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

const HttpHeader* header(const std::vector<HttpHeader>& headers, std::string_view name) {
  for (const HttpHeader& h : headers)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

std::string bounded(std::string_view s, std::size_t limit = 64) { return detail::escaped(s, limit); }

// A parameter's text as the JSON value its schema expects: a number when
// the schema wants one and the text is a JSON number (no sign but '-', no
// leading zero, no hex, no spaces: a looser reading would check a value the
// upstream reads otherwise), a boolean for exactly "true" or "false";
// otherwise the string stays a string and the schema's type check reports it.
// (The value is this thread's: a string keeps its capacity from call to
// call, so reading a parameter allocates nothing once warm.)
const json& parameter_value(const Parameter& p, std::string_view text) {
  thread_local json string_value = std::string();
  thread_local json other_value;
  const std::uint8_t types = detail::root_types(p.schema);
  if ((types & (detail::kInteger | detail::kNumber)) != 0 && (types & detail::kString) == 0 &&
      detail::is_json_number(text)) {
    const char* first = text.data();
    const char* last = text.data() + text.size();
    std::int64_t i = 0;
    if (const auto [end, ec] = std::from_chars(first, last, i); ec == std::errc() && end == last)
      return other_value = json(i);
    double d = 0;
    if (const auto [end, ec] = std::from_chars(first, last, d); ec == std::errc() && end == last && std::isfinite(d))
      return other_value = json(d);
  } else if ((types & detail::kBoolean) != 0 && (types & detail::kString) == 0) {
    if (text == "true") return other_value = json(true);
    if (text == "false") return other_value = json(false);
  }
  string_value.get_ref<std::string&>().assign(text);
  return string_value;
}

void check_parameter(const Parameter& p, std::string_view text, CheckResult& r, const CheckOptions& o) {
  if (!p.schema.ok()) return;
  ValidateOptions vo;
  vo.fail_fast = o.fail_fast;
  const ValidationResult v = validate(p.schema, parameter_value(p, text), vo);
  for (const Finding& f : v.findings) {
    Finding g = f;
    g.location = p.in;
    g.pointer = "/" + p.name;
    g.message = p.in + " parameter \"" + p.name + "\": " + f.message;
    r.findings.push_back(std::move(g));
  }
}

void check_query(const Operation& op, std::string_view query, CheckResult& r, const CheckOptions& o) {
  thread_local std::vector<detail::QueryPair> reused;
  const std::size_t pair_count = detail::parse_query_into(query, reused);  // (may grow `reused`: read data() after)
  const std::span<const detail::QueryPair> pairs(reused.data(), pair_count);
  for (const Parameter& p : op.parameters) {
    if (p.in != "query") continue;
    // Go's Query().Get reads the first value, other frameworks the last or
    // all: a declared parameter given twice (under any case or escaping)
    // has no single reading.
    const detail::QueryPair* first = nullptr;
    std::size_t count = 0;
    for (const detail::QueryPair& q : pairs) {
      if (!iequals(q.name, p.name)) continue;  // ASP.NET binds query names so
      if (++count == 1) first = &q;
    }
    if (count > 1) {
      r.findings.push_back(make("query", "/" + p.name, "parameters", FindingCode::TG_QUERY_DUPLICATE,
                                "query parameter \"" + p.name + "\" is given " + std::to_string(count) +
                                    " times; upstreams disagree on which value counts"));
      continue;
    }
    if (first == nullptr) {
      if (p.required)
        r.findings.push_back(make("query", "/" + p.name, "required", FindingCode::TG_REQUIRED,
                                  "missing required query parameter \"" + p.name + "\""));
      continue;
    }
    if (first->dropped_by_go) {
      r.findings.push_back(make("query", "/" + p.name, "parameters", FindingCode::TG_QUERY_SYNTAX,
                                "query parameter \"" + p.name +
                                    "\" holds a raw ';' or a malformed %-escape, which Go's net/url drops "
                                    "while other upstreams read it"));
      continue;
    }
    check_parameter(p, first->value, r, o);
  }
}

// Every segment of `bare` (a path without its query), as an upstream would
// read it; false after reporting the first few that are not plain segments.
bool check_path_segments(std::string_view bare, CheckResult& r) {
  if (bare == "/") return true;
  bool ok = true;
  std::size_t index = 0, reported = 0;
  for (std::size_t start = 1; start <= bare.size(); ++index) {
    std::size_t end = bare.find('/', start);
    if (end == std::string_view::npos) end = bare.size();
    const std::string_view segment = bare.substr(start, end - start);
    const detail::SegmentProblem problem = detail::check_segment(segment);
    if (problem != detail::SegmentProblem::kNone) {
      ok = false;
      if (reported++ < 4)
        r.findings.push_back(make("path", "", "path", FindingCode::TG_PATH_SEGMENT,
                                  "path segment " + std::to_string(index + 1) + " (\"" + bounded(segment) + "\") " +
                                      detail::describe(problem)));
    }
    start = end + 1;
  }
  if (bare.empty() || bare.front() != '/') {
    r.findings.push_back(make("path", "", "path", FindingCode::TG_PATH_SEGMENT, "the path does not start with \"/\""));
    ok = false;
  }
  return ok;
}

// The raw segment of `path` where `path_template` has {name}; false when
// the template has no such parameter. The path fits the template.
bool path_parameter(std::string_view path_template, std::string_view path, std::string_view name,
                    std::string_view* raw) {
  path_template.remove_prefix(1);
  path.remove_prefix(1);
  while (true) {
    const std::size_t ts = path_template.find('/');
    const std::size_t ps = path.find('/');
    const std::string_view t = path_template.substr(0, ts);
    if (t.size() == name.size() + 2 && t.front() == '{' && t.back() == '}' && t.substr(1, name.size()) == name) {
      *raw = path.substr(0, ps);
      return true;
    }
    if (ts == std::string_view::npos || ps == std::string_view::npos) return false;
    path_template.remove_prefix(ts + 1);
    path.remove_prefix(ps + 1);
  }
}

void check_path_and_query(const Operation& op, std::string_view bare, std::string_view query, CheckResult& r,
                          const CheckOptions& o) {
  for (const Parameter& p : op.parameters) {
    if (p.in != "path") continue;
    std::string_view raw;
    detail::Reused<std::string> decoded;
    // Segments were checked before: the escapes are well-formed.
    if (path_parameter(op.path_template, bare, p.name, &raw) && detail::percent_decode(raw, *decoded))
      check_parameter(p, *decoded, r, o);
  }
  check_query(op, query, r, o);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// How many headers named `name` there are, and the first.
const HttpHeader* header_count(const std::vector<HttpHeader>& headers, std::string_view name, std::size_t& count) {
  const HttpHeader* first = nullptr;
  count = 0;
  for (const HttpHeader& h : headers)
    if (iequals(h.name, name) && count++ == 0) first = &h;
  return first;
}

// Whether a Content-Type value names one of the operation's media types,
// with no parameter but charset=utf-8.
bool acceptable_content_type(const Operation& op, std::string_view value) {
  std::string_view media = trim(value.substr(0, value.find(';')));
  bool known = false;
  for (const std::string& m : op.request_media_types) known = known || m == "*/*" || iequals(m, media);
  if (!known) return false;
  for (std::size_t semi = value.find(';'); semi != std::string_view::npos;) {
    const std::size_t next = value.find(';', semi + 1);
    const std::string_view param = trim(value.substr(semi + 1, next == std::string_view::npos ? next : next - semi - 1));
    const std::size_t eq = param.find('=');
    std::string_view v = eq == std::string_view::npos ? std::string_view() : trim(param.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (!iequals(trim(param.substr(0, eq)), "charset") || !iequals(v, "utf-8")) return false;
    semi = next;
  }
  return true;
}

// Content-Encoding and Content-Type, when headers are given: the upstream
// reads a body by them, so one tokenguard cannot read as the operation's
// JSON must not pass (a gzip body is bytes to tokenguard and a document to
// the upstream).
void check_content_headers(const Operation& op, const std::vector<HttpHeader>& headers, bool has_body,
                           CheckResult& r) {
  std::size_t count = 0;
  for (const HttpHeader& h : headers) {
    if (!iequals(h.name, "Content-Encoding")) continue;
    const std::string_view v = trim(h.value);
    if (!v.empty() && !iequals(v, "identity"))
      r.findings.push_back(make("header", "/Content-Encoding", "content", FindingCode::TG_CONTENT_ENCODING,
                                "Content-Encoding " + detail::quoted(v, 32) +
                                    ": tokenguard checks only bodies sent without encoding (identity)"));
  }
  if (!has_body || op.request_media_types.empty()) return;
  const HttpHeader* type = header_count(headers, "Content-Type", count);
  if (count > 1) {
    r.findings.push_back(make("header", "/Content-Type", "content", FindingCode::TG_CONTENT_TYPE,
                              "Content-Type is given " + std::to_string(count) + " times"));
  } else if (type == nullptr) {
    r.findings.push_back(make("header", "/Content-Type", "content", FindingCode::TG_CONTENT_TYPE,
                              "a body without a Content-Type; " + op.id + " takes " + op.request_media_types.front()));
  } else if (!acceptable_content_type(op, type->value)) {
    r.findings.push_back(make("header", "/Content-Type", "content", FindingCode::TG_CONTENT_TYPE,
                              "Content-Type " + detail::quoted(type->value, 64) + ": " + op.id + " takes " +
                                  op.request_media_types.front() + " (optionally with charset=utf-8)"));
  }
}

// RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token, b64token =
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", with ':'
// allowed too: SoftwareOne's tokens are "idt:TKN-XXXX-XXXX:<secret>" and its
// platform takes them so. The scheme name is case-insensitive (RFC 7235);
// nothing else may follow the token (no control byte, comma or space).
bool is_bearer_credential(std::string_view v) {
  if (v.size() < 8 || !iequals(v.substr(0, 6), "Bearer") || v[6] != ' ') return false;
  std::size_t i = 6;
  while (i < v.size() && v[i] == ' ') ++i;
  const std::size_t start = i;
  for (; i < v.size(); ++i) {
    const char c = v[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == ':';
    if (!ok) break;
  }
  if (i == start) return false;
  while (i < v.size() && v[i] == '=') ++i;
  return i == v.size();
}

// Whether one security alternative (all of its schemes) is met; sets
// *malformed_bearer when a bearer header is there but not well-formed.
bool alternative_met(const std::vector<SecurityScheme>& alternative, const std::vector<HttpHeader>& headers,
                     bool* malformed_bearer) {
  bool all = true;
  for (const SecurityScheme& s : alternative) {
    if (s.type == "http" && iequals(s.scheme, "bearer")) {
      const HttpHeader* h = header(headers, "Authorization");
      if (h == nullptr) {
        all = false;
      } else if (!is_bearer_credential(h->value)) {
        *malformed_bearer = true;
        all = false;
      }
    } else if (s.type == "apiKey" && !s.header_name.empty()) {
      const HttpHeader* h = header(headers, s.header_name);
      if (h == nullptr || h->value.empty()) all = false;
    }
  }
  return all;
}

void check_security(const Operation& op, const std::vector<HttpHeader>& headers, CheckResult& r) {
  if (op.security.empty()) return;
  bool malformed_bearer = false;
  for (const auto& alternative : op.security)
    if (alternative_met(alternative, headers, &malformed_bearer)) return;
  if (malformed_bearer) {
    r.findings.push_back(make("header", "/Authorization", "security", FindingCode::TG_AUTH_MALFORMED,
                              "the Authorization header is not \"Bearer <token>\" (value not shown)"));
    return;
  }
  std::string wanted;
  for (const auto& alternative : op.security) {
    if (!wanted.empty()) wanted += ", or ";
    bool first = true;
    for (const SecurityScheme& s : alternative) {
      if (!first) wanted += " plus ";
      first = false;
      if (s.type == "http" && iequals(s.scheme, "bearer")) wanted += "Authorization: Bearer <token>";
      else if (s.type == "apiKey" && !s.header_name.empty()) wanted += s.header_name;
    }
  }
  r.findings.push_back(make("header", "", "security", FindingCode::TG_AUTH_MISSING, "missing credentials: expected " + wanted));
}

// How case-variant keys count in this direction (see CheckOptions).
CaseVariantKeys case_rule(Direction dir, const CheckOptions& o) {
  if (!o.case_variant_keys) return CaseVariantKeys::kAllow;
  return dir == Direction::kRequest ? CaseVariantKeys::kReject : CaseVariantKeys::kWarning;
}

// The input limits of a body in this direction: its size bound (requests
// and responses have their own) and its key rule.
InputLimits body_limits(Direction dir, const CheckOptions& o) {
  InputLimits limits = o.limits;
  if (dir == Direction::kResponse) limits.max_bytes = o.max_response_bytes;
  limits.case_variant_keys = case_rule(dir, o);
  limits.max_warnings = o.max_findings;
  return limits;
}

// Parses a body with this direction's limits; parse warnings go to the
// result.
ParsedJson parse_body(std::string_view body, Direction dir, CheckResult& r, const CheckOptions& o) {
  const InputLimits limits = body_limits(dir, o);
  ParsedJson parsed = parse_json(body, limits);
  for (Finding& w : parsed.warnings) r.findings.push_back(std::move(w));
  parsed.warnings.clear();
  return parsed;
}

// Whether an error has been found (fail-fast stops at the first error, not
// at a warning).
bool has_error(const CheckResult& r) {
  return !r.valid || std::any_of(r.findings.begin(), r.findings.end(),
                                 [](const Finding& f) { return f.severity == Severity::kError; });
}

// Whether the semantic checks read a SoftwareOne response's ids.
bool is_softwareone_response(const Operation& op, Direction dir) {
  return dir == Direction::kResponse && detail::begins_with(op.family, "softwareone");
}

// Whether the operation's semantic checks run on this check's body; when
// the caller turned them off, a note says so (nothing goes unchecked
// silently).
bool semantic_checks_run(const Operation& op, const CheckOptions& o, CheckResult& r) {
  if (!op.semantic_checks) return false;
  if (!o.semantic_checks) r.notes.push_back(Note{Note::Code::kSemanticChecksOff, &op});
  return o.semantic_checks;
}

// The semantic checks on an object body, with `budget` units of work left;
// `prune`: see SemanticContext. True when findings were dropped by the cap.
template <class View>
bool run_semantic_checks(const Operation& op, View body, Direction dir, CheckResult& r, const CheckOptions& o,
                         std::size_t budget, bool prune) {
  detail::SemanticContext context;
  context.softwareone_response = is_softwareone_response(op, dir);
  context.prune = prune;
  const auto s = detail::semantic_checks(body, context, r.findings, o.max_findings, budget);
  if (s.dropped_error) r.valid = false;
  return s.capped;
}

// The schema, then the semantic checks, on a parsed body (either view).
// `schema_clean`: the verdict-only plan found the schema (and the tape's
// index) silent on the body, so only the semantic checks run. The
// evaluator's work is then not counted: the plan ran only where neither
// share can exhaust max_work (quick_plan.h), so the semantic checks' budget
// decides nothing.
template <class View>
void check_body(const Operation& op, const Schema& schema, View body, Direction dir, CheckResult& r,
                const CheckOptions& o, bool semantic, const detail::TapeDocument* tape = nullptr,
                bool schema_clean = false) {
  ValidateOptions vo;
  vo.direction = dir;
  vo.case_variant_keys = case_rule(dir, o);
  vo.fail_fast = o.fail_fast;
  vo.max_findings = o.max_findings > r.findings.size() ? o.max_findings - r.findings.size() : 0;
  vo.max_work = o.max_work;
  if (dir == Direction::kRequest && !o.strict) vo.undeclared_members = op.unknown_request_members;
  // Most bodies are clean: decided first without building any finding or
  // path, and evaluated again with findings only when there are some.
  ValidationResult v;
  bool lent = false;  // a result with no finding yet lends the evaluator its storage
  if (!schema_clean && !detail::quick_clean(schema, body, vo, &v.work)) {
    lent = r.findings.empty();
    if (lent) v.findings.swap(r.findings);
    detail::validate_view_into(schema, body, vo, v);
  }
  if (!v.valid) r.valid = false;
  bool capped = v.capped;
  if (lent) {
    r.findings.swap(v.findings);
  } else {
    for (Finding& f : v.findings) r.findings.push_back(std::move(f));
  }
  // The semantic checks look into objects; a body whose root is not one has
  // failed its schema already (every catalog body is an object).
  if (semantic && body.kind() == detail::ValueKind::kObject && !(o.fail_fast && has_error(r))) {
    const std::size_t budget = o.max_work > v.work ? o.max_work - v.work : 0;
    capped = run_semantic_checks(op, body, dir, r, o, budget, tape != nullptr && tape->words() <= budget / 4) || capped;
  }
  if (capped) r.notes.push_back(Note{Note::Code::kFindingsCapped, &op, o.max_findings});
}

// A body the plan found the schema silent on: the semantic checks read the
// objects it named on the raw tape, without indexing it. False (the result
// as it was) when an object there is too large for SiteView to sort: the
// tape must be indexed.
bool check_sites(const Operation& op, const detail::TapeDocument& tape, const detail::QuickSites& sites, Direction dir,
                 CheckResult& r, const CheckOptions& o) {
  if (sites.overflow || static_cast<char>(tape.raw().words[1] >> 56) != '{') return false;
  const detail::SiteTape site_tape(tape.raw(), sites);
  const std::size_t kept = r.findings.size();
  const bool valid = r.valid;
  // (work: the plan ran only where neither share can exhaust max_work)
  const bool capped = run_semantic_checks(op, detail::SiteView(&site_tape, 1), dir, r, o, o.max_work, true);
  if (site_tape.overflow) {
    r.findings.resize(kept);
    r.valid = valid;
    return false;
  }
  if (capped) r.notes.push_back(Note{Note::Code::kFindingsCapped, &op, o.max_findings});
  return true;
}

// A body from bytes: on simdjson's tape when it takes the body, otherwise
// through parse_json, which names what is wrong (or reads what simdjson
// cannot: an integer past 64 bits). See json_tape.h.
// Whether the schema's verdict-only plan finds the body on `tape` (loaded,
// not indexed) clean, so that the full check would add nothing. A
// SoftwareOne response the schema passes is kSchemaClean at least: its
// ids are checked on every body (the semantic checks read them on the
// raw tape, the plan having walked every object of it).
detail::QuickVerdict quick_verdict_bytes(const Operation& op, const Schema& schema, Direction dir,
                                        const CheckOptions& o, const InputLimits& limits,
                                        const detail::TapeDocument& tape, detail::QuickSites& sites, bool semantic) {
  using detail::QuickVerdict;
  if (!o.quick_plan) return QuickVerdict::kUnknown;
  const detail::Program* program = detail::SchemaAccess::program(schema);
  if (program == nullptr) return QuickVerdict::kUnknown;
  const detail::QuickPlan* plan = detail::quick_plan(*program, dir);
  if (plan == nullptr) return QuickVerdict::kUnknown;
  detail::QuickLimits q;
  q.max_body_depth = limits.max_depth;
  q.max_eval_depth = ValidateOptions{}.max_depth;
  q.max_work = o.max_work;
  // (no sites to keep where the semantic checks do not run: a body the
  // schema passes is then clean)
  const QuickVerdict v = detail::quick_verdict(*plan, tape.raw(), q, semantic ? &sites : nullptr);
  if (v == QuickVerdict::kUnknown) return v;
  if (!semantic) return QuickVerdict::kClean;
  return is_softwareone_response(op, dir) ? QuickVerdict::kSchemaClean : v;
}

void check_body_bytes(const Operation& op, const Schema& schema, std::string_view body, Direction dir,
                      CheckResult& r, const CheckOptions& o) {
  const bool semantic = semantic_checks_run(op, o, r);
  if (o.reader == BodyReader::kSimdjson) {
    const InputLimits limits = body_limits(dir, o);
    if (body.size() <= limits.max_bytes) {
      detail::TapeLease tape;
      if (tape->load(body, o.body_padded)) {
        detail::QuickSites sites;
        const detail::QuickVerdict quick = quick_verdict_bytes(op, schema, dir, o, limits, *tape, sites, semantic);
        if (quick == detail::QuickVerdict::kClean) return;
        if (quick == detail::QuickVerdict::kSchemaClean && check_sites(op, *tape, sites, dir, r, o)) return;
        if (tape->index(limits)) {
          check_body(op, schema, tape->root(), dir, r, o, semantic, &*tape, quick == detail::QuickVerdict::kSchemaClean);
          return;
        }
      }
    }
  }
  ParsedJson parsed = parse_body(body, dir, r, o);
  if (!parsed.ok) {
    r.findings.push_back(std::move(parsed.error));
  } else {
    check_body(op, schema, detail::JsonView(parsed.value), dir, r, o, semantic);
  }
}

// A status the operation does not declare. One that carries no body by
// HTTP's rules (1xx, 204, 205, 304), sent without one, is a warning: a
// gateway must not turn a "no content" or "not modified" into an error. So
// is an error status (4xx, 5xx): the upstream's own error answer must reach
// the client (its body is checked against the provider's error shape). An
// undeclared 2xx or 3xx with a body stays an error.
bool undeclared_is_warning(int status, std::string_view body) {
  const bool bodiless = status < 200 || status == 204 || status == 205 || status == 304;
  const bool empty = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  return (bodiless && empty) || status >= 400;
}

Finding undeclared_status(const Operation& op, int status, std::string_view body) {
  const bool warning = undeclared_is_warning(status, body);
  return make("status", "", "responses", FindingCode::TG_UNDECLARED_STATUS,
              op.id + " declares no response for status " + std::to_string(status) +
                  (status >= 400 ? (op.error_response ? "; its body is checked against the provider's error shape"
                                                      : "; passed on as the upstream's error answer")
                                 : ""),
              warning ? Severity::kWarning : Severity::kError);
}

// An undeclared error status's body against the provider's error shape;
// every finding is a warning (the answer is the upstream's to give).
void check_error_answer(const Operation& op, std::string_view body, CheckResult& r, const CheckOptions& o) {
  const bool empty = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (!op.error_response) {
    if (!empty) r.notes.push_back(Note{Note::Code::kNoErrorShape, &op});
    return;
  }
  if (empty) return;
  CheckResult inner;
  ParsedJson parsed = parse_body(body, Direction::kResponse, inner, o);
  if (!parsed.ok) {
    inner.findings.push_back(std::move(parsed.error));
  } else {
    ValidateOptions vo;
    vo.direction = Direction::kResponse;
    vo.max_findings = o.max_findings;
    vo.max_work = o.max_work;
    for (Finding& f : validate(*op.error_response, parsed.value, vo).findings) inner.findings.push_back(std::move(f));
  }
  for (Finding& f : inner.findings) {
    f.severity = Severity::kWarning;
    r.findings.push_back(std::move(f));
  }
}

// The response a status falls under: exact, then "4XX", then "default".
struct DeclaredResponse {
  bool declared = false;
  const Schema* schema = nullptr;  // null: declared without a schema
  bool has_body = false;           // declared without a schema: whether it has content
};

// The declared response keyed exactly `key`, if any. An operation declares
// a handful: a scan that compares short keys inline beats the maps'
// lookups (most checks find the first key they try).
bool declared_as(const Operation& op, std::string_view key, DeclaredResponse& out) {
  const auto same = [key](const std::string& k) { return k.size() == key.size() && std::memcmp(k.data(), key.data(), key.size()) == 0; };
  for (const auto& [k, schema] : op.responses)
    if (same(k)) {
      out = {true, &schema, true};
      return true;
    }
  for (const auto& [k, has_body] : op.response_has_body)
    if (same(k)) {
      out = {true, nullptr, has_body};
      return true;
    }
  return false;
}

DeclaredResponse response_for(const Operation& op, int status) {
  DeclaredResponse found;
  if (status >= 100 && status <= 999) {
    const auto u = static_cast<unsigned>(status);
    const char exact[3] = {static_cast<char>('0' + u / 100), static_cast<char>('0' + u / 10 % 10),
                           static_cast<char>('0' + u % 10)};
    const char range[3] = {exact[0], 'X', 'X'};
    if (declared_as(op, std::string_view(exact, 3), found) || declared_as(op, std::string_view(range, 3), found))
      return found;
  } else {
    char exact[12];
    const auto [end, ec] = std::to_chars(exact, exact + sizeof exact, status);
    if (ec == std::errc() && declared_as(op, std::string_view(exact, static_cast<std::size_t>(end - exact)), found))
      return found;
  }
  declared_as(op, "default", found);
  return found;
}

}  // namespace

void check_request(const Catalog& catalog, const HttpRequest& request, const CheckOptions& options, CheckResult& r) {
  bool method_known = true;
  const Operation* matched = catalog.match(request.method, request.path, &method_known);
  if (matched == nullptr) {
    start(r, nullptr);
    // A path no upstream reads as written comes first: a gateway that
    // passes unknown routes must not pass one that normalises onto a known
    // route. The query is never echoed (it may carry credentials).
    const std::string_view bare = request.path.substr(0, request.path.find('?'));
    check_path_segments(bare, r);
    r.findings.push_back(make("route", "", "route", method_known ? FindingCode::TG_NO_ROUTE : FindingCode::TG_METHOD_NOT_ALLOWED,
                              method_known ? "no operation matches " + bounded(request.method, 16) + " " +
                                                   bounded(bare)
                                             : "the path exists, but not for method " + bounded(request.method, 16)));
    finish(r);
    return;
  }
  check_request(*matched, request, options, r);
}

namespace {

// The checks of one request and one response, into `r`: inlined into both
// the in-place and the by-value entry points, so that each is one call.
[[gnu::always_inline]] inline void request_into(const Operation& op, const HttpRequest& request,
                                                const CheckOptions& options, CheckResult& r) {
  start(r, &op);
  if (!request.method.empty() && !iequals(request.method, op.method))
    r.findings.push_back(make("route", "", "method", FindingCode::TG_METHOD_MISMATCH,
                              op.id + " is " + op.method + ", not " + bounded(request.method, 16)));
  if (!request.path.empty()) {
    // Match the path against this operation's template.
    std::string_view bare = request.path;
    std::string_view query;
    if (const auto q = bare.find('?'); q != std::string_view::npos) {
      query = bare.substr(q + 1);
      bare = bare.substr(0, q);
    }
    const bool plain = check_path_segments(bare, r);
    if (!plain) {
      // reported above; its parameters are not read
    } else if (!detail::path_fits(op.path_template, bare)) {
      r.findings.push_back(make("route", "", "path", FindingCode::TG_PATH_MISMATCH,
                                "the path does not fit " + op.method + " " + op.path_template));
    } else {
      check_path_and_query(op, bare, query, r, options);
    }
  } else {
    r.notes.push_back(Note{Note::Code::kNoPath, &op});
  }
  const bool empty_body = request.body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (request.headers == nullptr) {
    const bool typed_body = !empty_body && !op.request_media_types.empty();
    if (!op.security.empty() || typed_body)
      r.notes.push_back(Note{op.security.empty() ? Note::Code::kNoHeadersContentType
                             : typed_body        ? Note::Code::kNoHeadersBoth
                                                 : Note::Code::kNoHeadersSecurity,
                             &op});
  } else {
    check_security(op, *request.headers, r);
    check_content_headers(op, *request.headers, !request.body.empty(), r);
  }
  if (options.fail_fast && has_error(r)) {
    finish(r);
    return;
  }
  if (!op.request_body) {
    if (!empty_body)
      r.findings.push_back(make("body", "", "requestBody", FindingCode::TG_UNEXPECTED_BODY,
                                op.id + " takes no request body", Severity::kWarning));
  } else if (empty_body) {
    if (op.body_required)
      r.findings.push_back(make("body", "", "requestBody", FindingCode::TG_BODY_REQUIRED, op.id + " requires a JSON body"));
    else
      r.notes.push_back(Note{Note::Code::kBodyOptional, &op});
  } else {
    check_body_bytes(op, *op.request_body, request.body, Direction::kRequest, r, options);
  }
  finish(r);
}

[[gnu::always_inline]] inline void response_into(const Operation& op, int status, std::string_view body,
                                                 const CheckOptions& options, CheckResult& r) {
  start(r, &op);
  const DeclaredResponse declared = response_for(op, status);
  if (!declared.declared) {
    r.findings.push_back(undeclared_status(op, status, body));
    if (status >= 400) check_error_answer(op, body, r, options);
    finish(r);
    return;
  }
  const Schema* schema = declared.schema;
  if (schema == nullptr) {
    const bool empty_body = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (!empty_body && !declared.has_body)
      r.findings.push_back(make("body", "", "responses", FindingCode::TG_UNEXPECTED_BODY,
                                "status " + std::to_string(status) + " declares no body", Severity::kWarning));
  } else {
    check_body_bytes(op, *schema, body, Direction::kResponse, r, options);
  }
  finish(r);
}

}  // namespace

void check_request(const Operation& op, const HttpRequest& request, const CheckOptions& options, CheckResult& r) {
  request_into(op, request, options, r);
}

void check_response(const Operation& op, int status, std::string_view body, const CheckOptions& options,
                    CheckResult& r) {
  response_into(op, status, body, options, r);
}

CheckResult check_request(const Catalog& catalog, const HttpRequest& request, const CheckOptions& options) {
  CheckResult r;
  check_request(catalog, request, options, r);
  return r;
}

CheckResult check_request(const Operation& op, const HttpRequest& request, const CheckOptions& options) {
  CheckResult r;
  request_into(op, request, options, r);
  return r;
}

CheckResult check_response(const Operation& op, int status, std::string_view body, const CheckOptions& options) {
  CheckResult r;
  response_into(op, status, body, options, r);
  return r;
}

CheckResult check_request_body(const Operation& op, const json& body, const CheckOptions& options) {
  CheckResult r;
  r.operation = &op;
  if (op.request_body) {
    check_body(op, *op.request_body, detail::JsonView(body), Direction::kRequest, r, options,
               semantic_checks_run(op, options, r));
  } else {
    r.findings.push_back(make("body", "", "requestBody", FindingCode::TG_UNEXPECTED_BODY, op.id + " takes no request body",
                              Severity::kWarning));
  }
  finish(r);
  return r;
}

CheckResult check_response_body(const Operation& op, int status, const json& body, const CheckOptions& options) {
  CheckResult r;
  r.operation = &op;
  const DeclaredResponse declared = response_for(op, status);
  if (!declared.declared) {
    r.findings.push_back(undeclared_status(op, status, body.is_null() ? "" : "{}"));
  } else if (declared.schema != nullptr) {
    check_body(op, *declared.schema, detail::JsonView(body), Direction::kResponse, r, options,
               semantic_checks_run(op, options, r));
  }
  finish(r);
  return r;
}

std::string Note::text() const {
  const std::string id = operation != nullptr ? operation->id : std::string("the operation");
  switch (code) {
    case Code::kNoPath: return "no path given: path and query parameters not checked";
    case Code::kNoHeadersSecurity: return "no headers given: security requirements not checked";
    case Code::kNoHeadersContentType: return "no headers given: Content-Type not checked";
    case Code::kNoHeadersBoth: return "no headers given: security requirements and Content-Type not checked";
    case Code::kBodyOptional: return "no body: " + id + "'s body is optional";
    case Code::kNoErrorShape: return "no error shape is known for " + id + ": the error answer's body is not checked";
    case Code::kFindingsCapped:
      return "more than " + std::to_string(count) + " findings: only the first " + std::to_string(count) +
             " are listed";
    case Code::kSemanticChecksOff:
      return "semantic checks off: " + id + "'s body was checked against its schema alone";
  }
  return "";
}

int numeric_code(std::string_view code) noexcept {
  // Stable numbers for the envelope, in Cloudflare's integer-code style
  // (>= 1000), from tokenguard/finding_codes.def; 7000 for a name not there.
  const auto c = find_code(code);
  return c ? code_number(*c) : 7000;
}

std::string render_error_envelope(const CheckResult& result) {
  json errors = json::array();
  json messages = json::array();
  for (const Finding& f : result.findings) {
    json item = {{"code", numeric_code(f.code)},
                 {"message", (f.location == "body" ? std::string() : f.location + ": ") + f.message},
                 {"source", {{"pointer", f.pointer}}},
                 {"tokenguard", {{"code", f.code}, {"keyword", f.keyword}, {"location", f.location}}}};
    (f.severity == Severity::kError ? errors : messages).push_back(std::move(item));
  }
  const json envelope = {{"success", false}, {"errors", errors}, {"messages", messages}, {"result", nullptr}};
  return envelope.dump(-1, ' ', true, json::error_handler_t::replace);
}

}  // namespace tokenguard
