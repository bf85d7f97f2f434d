#include "batch_command.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include "args.h"
#include "cli_util.h"
#include "parse_command.h"
#include "text.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"

namespace tokenguard::cli {
namespace {

using json = nlohmann::json;

// One HTTP exchange, as a HAR entry or an NDJSON line gives it.
struct Exchange {
  std::string operation_id;  // check-lines: the operation named, instead of routing
  std::string method;
  std::string path;  // with its query, without scheme and host
  std::optional<std::vector<std::pair<std::string, std::string>>> headers;
  std::optional<std::string> request_body;
  std::optional<int> status;
  std::optional<std::string> response_body;
};

struct Outcome {
  const Operation* operation = nullptr;
  bool matched = false;
  CheckResult request;
  std::optional<CheckResult> response;
  [[nodiscard]] bool valid() const { return request.valid && (!response || response->valid); }
};

// The path of a URL ("https://host/a/b?q" -> "/a/b?q"); a bare path stays.
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

// Routes a path, dropping up to three leading segments that are an API's
// base path rather than part of an operation ("/client/v4/user/tokens").
const Operation* route(const Catalog& c, const std::string& method, std::string& path) {
  std::string p = path;
  for (int drop = 0; drop <= 3; ++drop) {
    if (const Operation* op = c.route(method, p).operation) {
      path = p;
      return op;
    }
    const auto next = p.find('/', 1);
    if (next == std::string::npos) break;
    p = p.substr(next);
  }
  return nullptr;
}

Outcome check_exchange(const Catalog& c, Exchange x, const CheckOptions& options) {
  Outcome o;
  o.operation = x.operation_id.empty() ? route(c, x.method, x.path) : c.find(x.operation_id);
  o.matched = o.operation != nullptr;
  if (!o.matched) return o;
  std::vector<HttpHeader> hs;
  if (x.headers)
    for (const auto& [n, v] : *x.headers) hs.push_back(HttpHeader{n, v});
  HttpRequest req;
  req.method = x.method;
  req.path = x.path;
  req.headers = x.headers ? &hs : nullptr;
  req.body = x.request_body ? std::string_view(*x.request_body) : std::string_view();
  o.request = check_request(*o.operation, req, options);
  if (x.status) o.response = check_response(*o.operation, *x.status, x.response_body ? *x.response_body : "", options);
  return o;
}

struct Tally {
  std::size_t exchanges = 0, valid = 0, invalid = 0, unmatched = 0, malformed = 0;
};

// How a batch prints: a table, NDJSON, or a JUnit XML report (as CI systems
// read), written whole at the end.
enum class Format { kText, kJson, kJunit };

struct Output {
  Format format = Format::kText;
  const char* suite = "";            // the command, naming the test suite
  std::vector<std::string> cases;    // JUnit <testcase> elements, in order
  std::size_t failures = 0, errors = 0, skipped = 0;
};

std::string xml_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control character but tab, LF and CR.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

// One finding per line, for a JUnit failure's text.
std::string junit_text(const char* what, const CheckResult& r) {
  std::string out;
  for (const Finding& f : r.findings)
    out += std::string(what) + " " + std::string(to_string(f.severity)) + " " + f.location + ":" +
           (f.pointer.empty() ? "/" : f.pointer) + " " + f.code + " " + f.message + "\n";
  return out;
}

enum class CaseKind { kPassed, kFailure, kError, kSkipped };

void junit_case(Output& o, CaseKind kind, const std::string& classname, const std::string& name,
                const std::string& body) {
  o.failures += kind == CaseKind::kFailure ? 1 : 0;
  o.errors += kind == CaseKind::kError ? 1 : 0;
  o.skipped += kind == CaseKind::kSkipped ? 1 : 0;
  o.cases.push_back("    <testcase classname=\"" + xml_escaped(classname) + "\" name=\"" + xml_escaped(name) + "\">" +
                    body + (body.empty() ? "" : "\n    ") + "</testcase>\n");
}

// A line that is not a record (check-lines) or an entry that is not an
// exchange (check-har).
void report_malformed(std::FILE* out, Output& o, std::size_t line, bool too_long, std::size_t limit) {
  if (o.format == Format::kJson) {
    json j = {{"line", line}, {"malformed", true}};
    if (too_long) j["too_long"] = true;
    std::fprintf(out, "%s\n", j.dump().c_str());
  } else if (o.format == Format::kJunit) {
    junit_case(o, CaseKind::kError, "malformed", "line " + std::to_string(line),
               std::string("\n      <error type=\"malformed\" message=\"") +
                   (too_long ? "longer than the line limit" : "not an exchange record") + "\"/>");
  } else if (too_long) {
    std::fprintf(out, "line %zu: longer than %zu bytes, skipped unread\n", line, limit);
  } else {
    std::fprintf(out, "line %zu: not an exchange record (want {\"method\", \"path\", ...})\n", line);
  }
}

void report(std::FILE* out, Output& output, std::size_t index, const Exchange& x, const Outcome& o, Tally& t) {
  const bool as_json = output.format == Format::kJson;
  ++t.exchanges;
  if (!o.matched) {
    ++t.unmatched;
  } else if (o.valid()) {
    ++t.valid;
  } else {
    ++t.invalid;
  }
  if (as_json) {
    // The query is never printed: it may carry credentials (?api_key=...).
    json j = {{"index", index}, {"method", x.method}, {"path", x.path.substr(0, x.path.find('?'))},
              {"operation", o.matched ? json(o.operation->id) : json(nullptr)}};
    if (o.matched) {
      j["valid"] = o.valid();
      j["request"] = {{"valid", o.request.valid}, {"findings", findings_json(o.request)}};
      if (o.response)
        j["response"] = {{"status", *x.status}, {"valid", o.response->valid}, {"findings", findings_json(*o.response)}};
    }
    std::fprintf(out, "%s\n", j.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    return;
  }
  if (output.format == Format::kJunit) {
    // The query is never printed: it may carry credentials.
    const std::string name = std::to_string(index) + " " + x.method + " " + x.path.substr(0, x.path.find('?')) +
                             (x.status ? " " + std::to_string(*x.status) : "");
    if (!o.matched) {
      junit_case(output, CaseKind::kSkipped, "not in the catalog", name, "\n      <skipped message=\"no operation matches\"/>");
    } else if (o.valid()) {
      junit_case(output, CaseKind::kPassed, o.operation->id, name, "");
    } else {
      const std::string text = junit_text("request ", o.request) + (o.response ? junit_text("response", *o.response) : "");
      const Finding* first = nullptr;
      for (const auto* r : {&o.request, o.response ? &*o.response : nullptr})
        for (std::size_t k = 0; r != nullptr && first == nullptr && k < r->findings.size(); ++k)
          if (r->findings[k].severity == Severity::kError) first = &r->findings[k];
      junit_case(output, CaseKind::kFailure, o.operation->id, name,
                 "\n      <failure type=\"" + xml_escaped(first != nullptr ? first->code : "invalid") +
                     "\" message=\"" + xml_escaped(first != nullptr ? first->message : "invalid") + "\">" +
                     xml_escaped(text) + "</failure>");
    }
    return;
  }
  if (!o.matched) return;  // the summary counts them
  const std::size_t count = o.request.findings.size() + (o.response ? o.response->findings.size() : 0);
  std::fprintf(out, "%-6zu %-46s %-6s %-8s %zu\n", index, o.operation->id.c_str(),
               x.status ? std::to_string(*x.status).c_str() : "-", o.valid() ? "valid" : "INVALID", count);
  print_finding_rows(out, "request ", o.request);
  if (o.response) print_finding_rows(out, "response", *o.response);
}

void summary(std::FILE* out, Output& output, const Tally& t) {
  if (output.format == Format::kJunit) {
    std::fprintf(out,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                 "  <testsuite name=\"tokenguard %s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
                 output.suite, output.cases.size(), output.failures, output.errors, output.skipped);
    for (const std::string& c : output.cases) std::fputs(c.c_str(), out);
    std::fputs("  </testsuite>\n</testsuites>\n", out);
    return;
  }
  if (output.format == Format::kJson) {
    std::fprintf(out, "%s\n",
                 json({{"summary", {{"exchanges", t.exchanges}, {"valid", t.valid}, {"invalid", t.invalid},
                                    {"unmatched", t.unmatched}, {"malformed", t.malformed}}}})
                     .dump()
                     .c_str());
  } else {
    std::fprintf(out, "%zu exchanges: %zu valid, %zu invalid, %zu not in the catalog, %zu malformed\n", t.exchanges,
                 t.valid, t.invalid, t.unmatched, t.malformed);
  }
}

// Decodes standard base64 (HAR content with "encoding": "base64"); nullopt
// when the text is not base64.
std::optional<std::string> base64_decode(std::string_view in) {
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    const int v = value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// A body from a JSON value: strings are taken as the raw body text, any
// other value is the body itself.
std::optional<std::string> body_of(const json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}



// Reads an HTTP Archive as a stream and hands each element of log.entries,
// as a document of its own, to a callback, so memory follows the largest
// entry, not the archive (nlohmann's SAX parser; the entry's DOM is built by
// nlohmann's own DOM builder and dropped after the callback).
class HarEntries {
 public:
  using Callback = std::function<void(json&& entry)>;
  explicit HarEntries(Callback on_entry) : on_entry_(std::move(on_entry)) {}

  bool null() { return value([](auto& d) { return d.null(); }); }
  bool boolean(bool v) { return value([v](auto& d) { return d.boolean(v); }); }
  bool number_integer(json::number_integer_t v) { return value([v](auto& d) { return d.number_integer(v); }); }
  bool number_unsigned(json::number_unsigned_t v) { return value([v](auto& d) { return d.number_unsigned(v); }); }
  bool number_float(json::number_float_t v, const json::string_t& t) {
    return value([&](auto& d) { return d.number_float(v, t); });
  }
  bool string(json::string_t& v) { return value([&](auto& d) { return d.string(v); }); }
  bool binary(json::binary_t&) { return false; }
  bool key(json::string_t& k) {
    if (dom_) return dom_->key(k);
    if (!stack_.empty()) stack_.back().key = k;
    return true;
  }
  bool start_object(std::size_t n) { return open(true, n); }
  bool start_array(std::size_t n) { return open(false, n); }
  bool end_object() { return close(true); }
  bool end_array() { return close(false); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    error_at_ = position;
    return false;
  }

  [[nodiscard]] bool saw_entries() const { return saw_entries_; }
  [[nodiscard]] std::size_t malformed() const { return malformed_; }
  [[nodiscard]] std::size_t error_at() const { return error_at_; }

 private:
  struct Level {
    bool object;
    std::string key;  // objects: the key being read
  };

  // Whether the value starting now is an element of log.entries.
  [[nodiscard]] bool in_entries() const {
    return stack_.size() == 3 && stack_[0].object && stack_[0].key == "log" && stack_[1].object &&
           stack_[1].key == "entries" && !stack_[2].object;
  }

  template <class F>
  bool value(F&& f) {
    if (dom_) return f(*dom_);
    if (in_entries()) ++malformed_;  // an entry that is not an object
    return true;
  }

  bool open(bool object, std::size_t n) {
    if (dom_) {
      ++dom_depth_;
      return object ? dom_->start_object(n) : dom_->start_array(n);
    }
    if (in_entries()) {
      if (!object) {
        ++malformed_;
      } else {
        entry_ = json();
        dom_.emplace(entry_, false);
        dom_depth_ = 1;
        return dom_->start_object(n);
      }
    }
    if (!object && stack_.size() == 2 && stack_[0].key == "log" && stack_[1].key == "entries" && stack_[1].object)
      saw_entries_ = true;
    stack_.push_back(Level{object, {}});
    return true;
  }

  bool close(bool object) {
    if (dom_) {
      const bool ok = object ? dom_->end_object() : dom_->end_array();
      if (--dom_depth_ == 0) {
        dom_.reset();
        on_entry_(std::move(entry_));
        entry_ = json();
      }
      return ok;
    }
    stack_.pop_back();
    return true;
  }

  Callback on_entry_;
  std::vector<Level> stack_;  // outside entries only
  std::optional<nlohmann::detail::json_sax_dom_parser<json>> dom_;
  json entry_;
  int dom_depth_ = 0;
  bool saw_entries_ = false;
  std::size_t malformed_ = 0;
  std::size_t error_at_ = 0;
};

// Reads lines of at most `limit` bytes (the newline not counted) from a
// FILE; a longer line is reported as too long and skipped without ever
// being held whole, so memory stays within the limit whatever the input.
class LineReader {
 public:
  LineReader(std::FILE* f, std::size_t limit) : f_(f), limit_(limit) {}

  // The next line into `line` (without its "\n"); false at the end of the
  // input. `too_long` says the line passed the limit (and `line` is empty).
  bool next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    while (true) {
      if (pos_ == len_) {
        len_ = std::fread(buf_, 1, sizeof buf_, f_);
        pos_ = 0;
        if (len_ == 0) return any;
      }
      any = true;
      const char* start = buf_ + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      const std::size_t n = nl != nullptr ? static_cast<std::size_t>(nl - start) : len_ - pos_;
      if (!too_long) {
        if (line.size() + n > limit_) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(start, n);
        }
      }
      pos_ += n;
      if (nl != nullptr) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  std::FILE* f_;
  std::size_t limit_;
  char buf_[1 << 16];
  std::size_t pos_ = 0, len_ = 0;
};

// Shared argument handling: [--json] [FILE|-]; returns false after printing
// help or a usage error (exit_code says which).
bool parse_args(std::span<const std::string_view> args, const char* command, const char* help, std::FILE* out,
                std::FILE* err, Output& output, std::string& file, CheckOptions& options, std::string& openapi,
                int& exit_code) {
  static constexpr FlagSpec kFlags[] = {{"--json"}, {"--format", true}, {"--help", false, false, "-h"}, {"--strict"},
                                        {"--no-semantic-checks"}, {"--openapi", true}};
  const Args a = Args::parse(args, kFlags);
  if (!a.ok()) {
    exit_code = usage(err, command, a.error());
    return false;
  }
  if (a.has("--help")) {
    std::fputs(help, out);
    exit_code = kExitValid;
    return false;
  }
  if (a.positionals().size() > 1) {
    exit_code = usage(err, command, "one FILE only");
    return false;
  }
  output.suite = command;
  output.format = a.has("--json") ? Format::kJson : Format::kText;
  if (const auto f = a.value("--format")) {
    if (*f == "text") output.format = Format::kText;
    else if (*f == "json") output.format = Format::kJson;
    else if (*f == "junit") output.format = Format::kJunit;
    else {
      exit_code = usage(err, command, "--format takes text, json or junit");
      return false;
    }
  }
  options.strict = a.has("--strict");
  options.semantic_checks = !a.has("--no-semantic-checks");
  openapi = std::string(a.value("--openapi").value_or(""));
  if (!a.positionals().empty()) file = std::string(a.positionals()[0]);
  return true;
}

// The embedded catalog, or --openapi DOC loaded once for the whole batch.
std::shared_ptr<const Catalog> batch_catalog(const std::string& openapi, const char* command, std::FILE* in,
                                            std::FILE* err) {
  if (openapi.empty()) return Catalog::embedded();
  std::string error;
  auto c = load_openapi_document(openapi, in, OpenApiOptions{}, error);
  if (!c) std::fprintf(err, "tokenguard %s: %s\n", command, error.c_str());
  return c;
}

}  // namespace

int run_check_har(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard check-har [--json | --format text|json|junit] [--strict] [--no-semantic-checks]\n"
      "                           [--openapi DOC] FILE.har\n"
      "\n"
      "Checks every request and response in an HTTP Archive (as browsers' developer\n"
      "tools and proxies export) whose URL matches an embedded operation; an API's\n"
      "base path (/client/v4) is recognised. Prints one row per checked exchange\n"
      "(index, operation, status, verdict, findings) with its findings, then a summary;\n"
      "--json prints one JSON object per exchange and a summary object;\n"
      "--format junit prints a JUnit XML report (one test case per exchange).\n"
      "Credentials in the archive are checked by shape and never printed.\n"
      "--openapi DOC checks against your own OpenAPI document (JSON or YAML), loaded\n"
      "once for the whole archive, instead of the embedded catalog.\n"
      "--no-semantic-checks checks each body against its schema alone; a note says so.\n"
      "Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable file.\n"
      "\n"
      "example:\n"
      "  tokenguard check-har session.har\n";
  Output output;
  std::string file;
  int code = 0;
  CheckOptions options;
  std::string openapi;
  if (!parse_args(args, "check-har", kHelp, out, err, output, file, options, openapi, code)) return code;
  if (file.empty()) return usage(err, "check-har", "missing FILE.har");
  // A file through a buffered stream; standard input through its FILE.
  std::ifstream stream;
  if (file != "-") {
    stream.open(file, std::ios::binary);
    if (!stream) {
      std::fprintf(err, "tokenguard check-har: cannot read %s\n", printable_arg(file).c_str());
      return kExitUsage;
    }
  }
  const auto catalog = batch_catalog(openapi, "check-har", in, err);
  if (!catalog) return kExitUsage;
  const bool progress = isatty(fileno(err)) != 0;
  Tally t;
  bool header = false;
  std::size_t index = 0;
  HarEntries entries([&](json&& e) {
    const std::size_t i = index++;
    if (progress && i % 100 == 0 && i > 0) std::fprintf(err, "\rchecking entry %zu", i);
    if (output.format == Format::kText && !header) {
      std::fprintf(out, "%-6s %-46s %-6s %-8s %s\n", "entry", "operation", "status", "verdict", "findings");
      header = true;
    }
    Exchange x;
    try {
      const json& rq = e.at("request");
      x.method = rq.at("method").get<std::string>();
      x.path = path_of(rq.at("url").get<std::string>());
      std::vector<std::pair<std::string, std::string>> hs;
      for (const auto& h : rq.value("headers", json::array()))
        hs.emplace_back(h.value("name", ""), h.value("value", ""));
      x.headers = std::move(hs);
      if (rq.contains("postData") && rq["postData"].contains("text")) x.request_body = rq["postData"]["text"].get<std::string>();
      if (e.contains("response")) {
        const json& rs = e["response"];
        const int status = rs.value("status", 0);
        if (status >= 100 && status <= 599) x.status = status;
        if (rs.contains("content") && rs["content"].contains("text")) {
          const std::string content = rs["content"]["text"].get<std::string>();
          x.response_body = rs["content"].value("encoding", "") == "base64" ? base64_decode(content) : content;
          if (!x.response_body) throw std::runtime_error("bad base64");
        }
      }
    } catch (const std::exception&) {
      ++t.malformed;
      if (output.format == Format::kJunit)
        junit_case(output, CaseKind::kError, "malformed", "entry " + std::to_string(i),
                   "\n      <error type=\"malformed\" message=\"not a request and response\"/>");
      return;
    }
    report(out, output, i, x, check_exchange(*catalog, x, options), t);
  });
  bool parsed = false;
  try {
    parsed = file == "-" ? json::sax_parse(in, &entries, json::input_format_t::json, true)
                         : json::sax_parse(stream, &entries, json::input_format_t::json, true);
  } catch (const std::exception&) {
    parsed = false;
  }
  if (progress) std::fprintf(err, "\r%*s\r", 30, "");
  t.malformed += entries.malformed();
  if (!parsed || !entries.saw_entries()) {
    if (!parsed)
      std::fprintf(err, "tokenguard check-har: %s is not valid JSON (near byte %zu)\n",
                   printable_arg(file).c_str(), entries.error_at());
    else
      std::fprintf(err, "tokenguard check-har: %s is not an HTTP Archive (no log.entries)\n",
                   printable_arg(file).c_str());
    if (index > 0) summary(out, output, t);
    return kExitUsage;
  }
  summary(out, output, t);
  return t.invalid == 0 && t.malformed == 0 ? kExitValid : kExitInvalid;
}

int run_check_lines(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard check-lines [--json | --format text|json|junit] [--strict] [--no-semantic-checks]\n"
      "                             [--openapi DOC] [FILE|-]\n"
      "\n"
      "Streams NDJSON exchange records, one per line:\n"
      "  {\"method\": \"PUT\", \"path\": \"/user/tokens/...\", \"status\": 200,\n"
      "   \"request\": <body>, \"response\": <body>}\n"
      "A record may name its operation (\"operation\": ID) instead of a method and path\n"
      "to route by; the path's checks are then skipped unless a path is given too.\n"
      "A body may be any JSON value, or a string holding the raw body text; status,\n"
      "request and response may be left out. Prints each checked exchange with its\n"
      "findings, then counts; --json prints one JSON object per line and a summary;\n"
      "--format junit prints a JUnit XML report (one test case per record).\n"
      "--openapi DOC checks against your own OpenAPI document, loaded once.\n"
      "--no-semantic-checks checks each body against its schema alone; a note says so.\n"
      "Exit status: 0 all valid, 1 any invalid or malformed line, 2 usage or I/O error.\n"
      "\n"
      "example:\n"
      "  jq -c '{method, path, status, request: .req, response: .resp}' log.json | tokenguard check-lines\n";
  Output output;
  std::string file;
  int code = 0;
  CheckOptions options;
  std::string openapi;
  if (!parse_args(args, "check-lines", kHelp, out, err, output, file, options, openapi, code)) return code;
  std::FILE* src = in;
  if (!file.empty() && file != "-") {
    src = std::fopen(file.c_str(), "rb");
    if (src == nullptr) {
      std::fprintf(err, "tokenguard check-lines: cannot read %s\n", printable_arg(file).c_str());
      return kExitUsage;
    }
  }
  const auto catalog = batch_catalog(openapi, "check-lines", in, err);
  if (!catalog) return kExitUsage;
  Tally t;
  // A record holds at most two bodies and a few short fields.
  const std::size_t line_limit = 2 * InputLimits{}.max_bytes + (64u << 10);
  auto reader = std::make_unique<LineReader>(src, line_limit);
  std::string line;
  bool too_long = false;
  std::size_t index = 0;
  while (reader->next(line, too_long)) {
    ++index;
    if (too_long) {
      ++t.malformed;
      report_malformed(out, output, index, true, line_limit);
      continue;
    }
    std::string_view text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    InputLimits record_limits;
    record_limits.max_bytes = line_limit;
    const ParsedJson record = parse_json(text, record_limits);
    Exchange x;
    bool ok = record.ok && record.value.is_object();
    if (ok) {
      const json& r = record.value;
      const bool named = r.contains("operation") && r["operation"].is_string();
      const auto text_or_absent = [&](const char* k) { return !r.contains(k) || r[k].is_string(); };
      ok = (named || (r.contains("method") && r.contains("path"))) && text_or_absent("method") &&
           text_or_absent("path") && (!r.contains("status") || r["status"].is_number_integer());
      if (ok) {
        if (named) x.operation_id = r["operation"].get<std::string>();
        x.method = r.value("method", "");
        x.path = path_of(r.value("path", ""));
        if (r.contains("status")) x.status = r["status"].get<int>();
        if (r.contains("request")) x.request_body = body_of(r["request"]);
        if (r.contains("response")) x.response_body = body_of(r["response"]);
      }
    }
    if (!ok) {
      ++t.malformed;
      report_malformed(out, output, index, false, line_limit);
      continue;
    }
    report(out, output, index, x, check_exchange(*catalog, x, options), t);
  }
  const bool read_error = std::ferror(src) != 0;
  if (src != in) std::fclose(src);
  if (read_error) {
    std::fputs("tokenguard check-lines: error reading input\n", err);
    return kExitUsage;
  }
  summary(out, output, t);
  return t.invalid == 0 && t.malformed == 0 ? kExitValid : kExitInvalid;
}

}  // namespace tokenguard::cli
