// Checks beyond JSON Schema, each with its source.
#include "semantic_checks.h"

#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"

namespace tokenguard::detail {
namespace {

using json = nlohmann::json;

// Where findings go, and how many there may be in all.
struct Sink {
  std::vector<Finding>& findings;
  std::size_t max;
};

void add(Sink& out, Severity s, std::string pointer, const char* keyword, const char* code, std::string message) {
  if (out.findings.size() >= out.max) return;
  out.findings.push_back(Finding{s, std::move(pointer), keyword, code, std::move(message), "body"});
}

std::string at(const std::string& base, std::string_view key) {
  std::string p = base;
  append_pointer_token(p, key);
  return p;
}

// Cloudflare user tokens: "not_before: the time before which the token MUST
// NOT be accepted"; "expires_on: the time on or after which the JWT MUST NOT
// be accepted" (upstream descriptions). A not_before at or after expires_on
// makes a token that is never valid.
void token_window(const json& o, const std::string& ptr, Sink& out) {
  const auto nb = o.find("not_before");
  const auto ex = o.find("expires_on");
  if (nb == o.end() || ex == o.end() || !nb->is_string() || !ex->is_string()) return;
  const auto a = parse_date_time(nb->get_ref<const std::string&>());
  const auto b = parse_date_time(ex->get_ref<const std::string&>());
  if (!a.ok() || !b.ok()) return;  // the schema's format check reports those
  if (compare(a.value(), b.value()) >= 0)
    add(out, Severity::kError, at(ptr, "not_before"), "not_before", "TG_NOT_BEFORE_AFTER_EXPIRY",
        "not_before must be earlier than expires_on, or the token is never valid");
}

// Cloudflare user tokens, condition.request_ip (or the older request.ip):
// "in" allows client addresses, "not_in" takes addresses back out. The
// upstream example itself pairs in 123.123.123.0/24 with not_in
// 123.123.123.100/24, so a not_in entry that covers an in entry entirely is
// a warning (that in entry allows nothing), never an error. Duplicates are
// warnings too.
void ip_condition(const json& cond, const std::string& ptr, Sink& out) {
  struct Entry {
    Prefix prefix;
    std::size_t index;
  };
  // Duplicates: a short list (the usual few entries) is scanned, a long
  // one goes through a sorted set (n log n), so a list of 100,000 entries
  // costs milliseconds, not a quadratic scan.
  constexpr std::size_t kScanUpTo = 32;
  const auto key = [](const Prefix& p) { return std::make_tuple(p.address.is_v4, p.address.hi, p.address.lo, p.bits); };
  const auto read = [&](const char* name, std::vector<Entry>& entries) {
    const auto it = cond.find(name);
    if (it == cond.end() || !it->is_array()) return;
    const auto& items = it->get_ref<const json::array_t&>();
    std::map<decltype(key(Prefix{})), std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const json& v = items[i];
      if (!v.is_string()) continue;
      const auto r = parse_prefix(v.get_ref<const std::string&>());
      if (!r.ok()) continue;  // the schema's cidr format reports those
      const Prefix masked = r.value().masked();
      std::size_t first = i;
      if (items.size() <= kScanUpTo) {
        for (const Entry& e : entries)
          if (key(e.prefix) == key(masked)) {
            first = e.index;
            break;
          }
      } else {
        first = seen.emplace(key(masked), i).first->second;
      }
      if (first != i) {
        add(out, Severity::kWarning, at(ptr, name) + "/" + std::to_string(i), name, "TG_CIDR_DUPLICATE",
            std::string(name) + " entry " + std::to_string(i) + " repeats entry " + std::to_string(first) + " (" +
                to_string(masked) + ")");
        continue;
      }
      entries.push_back(Entry{masked, i});
    }
  };
  std::vector<Entry> in, not_in;
  in.reserve(8);
  not_in.reserve(8);
  read("in", in);
  read("not_in", not_in);
  // Pairwise coverage is checked up to a million pairs (far beyond any real
  // token's condition); past that it is skipped, to keep the check bounded.
  if (in.size() * not_in.size() > 1000000) return;
  for (const Entry& n : not_in)
    for (const Entry& i : in)
      if (contains(n.prefix, i.prefix))
        add(out, Severity::kWarning, at(ptr, "not_in") + "/" + std::to_string(n.index), "not_in", "TG_CIDR_EXCLUDED",
            "not_in entry " + std::to_string(n.index) + " (" + to_string(n.prefix) + ") covers in entry " +
                std::to_string(i.index) + " (" + to_string(i.prefix) + ") entirely, which then allows no address");
}

// Cloudflare Access service tokens: client_secret_version is "a version
// number identifying the current client_secret"; incrementing it rotates the
// secret (upstream description). Upstream types it as number: a fraction or a
// value below 1 is almost certainly a mistake, so it is a warning.
void secret_version(const json& o, const std::string& ptr, Sink& out) {
  const auto it = o.find("client_secret_version");
  if (it == o.end() || !it->is_number()) return;
  const double v = it->get<double>();
  if (v < 1 || std::floor(v) != v)
    add(out, Severity::kWarning, at(ptr, "client_secret_version"), "client_secret_version",
        "TG_CLIENT_SECRET_VERSION", "client_secret_version should be a whole number of at least 1");
}

void walk(const json& v, std::string& ptr, int depth, Sink& out) {
  if (depth > 128) return;
  if (v.is_object()) {
    token_window(v, ptr, out);
    secret_version(v, ptr, out);
    // previous_client_secret_expires_at may lie in the past on purpose
    // ("move it into the past to immediately invalidate the previous
    // token", upstream): no finding.
    for (const char* key : {"request_ip", "request.ip"}) {
      const auto it = v.find(key);
      if (it != v.end() && it->is_object()) ip_condition(*it, at(ptr, key), out);
    }
    // Only arrays and objects can hold what the checks look for: the path
    // is extended for those alone.
    for (const auto& member : v.get_ref<const json::object_t&>()) {
      if (!member.second.is_structured()) continue;
      const std::size_t size = ptr.size();
      append_pointer_token(ptr, member.first);
      walk(member.second, ptr, depth + 1, out);
      ptr.resize(size);
    }
  } else if (v.is_array()) {
    const auto& items = v.get_ref<const json::array_t&>();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_structured()) continue;
      const std::size_t size = ptr.size();
      ptr += '/';
      ptr += std::to_string(i);
      walk(items[i], ptr, depth + 1, out);
      ptr.resize(size);
    }
  }
}

}  // namespace

void semantic_checks(const json& body, std::vector<Finding>& findings, std::size_t max_findings) {
  Sink sink{findings, max_findings};
  std::string ptr;
  walk(body, ptr, 0, sink);
}

}  // namespace tokenguard::detail
