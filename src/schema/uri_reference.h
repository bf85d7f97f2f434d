// Internal: URI references (RFC 3986), as JSON Schema's $id, $ref and
// $schema use them: parsing, resolution against a base (section 5.2), and
// the fragment split.
#ifndef TOKENGUARD_SRC_SCHEMA_URI_REFERENCE_H_
#define TOKENGUARD_SRC_SCHEMA_URI_REFERENCE_H_

#include <string>
#include <string_view>

namespace tokenguard::detail {

// `reference` resolved against `base` (RFC 3986 section 5.2, with dot
// segments removed). Either may carry a fragment; the result keeps the
// reference's fragment, if any. A base that is empty or not absolute (no
// scheme) still resolves: paths are merged as if it were.
[[nodiscard]] std::string resolve_uri(std::string_view base, std::string_view reference);

// The URI without its fragment ("" when it is only a fragment).
[[nodiscard]] std::string_view without_fragment(std::string_view uri) noexcept;

// The fragment, without the '#' ("" when there is none).
[[nodiscard]] std::string_view fragment_of(std::string_view uri) noexcept;

// Whether the URI has a scheme ("https:", "urn:", ...).
[[nodiscard]] bool has_scheme(std::string_view uri) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_URI_REFERENCE_H_
