#include "check_command.h"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "parse_command.h"
#include "text.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"
#include "tokenguard/schema.h"

namespace tokenguard::cli {
namespace {

using json = nlohmann::json;


std::string printable(std::string_view s) { return detail::escaped(s, 200); }


void print_result(const CheckResult& r, const std::string& what, bool as_json, std::FILE* out) {
  if (as_json) {
    json findings = json::array();
    for (const Finding& f : r.findings)
      findings.push_back({{"severity", std::string(to_string(f.severity))},
                          {"location", f.location},
                          {"pointer", f.pointer},
                          {"keyword", f.keyword},
                          {"code", f.code},
                          {"message", f.message}});
    json doc = {{"valid", r.valid},
                {"operation", r.operation != nullptr ? json(r.operation->id) : json(nullptr)},
                {"findings", findings},
                {"notes", r.notes}};
    std::fprintf(out, "%s\n", doc.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    return;
  }
  std::size_t errors = 0, warnings = 0;
  for (const Finding& f : r.findings) (f.severity == Severity::kError ? errors : warnings)++;
  std::fprintf(out, "%s  %s", r.valid ? "valid" : "invalid", what.c_str());
  if (errors + warnings > 0) std::fprintf(out, ": %zu error%s, %zu warning%s", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  std::fputc('\n', out);
  for (const Finding& f : r.findings) {
    const std::string where = f.location == "body" ? (f.pointer.empty() ? "/" : f.pointer) : f.location + ":" + (f.pointer.empty() ? "" : f.pointer);
    std::fprintf(out, "  %-7s %-28s %-24s %s\n", std::string(to_string(f.severity)).c_str(), printable(where).c_str(),
                 f.code.c_str(), f.message.c_str());
  }
  for (const std::string& n : r.notes) std::fprintf(out, "  note    %s\n", n.c_str());
}

}  // namespace

int run_operations(std::span<const std::string_view> args, std::FILE* out, std::FILE* err) {
  bool as_json = false;
  for (const auto a : args) {
    if (a == "--json") {
      as_json = true;
    } else if (a == "--help" || a == "-h") {
      std::fputs("usage: tokenguard operations [--json]\n\nLists every embedded operation: id, method and path template.\n\nexample:\n  tokenguard operations | grep user.tokens\n", out);
      return kExitValid;
    } else {
      return usage(err, "operations", "unknown argument \"" + printable(a) + "\"");
    }
  }
  const auto catalog = Catalog::embedded();
  if (!catalog->ok()) {
    std::fprintf(err, "tokenguard: %s\n", catalog->error().c_str());
    return kExitUsage;
  }
  if (as_json) {
    json list = json::array();
    for (const Operation& o : catalog->operations())
      list.push_back({{"id", o.id}, {"method", o.method}, {"path", o.path_template}, {"family", o.family}});
    std::fprintf(out, "%s\n", list.dump(1).c_str());
  } else {
    for (const Operation& o : catalog->operations())
      std::fprintf(out, "%-48s %-7s %s\n", o.id.c_str(), o.method.c_str(), o.path_template.c_str());
  }
  return kExitValid;
}

int run_check(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard check request  (OPERATION | --method M --path P) [options] [FILE|-]\n"
      "       tokenguard check response (OPERATION | --method M --path P) --status N [options] [FILE|-]\n"
      "\n"
      "Checks a request body (and, with --path and --header, its path, query and\n"
      "credentials) or a response body against the embedded catalog. FILE holds the\n"
      "body; - reads standard input; no FILE means no body.\n"
      "\n"
      "options:\n"
      "  --method M, --path P      route by method and concrete path instead of OPERATION\n"
      "  --status N                the response status (check response)\n"
      "  --header 'Name: value'    a request header (repeatable); with none, credentials\n"
      "                            are not checked and a note says so\n"
      "  --fail-fast               stop at the first error\n"
      "  --max-bytes N             the body size limit (default 1048576); a larger body\n"
      "                            is TG_BODY_TOO_LARGE and is not read past N bytes\n"
      "  --json                    {\"valid\", \"operation\", \"findings\": [...], \"notes\"}\n"
      "\n"
      "Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error, unknown\n"
      "operation or unreadable file.\n"
      "\n"
      "example:\n"
      "  tokenguard check request cloudflare.user.tokens.create token.json\n"
      "  tokenguard check response --method GET --path /user/tokens/verify --status 200 reply.json\n";
  if (args.empty()) return usage(err, "check", "expected \"request\" or \"response\"");
  if (args[0] == "--help" || args[0] == "-h") {
    std::fputs(kHelp, out);
    return kExitValid;
  }
  const bool is_request = args[0] == "request";
  if (!is_request && args[0] != "response") return usage(err, "check", "expected \"request\" or \"response\"");
  std::string operation_id, method, path, file;
  std::optional<int> status;
  std::vector<std::string> header_lines;
  bool headers_given = false, as_json = false;
  CheckOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const auto value = [&](std::string& target) {
      if (i + 1 >= args.size()) return false;
      target = std::string(args[++i]);
      return true;
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, out);
      return kExitValid;
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "--fail-fast") {
      options.fail_fast = true;
    } else if (a == "--max-bytes") {
      std::string s;
      std::size_t n = 0;
      if (!value(s) || std::from_chars(s.data(), s.data() + s.size(), n).ec != std::errc() || n == 0 ||
          n > (std::size_t{1} << 32))
        return usage(err, "check", "--max-bytes needs a size from 1 to 4294967296");
      options.limits.max_bytes = n;
    } else if (a == "--method") {
      if (!value(method)) return usage(err, "check", "--method needs a value");
    } else if (a == "--path") {
      if (!value(path)) return usage(err, "check", "--path needs a value");
    } else if (a == "--header") {
      std::string h;
      if (!value(h) || h.find(':') == std::string::npos) return usage(err, "check", "--header needs 'Name: value'");
      header_lines.push_back(h);
      headers_given = true;
    } else if (a == "--status") {
      std::string s;
      int n = 0;
      if (!value(s) || std::from_chars(s.data(), s.data() + s.size(), n).ec != std::errc() || n < 100 || n > 599)
        return usage(err, "check", "--status needs an HTTP status from 100 to 599");
      status = n;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage(err, "check", "unknown option \"" + printable(a) + "\"");
    } else if (operation_id.empty() && method.empty() && a.find('.') != std::string_view::npos && file.empty() &&
               a.find('/') == std::string_view::npos && i == 1) {
      operation_id = std::string(a);
    } else if (file.empty()) {
      file = std::string(a);
    } else {
      return usage(err, "check", "unexpected argument \"" + printable(a) + "\"");
    }
  }
  if (!is_request && !status) return usage(err, "check", "check response needs --status");
  const auto catalog = Catalog::embedded();
  if (!catalog->ok()) {
    std::fprintf(err, "tokenguard: %s\n", catalog->error().c_str());
    return kExitUsage;
  }
  const Operation* op = nullptr;
  if (!operation_id.empty()) {
    op = catalog->find(operation_id);
    if (op == nullptr) {
      std::fprintf(err, "tokenguard check: unknown operation \"%s\" (see tokenguard operations)\n", printable(operation_id).c_str());
      return kExitUsage;
    }
  } else if (method.empty() || path.empty()) {
    return usage(err, "check", "give an OPERATION, or --method and --path");
  }
  std::string body;
  if (!file.empty()) {
    auto data = read_input(file, in, options.limits.max_bytes + 1);
    if (!data) {
      std::fprintf(err, "tokenguard check: cannot read \"%s\"\n", printable(file).c_str());
      return kExitUsage;
    }
    body = std::move(*data);
  }
  std::vector<HttpHeader> headers;
  for (const std::string& h : header_lines) {
    const std::size_t colon = h.find(':');
    std::string_view name(h.data(), colon);
    std::string_view v(h.data() + colon + 1, h.size() - colon - 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    headers.push_back(HttpHeader{name, v});
  }
  CheckResult result;
  if (is_request) {
    HttpRequest req;
    req.method = method.empty() && op != nullptr ? std::string_view(op->method) : std::string_view(method);
    req.path = path;
    req.headers = headers_given ? &headers : nullptr;
    req.body = body;
    result = op != nullptr ? check_request(*op, req, options) : check_request(*catalog, req, options);
  } else {
    if (op == nullptr) {
      const RouteMatch m = catalog->route(method, path);
      if (m.operation == nullptr) {
        std::fprintf(err, "tokenguard check: no operation matches %s %s\n", printable(method).c_str(), printable(path).c_str());
        return kExitUsage;
      }
      op = m.operation;
    }
    result = check_response(*op, *status, body, options);
  }
  const std::string what = (result.operation != nullptr ? result.operation->id : std::string("(no operation)")) +
                           (is_request ? " request" : " response " + std::to_string(*status));
  print_result(result, what, as_json, out);
  return result.valid ? kExitValid : kExitInvalid;
}

int run_validate(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard validate --schema SCHEMA.json [--json] [FILE|-]\n"
      "       tokenguard validate --openapi DOC.json --operation ID [--status N] [--json] [FILE|-]\n"
      "\n"
      "Validates a JSON document against your own JSON Schema (draft 4, 6 or 7), or\n"
      "against an operation of your own OpenAPI 3.0 document: its request body, or\n"
      "with --status its response body. FILE defaults to standard input.\n"
      "Exit status: 0 valid, 1 invalid, 2 usage error or unreadable file.\n"
      "\n"
      "example:\n"
      "  tokenguard validate --schema person.schema.json person.json\n";
  std::string schema_file, openapi_file, operation_id, file = "-";
  std::optional<int> status;
  bool as_json = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const auto value = [&](std::string& target) {
      if (i + 1 >= args.size()) return false;
      target = std::string(args[++i]);
      return true;
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, out);
      return kExitValid;
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "--schema") {
      if (!value(schema_file)) return usage(err, "validate", "--schema needs a file");
    } else if (a == "--openapi") {
      if (!value(openapi_file)) return usage(err, "validate", "--openapi needs a file");
    } else if (a == "--operation") {
      if (!value(operation_id)) return usage(err, "validate", "--operation needs an id");
    } else if (a == "--status") {
      std::string s;
      int n = 0;
      if (!value(s) || std::from_chars(s.data(), s.data() + s.size(), n).ec != std::errc())
        return usage(err, "validate", "--status needs a number");
      status = n;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage(err, "validate", "unknown option \"" + printable(a) + "\"");
    } else {
      file = std::string(a);
    }
  }
  if (schema_file.empty() == openapi_file.empty()) return usage(err, "validate", "give either --schema or --openapi");
  const std::string doc_file = schema_file.empty() ? openapi_file : schema_file;
  const auto doc_text = read_input(doc_file, in, (64u << 20) + 1);
  if (!doc_text) {
    std::fprintf(err, "tokenguard validate: cannot read \"%s\"\n", printable(doc_file).c_str());
    return kExitUsage;
  }
  InputLimits doc_limits;
  doc_limits.max_bytes = 64 << 20;
  doc_limits.max_depth = 512;
  ParsedJson doc = parse_json(*doc_text, doc_limits);
  if (!doc.ok) {
    std::fprintf(err, "tokenguard validate: \"%s\": %s\n", printable(doc_file).c_str(), doc.error.message.c_str());
    return kExitUsage;
  }
  const auto body = read_input(file, in, InputLimits{}.max_bytes + 1);
  if (!body) {
    std::fprintf(err, "tokenguard validate: cannot read \"%s\"\n", printable(file).c_str());
    return kExitUsage;
  }
  CheckResult result;
  std::string what;
  std::shared_ptr<const Catalog> catalog;  // outlives result, whose operation points into it
  if (!schema_file.empty()) {
    const Schema schema = Schema::compile(doc.value);
    if (!schema.ok()) {
      std::fprintf(err, "tokenguard validate: \"%s\": %s\n", printable(schema_file).c_str(), schema.error().c_str());
      return kExitUsage;
    }
    ParsedJson instance = parse_json(*body);
    if (!instance.ok) {
      result.findings.push_back(instance.error);
      result.valid = false;
    } else {
      ValidationResult v = validate(schema, instance.value);
      result.valid = v.valid;
      result.findings = std::move(v.findings);
    }
    what = printable(file == "-" ? "(standard input)" : file);
  } else {
    catalog = Catalog::from_openapi(doc.value, openapi_file);
    if (!catalog->ok()) {
      std::fprintf(err, "tokenguard validate: %s\n", catalog->error().c_str());
      return kExitUsage;
    }
    const Operation* op = catalog->find(operation_id);
    if (op == nullptr) {
      std::fprintf(err, "tokenguard validate: no operation \"%s\" in \"%s\"\n", printable(operation_id).c_str(), printable(openapi_file).c_str());
      return kExitUsage;
    }
    if (status) {
      result = check_response(*op, *status, *body);
    } else {
      HttpRequest req;
      req.body = *body;
      result = check_request(*op, req);
    }
    what = op->id + (status ? " response " + std::to_string(*status) : std::string(" request"));
  }
  print_result(result, what, as_json, out);
  return result.valid ? kExitValid : kExitInvalid;
}

}  // namespace tokenguard::cli
