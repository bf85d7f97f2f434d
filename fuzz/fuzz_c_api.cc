// Fuzzes the C API with a sequence of calls chosen by the input: each step
// reads an opcode byte and its arguments from the input. Properties: no
// crash, no leak (LeakSanitizer), every status is one of the documented ones,
// results read back consistently, and the API fails closed: a call with an
// argument the header does not allow (an empty operation id, routing without
// a method or path, headers_given other than 0 or 1, a NULL span with a
// length, an empty header name) is TG_ERR_ARGUMENT with no result, and no
// call returns TG_OK without one. Every check is also made into one reused
// handle (tg_check_request_into, tg_check_response_into), which must hold
// the same status, findings and envelope as the new handle.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "tokenguard/tokenguard.h"

namespace {

struct Reader {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  std::string chunk() {  // a length byte, then that many bytes
    std::size_t len = byte();
    if (len > n) len = n;
    std::string s(reinterpret_cast<const char*>(p), len);
    p += len;
    n -= len;
    return s;
  }
};

bool documented(tg_status s) { return s >= TG_OK && s <= TG_ERR_INTERNAL && s != TG_ERR_INTERNAL; }

std::string envelope_of(const tg_result* r) {
  std::size_t needed = 0;
  if (tg_result_envelope(r, nullptr, 0, &needed) != TG_ERR_BUFFER_TOO_SMALL) return "?";
  std::string text(needed + 1, '\0');
  if (tg_result_envelope(r, text.data(), text.size(), &needed) != TG_OK) return "?";
  text.resize(needed);
  return text;
}

// The reused handle after a check that returned `s`, against the new
// handle `fresh` from the same check (nullptr when there was none).
void same_result(tg_status s, const tg_result* reused, const tg_result* fresh) {
  if (fresh == nullptr) {
    TG_FUZZ_CHECK(tg_result_valid(reused) == 0 && tg_result_finding_count(reused) == 0);
    TG_FUZZ_CHECK(std::strcmp(tg_result_operation(reused), "") == 0);
    return;
  }
  TG_FUZZ_CHECK(tg_result_valid(reused) == (s == TG_OK ? 1 : 0));
  TG_FUZZ_CHECK(std::strcmp(tg_result_operation(reused), tg_result_operation(fresh)) == 0);
  const std::size_t n = tg_result_finding_count(fresh);
  TG_FUZZ_CHECK(tg_result_finding_count(reused) == n);
  for (std::size_t i = 0; i < n && i < tg_result_finding_count(reused); ++i) {
    tg_finding a, b;
    TG_FUZZ_CHECK(tg_result_finding(fresh, i, &a) == TG_OK && tg_result_finding(reused, i, &b) == TG_OK);
    TG_FUZZ_CHECK(std::strcmp(a.code, b.code) == 0 && std::strcmp(a.pointer, b.pointer) == 0 &&
                  std::strcmp(a.message, b.message) == 0 && a.severity == b.severity);
  }
  TG_FUZZ_CHECK(envelope_of(reused) == envelope_of(fresh));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in{data, size};
  tg_catalog* catalog = nullptr;
  TG_FUZZ_CHECK(tg_catalog_embedded(&catalog) == TG_OK);
  std::vector<tg_result*> results;
  tg_result* reused = tg_result_new();
  TG_FUZZ_CHECK(reused != nullptr);
  static const char* const kMethods[] = {"GET", "PUT", "POST", "DELETE", "PATCH"};
  for (int step = 0; step < 16 && in.n > 0; ++step) {
    const std::uint8_t op = in.byte() % 6;
    tg_result* r = nullptr;
    if (op == 0 || op == 1) {
      const std::size_t count = tg_catalog_operation_count(catalog);
      const bool by_id = in.byte() % 2 == 0;
      const char* id = by_id ? tg_catalog_operation_id(catalog, in.byte() % count) : nullptr;
      const char* method = kMethods[in.byte() % 5];
      const std::string path = in.chunk();
      const std::string body = in.chunk();
      tg_status s, again;
      tg_request req{};
      req.operation_id = id;
      req.operation_id_len = id ? std::strlen(id) : 0;
      req.method = method;
      req.method_len = std::strlen(method);
      req.path = path.data();
      req.path_len = path.size();
      if (op == 0) {
        tg_header h{"Authorization", 13, body.data(), body.size() > 20 ? 20 : body.size()};
        const int headers_given = in.byte() % 2;
        s = tg_check_request(catalog, id, id ? std::strlen(id) : 0, method, std::strlen(method), path.data(),
                             path.size(), &h, 1, headers_given, body.data(), body.size(), &r);
        req.headers = &h;
        req.header_count = 1;
        req.headers_given = headers_given;
        req.body = body.data();
        req.body_len = body.size();
        again = tg_check_request_into(catalog, &req, nullptr, reused);
      } else {
        const int status = 100 + in.byte() * 2;
        s = tg_check_response(catalog, id, id ? std::strlen(id) : 0, method, std::strlen(method), path.data(),
                              path.size(), status, body.data(), body.size(), &r);
        again = tg_check_response_into(catalog, &req, status, body.data(), body.size(), nullptr, reused);
      }
      TG_FUZZ_CHECK(documented(s));
      TG_FUZZ_CHECK((s == TG_OK || s == TG_INVALID) == (r != nullptr));
      TG_FUZZ_CHECK(again == s);
      same_result(s, reused, r);
      if (r != nullptr) {
        TG_FUZZ_CHECK(tg_result_valid(r) == (s == TG_OK ? 1 : 0));
        results.push_back(r);
      }
    } else if (op == 2 && !results.empty()) {
      tg_result* res = results[in.byte() % results.size()];
      const std::size_t cap = in.byte() * 8;
      std::vector<char> buf(cap);
      std::size_t needed = 0;
      const tg_status s = tg_result_envelope(res, cap ? buf.data() : nullptr, cap, &needed);
      TG_FUZZ_CHECK(s == TG_OK || s == TG_ERR_BUFFER_TOO_SMALL);
      if (s == TG_OK) TG_FUZZ_CHECK(std::strlen(buf.data()) == needed);
    } else if (op == 3 && !results.empty()) {
      tg_result* res = results[in.byte() % results.size()];
      tg_finding f;
      const std::size_t i = in.byte();
      const tg_status s = tg_result_finding(res, i, &f);
      TG_FUZZ_CHECK((s == TG_OK) == (i < tg_result_finding_count(res)));
      if (s == TG_OK) TG_FUZZ_CHECK(f.code != nullptr && f.message != nullptr && f.pointer != nullptr);
    } else if (op == 5) {
      // Misuse: one argument out of what the header allows, the rest fine.
      const std::uint8_t kind = in.byte() % 7;
      const std::string path = "/user/tokens";
      const std::string body = in.chunk();
      const char* id = "cloudflare.user.tokens.list";
      tg_header h{"Authorization", 13, "Bearer x", 8};
      tg_header empty_name{"", 0, "v", 1};
      tg_status s = TG_OK;
      switch (kind) {
        case 0: s = tg_check_request(catalog, id, 0, "GET", 3, path.data(), path.size(), &h, 1, 1, nullptr, 0, &r); break;
        case 1: s = tg_check_request(catalog, nullptr, 0, "GET", 0, path.data(), path.size(), &h, 1, 1, nullptr, 0, &r); break;
        case 2: s = tg_check_request(catalog, nullptr, 0, "GET", 3, nullptr, 0, &h, 1, 1, nullptr, 0, &r); break;
        case 3:
          s = tg_check_request(catalog, nullptr, 0, "GET", 3, path.data(), path.size(), &h, 1, 2 + in.byte(), nullptr,
                               0, &r);
          break;
        case 4:
          s = tg_check_request(catalog, id, std::strlen(id), nullptr, 0, nullptr, 0, nullptr, 0, 0, nullptr,
                               1 + body.size(), &r);
          break;
        case 5:
          s = tg_check_request(catalog, nullptr, 0, "GET", 3, path.data(), path.size(), &empty_name, 1, 1,
                               body.data(), body.size(), &r);
          break;
        default: s = tg_check_response(catalog, "", 0, "GET", 3, path.data(), path.size(), 200, nullptr, 0, &r); break;
      }
      TG_FUZZ_CHECK(s == TG_ERR_ARGUMENT);
      TG_FUZZ_CHECK(r == nullptr);
    } else if (op == 4 && !results.empty()) {
      const std::size_t i = in.byte() % results.size();
      tg_result_free(results[i]);
      results.erase(results.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  for (tg_result* r : results) tg_result_free(r);
  tg_result_free(reused);
  tg_catalog_free(catalog);
  return 0;
}
