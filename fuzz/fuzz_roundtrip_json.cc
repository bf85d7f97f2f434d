// A document that passes tokenguard's input hardening, written back by
// nlohmann and read again, gives the same verdict on the same operation
// (byte 0 picks it). Catches any difference between what the hardened
// parser accepts and what it would accept after a re-serialization.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto catalog = tokenguard::Catalog::embedded();
  const auto& ops = catalog->operations();
  const tokenguard::Operation& op = ops[data[0] % ops.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const tokenguard::ParsedJson first = tokenguard::parse_json(text);
  if (!first.ok) return 0;
  const std::string again = first.value.dump();
  const tokenguard::ParsedJson second = tokenguard::parse_json(again);
  TG_FUZZ_CHECK(second.ok);
  TG_FUZZ_CHECK(second.value == first.value);
  tokenguard::HttpRequest a, b;
  a.body = text;
  b.body = again;
  TG_FUZZ_CHECK(tokenguard::check_request(op, a).valid == tokenguard::check_request(op, b).valid);
  TG_FUZZ_CHECK(tokenguard::check_response(op, 200, text).valid == tokenguard::check_response(op, 200, again).valid);
  return 0;
}
