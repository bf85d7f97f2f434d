// URI references; see uri_reference.h.
#include "schema/uri_reference.h"

namespace tokenguard::detail {
namespace {

struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

// RFC 3986 appendix B, without a regex.
Parts split(std::string_view s) {
  Parts p;
  if (const auto hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    p.has_fragment = true;
    s = s.substr(0, hash);
  }
  if (const auto q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    p.has_query = true;
    s = s.substr(0, q);
  }
  const auto colon = s.find(':');
  const auto slash = s.find('/');
  if (colon != std::string_view::npos && colon > 0 && (slash == std::string_view::npos || colon < slash)) {
    bool scheme_chars = true;
    for (std::size_t i = 0; i < colon; ++i) {
      const char c = s[i];
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      scheme_chars = scheme_chars && (alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')));
    }
    if (scheme_chars) {
      p.scheme = s.substr(0, colon);
      p.has_scheme = true;
      s = s.substr(colon + 1);
    }
  }
  if (s.substr(0, 2) == "//") {
    s.remove_prefix(2);
    const auto end = s.find('/');
    p.authority = s.substr(0, end);
    p.has_authority = true;
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  p.path = s;
  return p;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const auto last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const std::size_t start = in[0] == '/' ? 1 : 0;
      const auto next = in.find('/', start);
      const std::size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

std::string merge_paths(const Parts& base, std::string_view ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(ref_path);
  const auto last = base.path.rfind('/');
  if (last == std::string_view::npos) return std::string(ref_path);
  return std::string(base.path.substr(0, last + 1)) + std::string(ref_path);
}

}  // namespace

std::string_view without_fragment(std::string_view uri) noexcept { return uri.substr(0, uri.find('#')); }

std::string_view fragment_of(std::string_view uri) noexcept {
  const auto hash = uri.find('#');
  return hash == std::string_view::npos ? std::string_view() : uri.substr(hash + 1);
}

bool has_scheme(std::string_view uri) noexcept { return split(uri).has_scheme; }

std::string resolve_uri(std::string_view base_text, std::string_view ref_text) {
  const Parts b = split(base_text);
  const Parts r = split(ref_text);
  // RFC 3986 section 5.2.2, transforming references.
  std::string scheme, authority, path, query;
  bool has_authority = false, has_query = false;
  // The reference's own authority (if it has one), path and query.
  const auto take_from_reference = [&](bool authority_given) {
    has_authority = authority_given;
    authority = r.authority;
    path = remove_dot_segments(r.path);
    has_query = r.has_query;
    query = r.query;
  };
  if (r.has_scheme) {
    scheme = r.scheme;
    take_from_reference(r.has_authority);
  } else {
    scheme = b.scheme;
    if (r.has_authority) {
      take_from_reference(true);
    } else {
      has_authority = b.has_authority;
      authority = b.authority;
      if (r.path.empty()) {
        path = b.path;
        has_query = r.has_query || b.has_query;
        query = r.has_query ? r.query : b.query;
      } else {
        path = r.path.front() == '/' ? remove_dot_segments(r.path) : remove_dot_segments(merge_paths(b, r.path));
        has_query = r.has_query;
        query = r.query;
      }
    }
  }
  std::string out;
  if (!scheme.empty()) out += scheme + ":";
  if (has_authority) out += "//" + authority;
  out += path;
  if (has_query) out += "?" + query;
  if (r.has_fragment) out += "#" + std::string(r.fragment);
  return out;
}

}  // namespace tokenguard::detail
