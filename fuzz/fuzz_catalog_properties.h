// Shared property checks for the catalog fuzz targets.
#ifndef TOKENGUARD_FUZZ_FUZZ_CATALOG_PROPERTIES_H_
#define TOKENGUARD_FUZZ_FUZZ_CATALOG_PROPERTIES_H_

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "semantic_keys.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"

namespace tokenguard::fuzz {

// Collects the string values of secret fields anywhere in `v`.
inline void secret_values(const nlohmann::json& v, std::vector<std::string>& out, int depth = 0) {
  if (depth > 80) return;
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      if (is_secret_name(k) && child.is_string() && child.get_ref<const std::string&>().size() >= 4)
        out.push_back(child.get<std::string>());
      secret_values(child, out, depth + 1);
    }
  } else if (v.is_array()) {
    for (const auto& child : v) secret_values(child, out, depth + 1);
  }
}

// The same text with every letter and digit moved on by one (a->b, z->a,
// 9->0): the same shape, a different value.
inline std::string shifted(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = c == 'z' ? 'a' : static_cast<char>(c + 1);
    else if (c >= 'A' && c <= 'Z') c = c == 'Z' ? 'A' : static_cast<char>(c + 1);
    else if (c >= '0' && c <= '9') c = c == '9' ? '0' : static_cast<char>(c + 1);
  }
  return s;
}

// Replaces the value of every secret field equal to `from` with `to`.
inline void replace_secret(nlohmann::json& v, const std::string& from, const std::string& to, int depth = 0) {
  if (depth > 80) return;
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (is_secret_name(it.key()) && it.value().is_string() && it.value().get_ref<const std::string&>() == from)
        it.value() = to;
      else
        replace_secret(it.value(), from, to, depth + 1);
    }
  } else if (v.is_array()) {
    for (auto& child : v) replace_secret(child, from, to, depth + 1);
  }
}

// The document with the case of every ASCII letter of every member name
// swapped ("name" -> "NAME", "Request_IP" -> "rEQUEST_ip"): the names Go's
// encoding/json reads as the same. The keys of a policy's `resources` (at
// any depth below it) are data, not member names: Go reads a map's keys as
// written, and a resource is named by its key's text, so they are kept. A
// member is `resources` where the semantic checks read it so
// (semantic_key: Go's case folding, U+017F included).
inline nlohmann::json recase_keys(const nlohmann::json& v, int depth = 0, bool data_keys = false) {
  if (depth > 200) return v;
  if (v.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, child] : v.items()) {
      std::string key = k;
      if (!data_keys) {
        for (char& c : key) {
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
          else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
      }
      out[key] = recase_keys(child, depth + 1,
                             data_keys || detail::semantic_key(k) == detail::kResources);
    }
    return out;
  }
  if (v.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& child : v) out.push_back(recase_keys(child, depth + 1, data_keys));
    return out;
  }
  return v;
}

// The rest of `pointer` from byte `i` (at a '/' or the end) resolved from
// `at`. A cut token may begin several keys: each is tried.
inline bool pointer_resolves_from(const nlohmann::json& at, std::string_view pointer, std::size_t i, int depth = 0) {
  if (i == pointer.size()) return true;
  if (pointer[i] != '/' || depth > 256) return false;
  const std::size_t end = std::min(pointer.find('/', i + 1), pointer.size());
  std::string token;
  for (std::size_t k = i + 1; k < end; ++k) {
    if (pointer[k] == '~' && k + 1 < end) {
      token += pointer[k + 1] == '1' ? '/' : '~';
      ++k;
    } else {
      token += pointer[k];
    }
  }
  if (at.is_object()) {
    if (const auto it = at.find(token); it != at.end() && pointer_resolves_from(*it, pointer, end, depth + 1)) return true;
    if (token.size() < 3 || token.compare(token.size() - 3, 3, "...") != 0) return false;
    const std::string prefix = token.substr(0, token.size() - 3);
    for (const auto& [k, v] : at.items())
      if (k.size() > kMaxPointerToken && k.compare(0, prefix.size(), prefix) == 0 &&
          pointer_resolves_from(v, pointer, end, depth + 1))
        return true;
    return false;
  }
  if (at.is_array()) {
    std::size_t index = 0;
    const auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || p != token.data() + token.size() || index >= at.size()) return false;
    return pointer_resolves_from(at[index], pointer, end, depth + 1);
  }
  return false;
}

// Whether an RFC 6901 pointer from a finding leads into `doc`. A finding's
// pointer shows a key longer than kMaxPointerToken bytes as a prefix and
// "...": such a token matches a key it begins.
inline bool pointer_resolves(const nlohmann::json& doc, std::string_view pointer) {
  return pointer_resolves_from(doc, pointer, 0);
}

