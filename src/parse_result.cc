#include "tokenguard/parse_result.h"

#include <algorithm>
#include <cstring>

#include "text.h"

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
  std::string out = reason_;
  const std::string_view reason(reason_);
  constexpr std::string_view kFound = "but found";
  const bool wants_token =
      reason.size() >= kFound.size() && reason.substr(reason.size() - kFound.size()) == kFound;
  if (wants_token && token_length_ == 0 && !truncated_) {
    out += " the end of the text";
  } else if (token_length_ > 0 || truncated_) {
    out += " \"";
    detail::append_escaped(out, token(), kTokenCapacity);
    if (truncated_) out += "...";
    out += '"';
  }
  out += " at offset ";
  out += std::to_string(offset_);
  return out;
}

}  // namespace tokenguard
