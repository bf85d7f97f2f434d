// tokenguard/check.h: checking an HTTP request before it is sent and a
// response after it is received.
//
//   auto catalog = tokenguard::Catalog::embedded();
//   tokenguard::HttpRequest req;
//   req.method = "PUT";
//   req.path = "/user/tokens/ed17574386854bf78a67040be0a770b0";
//   req.body = R"({"name": "ci", "policies": []})";
//   tokenguard::CheckResult r = tokenguard::check_request(*catalog, req);
//   if (!r.valid) send(400, tokenguard::render_error_envelope(r));
//
// A caller that checks many requests keeps one result (per thread) and
// has each check fill it in place, so that no check allocates once the
// thread is warm, even one that reports warnings:
//
//   thread_local tokenguard::CheckResult result;
//   tokenguard::check_request(*catalog, req, options, result);
//
// A check runs, in order: routing (method and path to an operation), the
// path and query parameters, the security headers (when headers are given),
// the body's input limits (see json_input.h), the operation's schema, and
// tokenguard's semantic checks. Findings say where (location and pointer),
// what (keyword and code) and why (message); no message contains the value of
// a secret field or header.
#ifndef TOKENGUARD_CHECK_H_
#define TOKENGUARD_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tokenguard/catalog.h"
#include "tokenguard/finding.h"
#include "tokenguard/json_input.h"

namespace tokenguard {

// HttpHeader and HttpRequest hold views: the bytes they name must outlive
// the check_request call (nothing is kept after it returns).
struct HttpHeader {
  std::string_view name;
  std::string_view value;
};

struct HttpRequest {
  std::string_view method;
  std::string_view path;  // may carry a query string; empty skips path checks
  // nullptr: no headers were given, so security is not checked (a note says
  // so). An empty vector: headers were given, and there are none.
  const std::vector<HttpHeader>* headers = nullptr;
  std::string_view body;
};

// How a body given as bytes is read. kSimdjson, the default, parses with
// simdjson and checks on its tape; kNlohmann parses with nlohmann::json and
// checks the document. Both go through one evaluator and give the same
// verdicts and findings (the differential tests and fuzzers hold them to
// it); kNlohmann is there for those tests and for measuring.
enum class BodyReader : std::uint8_t { kSimdjson, kNlohmann };

// Bytes simdjson may read past the end of a body; see CheckOptions::body_padded.
inline constexpr std::size_t kBodyPadding = 64;

struct CheckOptions {
  // limits.max_bytes bounds request bodies (1 MiB); responses have their own
  // bound, max_response_bytes, as a list can be large (10,000 service tokens
  // are 3.2 MB).
  InputLimits limits;
  std::size_t max_response_bytes = std::size_t{32} << 20;
  BodyReader reader = BodyReader::kSimdjson;
  // With kSimdjson: a body is first run through its schema's verdict-only
  // plan, on simdjson's tape as parsed, and a body the plan finds clean is
  // done; anything else takes the full path, which reports. The plan says
  // "clean" only where the full path would (the differential tests and
  // fuzzers hold them to it); false skips it, for those tests and for
  // measuring.
  bool quick_plan = true;
  // The caller promises kBodyPadding readable bytes after each body's last
  // byte (their values do not matter), so simdjson reads the body where it
  // lies; otherwise it is copied into a buffer this thread reuses.
  bool body_padded = false;
  bool fail_fast = false;
  std::size_t max_findings = 100;  // listed at most; a note says when more were found
  // Steps of schema evaluation and semantic checks one check may take; past
  // it the check stops with a TG_WORK_LIMIT error (the verdict is unknown,
  // so the result is invalid). Bounds what any body costs against any
  // schema, a user's own included.
  std::size_t max_work = 4'000'000;
  // Object keys as Go's encoding/json reads them (finding.h): two keys of one
  // object equal under case folding, or a key equal to a declared property
  // only under case folding, are TG_JSON_KEY_CASE_VARIANT: an error in a
  // request, a warning in a response. false: keys are matched byte for byte
  // (for an upstream that does so).
  bool case_variant_keys = true;
  // Where an upstream ignores request members its schema does not declare
  // (SoftwareOne), such a member is a warning; strict makes it an error.
  bool strict = false;
  // tokenguard's checks beyond the schema (Operation::semantic_checks: CIDR
  // lists, token windows, resource keys, id shapes). false checks the body
  // against its schema alone, as a plain JSON Schema validator would, and a
  // note (kSemanticChecksOff) says the semantic checks did not run: for a
  // caller that runs those itself, or to compare with such a validator.
  bool semantic_checks = true;
};

// Something a check did not cover, and why: a code, put in words by text().
struct Note {
  enum class Code : std::uint8_t {
    kNoPath,                 // no path given: path and query parameters not checked
    kNoHeadersSecurity,      // no headers given: security requirements not checked
    kNoHeadersContentType,   // no headers given: Content-Type not checked
    kNoHeadersBoth,          // no headers given: both of those
    kBodyOptional,           // no body, and the operation's body is optional
    kNoErrorShape,           // an undeclared error status whose body no known shape covers
    kFindingsCapped,         // more findings than max_findings: only the first are listed
    kSemanticChecksOff,      // CheckOptions::semantic_checks false: the body's schema alone was checked
  };
  Code code = Code::kNoPath;
  const Operation* operation = nullptr;  // the operation the text names
  std::size_t count = 0;                 // kFindingsCapped: max_findings
  [[nodiscard]] std::string text() const;
};

// The notes of one check, held inline (a check has at most one of each
// code), so a valid check allocates nothing for them.
class NoteList {
 public:
  static constexpr std::size_t kCapacity = 8;
  // (the slots are left unset until a note fills one: a check without
  // notes writes none of them)
  NoteList() noexcept {}
  NoteList(const NoteList& other) noexcept : size_(other.size_) {
    for (std::size_t i = 0; i < size_; ++i) std::construct_at(items_ + i, other.items_[i]);
  }
  NoteList& operator=(const NoteList& other) noexcept {
    size_ = other.size_;
    for (std::size_t i = 0; i < size_; ++i) std::construct_at(items_ + i, other.items_[i]);
    return *this;
  }
  void push_back(const Note& n) noexcept {
    if (size_ < kCapacity) std::construct_at(items_ + size_++, n);
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const Note& operator[](std::size_t i) const noexcept { return items_[i]; }
  [[nodiscard]] const Note* begin() const noexcept { return items_; }
  [[nodiscard]] const Note* end() const noexcept { return items_ + size_; }

 private:
  union {
    Note items_[kCapacity];  // the first size_ are set
  };
  std::size_t size_ = 0;
};

struct CheckResult {
  CheckResult() = default;
  CheckResult(const CheckResult&) = default;
  CheckResult(CheckResult&&) = default;
  CheckResult& operator=(const CheckResult&) = default;
  CheckResult& operator=(CheckResult&&) = default;
  // Gives its findings' storage to this thread's pool, as a result filled
  // in place does (below): the next result's findings on this thread are
  // written into it, so a new result per check allocates nothing once warm
  // either, as long as its findings are no more, and no longer, than ones
  // before.
  ~CheckResult();