// Body findings point into the parsed body, and no message quotes a secret.
// `recheck` runs the same check on another body. A message can contain a
// secret's text by coincidence, so the body is checked again with that
// secret's value changed (same length, same character classes), and the
// finding is compared with its counterpart (same pointer and code):
//   - an identical message exists: the message does not depend on the
//     secret, whatever text it shares with it (a format's example equal to
//     the secret; a property name containing it, found by
//     fuzz_check_response);
//   - else, a counterpart carrying the changed value is an echo.
// A finding without a counterpart (the change made it go away, or a cap
// moved it) proves nothing either way.
template <class Recheck>
void check_findings(const CheckResult& r, std::string_view body, Recheck&& recheck) {
  const ParsedJson parsed = parse_json(body);
  std::vector<std::string> secrets;
  if (parsed.ok) secret_values(parsed.value, secrets);
  for (const Finding& f : r.findings) {
    TG_FUZZ_CHECK(!f.code.empty() && !f.message.empty());
    if (parsed.ok && f.location == "body" && f.keyword != "json") {
      TG_FUZZ_CHECK(pointer_resolves(parsed.value, f.pointer));
    }
    for (const std::string& s : secrets) {
      if (f.message.find(s) == std::string::npos) continue;
      const std::string other = shifted(s);
      if (other == s) continue;  // no letter or digit: nothing distinctive to echo
      nlohmann::json changed = parsed.value;
      replace_secret(changed, s, other);
      const CheckResult again = recheck(changed.dump());
      bool identical = false, echoed = false;
      for (const Finding& g : again.findings) {
        if (g.pointer != f.pointer || g.code != f.code) continue;
        identical = identical || g.message == f.message;
        echoed = echoed || g.message.find(other) != std::string::npos;
      }
      TG_FUZZ_CHECK(identical || !echoed);
    }
  }
}

// The two body readers (simdjson's tape, nlohmann's document) give one
// result: the same verdict, findings (every field, in order) and notes.
inline void check_same_results(const CheckResult& a, const CheckResult& b) {
  TG_FUZZ_CHECK(a.valid == b.valid);
  TG_FUZZ_CHECK(a.operation == b.operation);
  TG_FUZZ_CHECK(a.findings.size() == b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const Finding& f = a.findings[i];
    const Finding& g = b.findings[i];
    TG_FUZZ_CHECK(f.severity == g.severity && f.pointer == g.pointer && f.keyword == g.keyword && f.code == g.code &&
                  f.message == g.message && f.location == g.location);
  }
  TG_FUZZ_CHECK(a.notes.size() == b.notes.size());
  for (std::size_t i = 0; i < a.notes.size(); ++i) TG_FUZZ_CHECK(a.notes[i].text() == b.notes[i].text());
}

// The codes only the semantic checks give: finding_codes.def's 74xx block.
inline bool is_semantic_code(std::string_view code) { return numeric_code(code) / 100 == 74; }

// The same check with CheckOptions::semantic_checks false (`off`) gives
// the findings `all` has less the semantic checks' own, in order, and the
// verdict they make; unless the findings' cap or the work budget, which
// the two share, cut `all` short.
inline void check_semantic_checks_off(const CheckResult& all, const CheckResult& off) {
  for (const Note& n : all.notes)
    if (n.code == Note::Code::kFindingsCapped) return;
  std::vector<const Finding*> expected;
  for (const Finding& f : all.findings) {
    if (f.code == "TG_WORK_LIMIT") return;
    if (!is_semantic_code(f.code)) expected.push_back(&f);
  }
  TG_FUZZ_CHECK(off.findings.size() == expected.size());
  bool error = false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Finding& f = *expected[i];
    const Finding& g = off.findings[i];
    TG_FUZZ_CHECK(f.severity == g.severity && f.pointer == g.pointer && f.keyword == g.keyword && f.code == g.code &&
                  f.message == g.message && f.location == g.location);
    error = error || g.severity == Severity::kError;
  }
  TG_FUZZ_CHECK(off.valid == !error);
  for (const Note& n : all.notes) TG_FUZZ_CHECK(n.code != Note::Code::kSemanticChecksOff);
}

inline CheckOptions without_semantic_checks(CheckOptions o) {
  o.semantic_checks = false;
  return o;
}

// Options that read bodies with nlohmann::json instead of simdjson.
inline CheckOptions with_nlohmann(CheckOptions o) {
  o.reader = BodyReader::kNlohmann;
  return o;
}

// Options that skip the verdict-only plan (schema/quick_plan.h): simdjson's
// tape goes straight to the full path.
inline CheckOptions without_plan(CheckOptions o) {
  o.quick_plan = false;
  return o;
}

}  // namespace tokenguard::fuzz

#endif  // TOKENGUARD_FUZZ_FUZZ_CATALOG_PROPERTIES_H_
