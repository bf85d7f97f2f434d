// Internal: the path and query of a request URI, read as the upstreams read
// them (Go's net/url and net/http, ASP.NET, nginx), so that what tokenguard
// checks is the resource and the values the upstream will act on.
#ifndef TOKENGUARD_SRC_URI_H_
#define TOKENGUARD_SRC_URI_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tokenguard::detail {


// Appends `in` with every %XX escape decoded (and, for a query, '+' read as
// a space) to `out`; false, with `out` unspecified, on a '%' not followed by
// two hex digits.
[[nodiscard]] bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = false);

// Whether the %-decoded form of `raw` equals `text`, without allocating;
// false when `raw` holds a bad escape.
[[nodiscard]] bool decoded_equals(std::string_view raw, std::string_view text) noexcept;

// What is wrong with one path segment, if anything. A segment is refused when
// an upstream would read it as something other than one plain segment:
// empty (nginx merges "//", Go's ServeMux redirects it), "." or ".." raw or
// %-encoded (resolved by nginx and by normalising upstreams), holding / \ ? #
// or ; raw or encoded (another separator to some upstream: an encoded slash
// walks up a directory behind a decoding proxy, ';' starts path parameters
// in Java servers), a control byte, or a malformed escape.
enum class SegmentProblem { kNone, kEmpty, kDotSegment, kSeparator, kControlByte, kBadEscape };

[[nodiscard]] SegmentProblem check_segment(std::string_view raw) noexcept;
[[nodiscard]] const char* describe(SegmentProblem p) noexcept;

// One name=value pair of a query, decoded as Go's url.ParseQuery does.
struct QueryPair {
  std::string name;
  std::string value;
  // Go's ParseQuery drops a pair holding a raw ';' or a malformed escape
  // (and so would read the parameter as absent); tokenguard reports such a
  // pair when it names a declared parameter.
  bool dropped_by_go = false;
};

// The pairs of a query (the text after '?'), in order; empty pairs skipped.
[[nodiscard]] std::vector<QueryPair> parse_query(std::string_view query);
// parse_query into `pairs`, reusing its elements and their strings (so a
// caller that keeps the vector allocates nothing once warm); returns how
// many of them hold pairs of this query. The vector never shrinks.
std::size_t parse_query_into(std::string_view query, std::vector<QueryPair>& pairs);

// Whether `text` is a number by JSON's grammar (RFC 8259 section 6): no
// sign but '-', no leading zeros, no hex, no spaces.
[[nodiscard]] bool is_json_number(std::string_view text) noexcept;

// Whether `path` (no query) fits `path_template` ("/user/tokens/{token_id}"):
// literal segments equal once %-decoded, each {parameter} a non-empty
// segment. Allocates nothing.
[[nodiscard]] bool path_fits(std::string_view path_template, std::string_view path) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_URI_H_
