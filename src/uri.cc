// The path and query of a request URI; see uri.h.
#include "uri.h"

#include "hex.h"

namespace tokenguard::detail {

namespace {

// The byte a %XX escape at s[i] stands for, or -1 when it is malformed.
int escaped_byte(std::string_view s, std::size_t i) noexcept {
  if (i + 2 >= s.size()) return -1;
  const int hi = hex_value(s[i + 1]);
  const int lo = hex_value(s[i + 2]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      const int b = escaped_byte(in, i);
      if (b < 0) return false;
      out += static_cast<char>(b);
      i += 2;
    } else {
      out += plus_is_space && c == '+' ? ' ' : c;
    }
  }
  return true;
}

bool decoded_equals(std::string_view raw, std::string_view text) noexcept {
  std::size_t j = 0;
  for (std::size_t i = 0; i < raw.size(); ++i, ++j) {
    if (j == text.size()) return false;
    int b = static_cast<unsigned char>(raw[i]);
    if (raw[i] == '%') {
      b = escaped_byte(raw, i);
      if (b < 0) return false;
      i += 2;
    }
    if (b != static_cast<unsigned char>(text[j])) return false;
  }
  return j == text.size();
}

SegmentProblem check_segment(std::string_view raw) noexcept {
  if (raw.empty()) return SegmentProblem::kEmpty;
  std::size_t length = 0;  // decoded bytes
  bool all_dots = true;
  for (std::size_t i = 0; i < raw.size(); ++i, ++length) {
    int b = static_cast<unsigned char>(raw[i]);
    if (raw[i] == '%') {
      b = escaped_byte(raw, i);
      if (b < 0) return SegmentProblem::kBadEscape;
      i += 2;
    }
    if (b < 0x20 || b == 0x7f) return SegmentProblem::kControlByte;
    if (b == '/' || b == '\\' || b == '?' || b == '#' || b == ';') return SegmentProblem::kSeparator;
    all_dots = all_dots && b == '.';
  }
  return all_dots && length <= 2 ? SegmentProblem::kDotSegment : SegmentProblem::kNone;
}

const char* describe(SegmentProblem p) noexcept {
  switch (p) {
    case SegmentProblem::kNone: return "fine";
    case SegmentProblem::kEmpty: return "is empty (\"//\" or a trailing \"/\"), which nginx and Go's router rewrite";
    case SegmentProblem::kDotSegment: return "is a dot segment (\".\" or \"..\", raw or %-encoded), which upstreams resolve";
    case SegmentProblem::kSeparator:
      return "holds a / \\ ? # or ; (raw or %-encoded), which some upstream reads as a separator";
    case SegmentProblem::kControlByte: return "holds a control byte";
    case SegmentProblem::kBadEscape: return "holds a malformed %-escape";
  }
  return "is malformed";
}

std::size_t parse_query_into(std::string_view query, std::vector<QueryPair>& pairs) {
  std::size_t n = 0;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    if (pairs.size() <= n) pairs.emplace_back();
    QueryPair& q = pairs[n++];
    q.name.clear();
    q.value.clear();
    const bool name_ok = percent_decode(pair.substr(0, eq), q.name, true);
    const bool value_ok = eq == std::string_view::npos || percent_decode(pair.substr(eq + 1), q.value, true);
    q.dropped_by_go = !name_ok || !value_ok || pair.find(';') != std::string_view::npos;
    if (!name_ok) {  // the name as written, for reporting
      q.name.assign(pair.substr(0, eq));
    }
  }
  return n;
}

std::vector<QueryPair> parse_query(std::string_view query) {
  std::vector<QueryPair> pairs;
  pairs.resize(parse_query_into(query, pairs));
  return pairs;
}

bool is_json_number(std::string_view s) noexcept {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

}  // namespace tokenguard::detail
