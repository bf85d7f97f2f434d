// Fuzzes every format grammar of the format table, and the inclusions
// between them that the RFCs make: an RFC 1123 host name with IDNA's rules
// is an internationalized one, a URI is an IRI and a URI reference, an IRI
// is an IRI reference, an e-mail address is an internationalized one.
// Properties: no crash; a failure always says where (an offset within the
// text); the inclusions hold.
#include <cstdint>
#include <string_view>

#include "formats/grammars.h"
#include "fuzz_check.h"
#include "schema/formats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  for (const auto& rule : tokenguard::detail::format_rules()) {
    if (rule.kind != tokenguard::detail::FormatKind::kString) continue;
    tokenguard::ParseError why;
    if (!rule.string_holds(s, &why)) TG_FUZZ_CHECK(why.offset() <= s.size() + 1);
    TG_FUZZ_CHECK(rule.string_holds(s, nullptr) == rule.string_holds(s, &why));
    TG_FUZZ_CHECK(rule.string_verdict(s) == rule.string_holds(s, nullptr));
  }
  using namespace tokenguard::formats;
  if (is_hostname(s, nullptr)) TG_FUZZ_CHECK(is_idn_hostname(s, nullptr));
  if (is_hostname(s, nullptr)) TG_FUZZ_CHECK(is_rfc1123_hostname(s, nullptr));
  if (is_uri(s, nullptr)) TG_FUZZ_CHECK(is_iri(s, nullptr) && is_uri_reference(s, nullptr));
  if (is_uri_reference(s, nullptr)) TG_FUZZ_CHECK(is_iri_reference(s, nullptr));
  if (is_iri(s, nullptr)) TG_FUZZ_CHECK(is_iri_reference(s, nullptr));
  if (is_email(s, nullptr)) TG_FUZZ_CHECK(is_idn_email(s, nullptr));
  return 0;
}
