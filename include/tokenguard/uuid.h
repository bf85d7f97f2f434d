// tokenguard/uuid.h: UUIDs and Cloudflare's 32-hex-digit identifiers.
//
//   auto u = tokenguard::parse_uuid("F174E90A-FAFE-4643-BBBC-4A0ED4FC8415");
//   tokenguard::to_string(u.value());   // "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"
//   auto id = tokenguard::parse_hex_id("023e105f4ecef8ad9ca31a8372d0c353");
//
// Grammar (ABNF, RFC 5234; HEXDIG here in either case):
//
//   uuid   = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG
//   hex-id = 32HEXDIG    ; Cloudflare account, zone and user-token ids
//
// No version or variant bits are required: Cloudflare service-token ids are
// checked for shape, not for how they were generated (as JSON Schema's
// `uuid` format does).
#ifndef TOKENGUARD_UUID_H_
#define TOKENGUARD_UUID_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tokenguard/parse_result.h"

namespace tokenguard {

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};
  friend constexpr bool operator==(const Uuid&, const Uuid&) = default;
};

// 32 hex digits: the same 16 bytes, written without dashes.
struct HexId {
  std::array<std::uint8_t, 16> bytes{};
  friend constexpr bool operator==(const HexId&, const HexId&) = default;
};

inline constexpr std::size_t kUuidText = 36;
inline constexpr std::size_t kHexIdText = 32;

// Never throw, never allocate.
[[nodiscard]] ParseResult<Uuid> parse_uuid(std::string_view text) noexcept;
[[nodiscard]] ParseResult<HexId> parse_hex_id(std::string_view text) noexcept;

// parse_uuid(text).ok() and parse_hex_id(text).ok(), without building the
// value or an error (the schema engine's checks).
[[nodiscard]] bool is_uuid(std::string_view text) noexcept;
[[nodiscard]] bool is_hex_id(std::string_view text) noexcept;

// Lower-case text, written into the buffer; no allocation.
[[nodiscard]] std::string_view format_uuid(const Uuid& id,
                                           std::span<char, kUuidText> buffer) noexcept;
[[nodiscard]] std::string_view format_hex_id(const HexId& id,
                                             std::span<char, kHexIdText> buffer) noexcept;
[[nodiscard]] std::string to_string(const Uuid& id);
[[nodiscard]] std::string to_string(const HexId& id);

}  // namespace tokenguard

#endif  // TOKENGUARD_UUID_H_
