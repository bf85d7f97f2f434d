#include "tokenguard/parse_result.h"

#include <algorithm>
#include <cstring>

namespace tokenguard {

ParseError::ParseError(std::size_t offset, const char* reason,
                       std::string_view token) noexcept
    : offset_(offset), reason_(reason != nullptr ? reason : "") {
  const std::size_t n = std::min(token.size(), kTokenCapacity);
  if (n > 0) std::memcpy(token_, token.data(), n);
  token_length_ = static_cast<std::uint8_t>(n);
  truncated_ = token.size() > kTokenCapacity;
}

std::string ParseError::message() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = reason_;
  const std::string_view reason(reason_);
  constexpr std::string_view kFound = "but found";
  const bool wants_token =
      reason.size() >= kFound.size() && reason.substr(reason.size() - kFound.size()) == kFound;
  if (wants_token && token_length_ == 0 && !truncated_) {
    out += " the end of the text";
  } else if (token_length_ > 0 || truncated_) {
    out += " \"";
    for (std::size_t i = 0; i < token_length_; ++i) {
      const auto c = static_cast<unsigned char>(token_[i]);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out += static_cast<char>(c);
      } else {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
      }
    }
    if (truncated_) out += "...";
    out += '"';
  }
  out += " at offset ";
  out += std::to_string(offset_);
  return out;
}

}  // namespace tokenguard
