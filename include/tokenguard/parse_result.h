// tokenguard/parse_result.h: the result type every value grammar returns.
//
// A grammar never throws and never allocates while it parses. It returns a
// ParseResult<T> holding either the value or a ParseError:
//
//   tokenguard::ParseResult<tokenguard::Duration> r = tokenguard::parse_duration("1d");
//   if (!r.ok()) {
//     std::size_t at = r.error().offset;      // 1: the byte where it went wrong
//     std::string why = r.error().message();  // unknown unit "d" at offset 1
//   }
//
// A ParseError keeps a short copy of the offending token (at most
// ParseError::kTokenCapacity bytes), so it stays valid after the input is gone.
// message() is the only call here that allocates.
#ifndef TOKENGUARD_PARSE_RESULT_H_
#define TOKENGUARD_PARSE_RESULT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace tokenguard {

class ParseError {
 public:
  static constexpr std::size_t kTokenCapacity = 24;

  constexpr ParseError() noexcept = default;
  // `reason` must be a string literal (it is kept by pointer). `token`, if
  // not empty, is copied (truncated to kTokenCapacity bytes) and quoted in
  // message().
  ParseError(std::size_t offset, const char* reason,
             std::string_view token = {}) noexcept;

  // Byte offset into the parsed text where the error was detected.
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }
  // A short, static reason, e.g. "unknown unit".
  [[nodiscard]] const char* reason() const noexcept { return reason_; }
  // The offending token, as far as it was kept (may be empty).
  [[nodiscard]] std::string_view token() const noexcept {
    return {token_, token_length_};
  }
  [[nodiscard]] bool token_truncated() const noexcept { return truncated_; }

  // "unknown unit \"d\" at offset 1". Bytes outside printable ASCII in the
  // token are written as \xNN, so the message is always safe to log. A
  // reason ending in "but found" with no token found the end of the text,
  // and says so.
  [[nodiscard]] std::string message() const;

  // The same error moved `delta` bytes further (used when a grammar parses a
  // part of a larger text, e.g. the address before a '/').
  [[nodiscard]] ParseError shifted(std::size_t delta) const noexcept {
    ParseError e = *this;
    e.offset_ += delta;
    return e;
  }

 private:
  std::size_t offset_ = 0;
  const char* reason_ = "";
  char token_[kTokenCapacity] = {};
  std::uint8_t token_length_ = 0;
  bool truncated_ = false;
};

// Either a value or a ParseError. T must be trivially copyable (all the
// grammar value types are small plain structs); the two share storage, so a
// successful parse writes only the value.
template <class T>
class [[nodiscard]] ParseResult {
  static_assert(std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>);

 public:
  // NOLINTNEXTLINE(google-explicit-constructor): implicit by design.
  ParseResult(const T& value) noexcept : value_(value), ok_(true) {}
  // NOLINTNEXTLINE(google-explicit-constructor): implicit by design.
  ParseResult(const ParseError& error) noexcept : error_(error), ok_(false) {}

  [[nodiscard]] bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  // The value; a default-constructed T when !ok().
  [[nodiscard]] const T& value() const noexcept { return ok_ ? value_ : kNoValue; }
  // The error; a default ParseError when ok().
  [[nodiscard]] const ParseError& error() const noexcept { return ok_ ? kNoError : error_; }

 private:
  static constexpr T kNoValue{};
  static constexpr ParseError kNoError{};
  union {
    T value_;
    ParseError error_;
  };
  bool ok_;
};

}  // namespace tokenguard

#endif  // TOKENGUARD_PARSE_RESULT_H_