  bool valid = true;                    // no error found (listed, or past max_findings)
  // The operation checked against, if any; it lives as long as its catalog.
  const Operation* operation = nullptr;
  std::vector<Finding> findings;        // empty (no allocation) when there is nothing to say
  NoteList notes;                       // what was not checked, and why
};

// Routes by method and path, then checks.
[[nodiscard]] CheckResult check_request(const Catalog& catalog, const HttpRequest& request,
                                        const CheckOptions& options = {});
// Checks against a given operation; a non-empty path must fit its template.
[[nodiscard]] CheckResult check_request(const Operation& operation, const HttpRequest& request,
                                        const CheckOptions& options = {});
[[nodiscard]] CheckResult check_response(const Operation& operation, int status, std::string_view body,
                                         const CheckOptions& options = {});

// The same checks, filling a caller's `result` in place: everything in it
// is replaced, exactly as a new result would hold it. Its findings'
// storage (the vector, and each finding's strings) is written again rather
// than given back: the old findings go to a pool this thread keeps (up to
// 128 of them), and the next findings built on this thread take their
// strings. A caller that keeps one result per thread, as a gateway does,
// allocates nothing once warm, even for a check that reports warnings, as
// long as its findings are no more, and no longer, than ones before.
void check_request(const Catalog& catalog, const HttpRequest& request, const CheckOptions& options,
                   CheckResult& result);
void check_request(const Operation& operation, const HttpRequest& request, const CheckOptions& options,
                   CheckResult& result);
void check_response(const Operation& operation, int status, std::string_view body, const CheckOptions& options,
                    CheckResult& result);

// Body-only checks on an already parsed document (no input limits).
[[nodiscard]] CheckResult check_request_body(const Operation& operation, const nlohmann::json& body,
                                             const CheckOptions& options = {});
[[nodiscard]] CheckResult check_response_body(const Operation& operation, int status,
                                              const nlohmann::json& body, const CheckOptions& options = {});

// The findings as a Cloudflare-style error envelope, for a gateway to
// return: {"success": false, "errors": [{"code", "message", "source":
// {"pointer"}}], "messages": [...warnings], "result": null}.
[[nodiscard]] std::string render_error_envelope(const CheckResult& result);

// The stable numeric code of a TG_* finding code, as used in the envelope.
[[nodiscard]] int numeric_code(std::string_view code) noexcept;

}  // namespace tokenguard

#endif  // TOKENGUARD_CHECK_H_
