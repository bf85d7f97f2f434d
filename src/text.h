// Internal: making untrusted text safe to put in a message.
#ifndef TOKENGUARD_SRC_TEXT_H_
#define TOKENGUARD_SRC_TEXT_H_

#include <charconv>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace tokenguard::detail {

// Code points in UTF-8 text (the bytes that do not continue a sequence),
// as JSON Schema's minLength and maxLength count them.
inline std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Appends at most `limit` bytes of `s` to `out` (a std::string or a
// StackText) as printable ASCII: '"' and '\' get a backslash, every other
// byte outside 0x20-0x7e becomes \xNN, and a cut-off text ends with "...".
template <class Out>
inline void append_escaped(Out& out, std::string_view s, std::size_t limit) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('\\');
      out.push_back('x');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  if (s.size() > limit) out.append(std::string_view("..."));
}

// `s` escaped as above and in double quotes, appended to `out`.
template <class Out>
inline void append_quoted(Out& out, std::string_view s, std::size_t limit = 64) {
  out.push_back('"');
  append_escaped(out, s, limit);
  out.push_back('"');
}

// `s` escaped as above and in double quotes.
inline std::string quoted(std::string_view s, std::size_t limit = 64) {
  std::string out = "\"";
  append_escaped(out, s, limit);
  return out + "\"";
}

// `s` escaped as above, without quotes.
inline std::string escaped(std::string_view s, std::size_t limit = 64) {
  std::string out;
  append_escaped(out, s, limit);
  return out;
}

// The first and the last W bytes of `from` (n >= W) to `to`: every byte
// once or twice, none outside either range.
template <std::size_t W>
inline void copy_ends(char* to, const char* from, std::size_t n) noexcept {
  char head[W], tail[W];
  std::memcpy(head, from, W);
  std::memcpy(tail, from + n - W, W);
  std::memcpy(to, head, W);
  std::memcpy(to + n - W, tail, W);
}

// memcpy, with the short copies most texts are made of done inline (a
// word at each end, overlapping).
inline void copy_short(char* to, const char* from, std::size_t n) noexcept {
  if (n > 16) {
    std::memcpy(to, from, n);
  } else if (n >= 8) {
    copy_ends<8>(to, from, n);
  } else if (n >= 4) {
    copy_ends<4>(to, from, n);
  } else if (n > 0) {
    const char a = from[0], b = from[n / 2], c = from[n - 1];
    to[0] = a;
    to[n / 2] = b;
    to[n - 1] = c;
  }
}

// Text put together from many short pieces on the stack, then made a
// std::string with one allocation (findings' messages and pointers). Past
// N bytes it goes on in a std::string, so it holds any length.
//
//   StackText<160> m;
//   m.append("entry ");
//   m.append_decimal(3);
//   return std::move(m).str();
// Bytes the decimal digits of a std::size_t take at most.
inline constexpr std::size_t kMaxDecimal = 20;

template <std::size_t N>
class StackText {
 public:
  StackText() noexcept {}  // (the buffer is written before it is read)
  // (inline: most pieces are literals, whose copies then need no call)
  [[gnu::always_inline]] void append(std::string_view s) {
    if (!spilled_ && s.size() <= N - n_) [[likely]] {
      copy_short(buf_ + n_, s.data(), s.size());
      n_ += s.size();
      return;
    }
    spill().append(s);
  }
  void push_back(char c) {
    if (!spilled_ && n_ < N) [[likely]] {
      buf_[n_++] = c;
      return;
    }
    spill().push_back(c);
  }
  void append_decimal(std::size_t v) {
    if (!spilled_ && N - n_ >= kMaxDecimal) [[likely]] {
      n_ = static_cast<std::size_t>(std::to_chars(buf_ + n_, buf_ + N, v).ptr - buf_);
      return;
    }
    char digits[kMaxDecimal];
    append(std::string_view(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, v).ptr - digits)));
  }
  [[nodiscard]] std::string str() && { return spilled_ ? std::move(spill_) : std::string(buf_, n_); }
  // The text so far, valid until the next append.
  [[nodiscard]] std::string_view view() const noexcept { return spilled_ ? std::string_view(spill_) : std::string_view(buf_, n_); }

 private:
  std::string& spill() {
    if (!spilled_) {
      spill_.assign(buf_, n_);
      spilled_ = true;
    }
    return spill_;
  }
  std::size_t n_ = 0;
  bool spilled_ = false;
  std::string spill_;
  char buf_[N];
};

// Text written straight into a std::string's storage: a finding's message
// whose string is recycled (finding_pool.h) is written where the last
// one was, with no allocation and no copy out of a buffer on the stack
// (whose bytes, just stored piece by piece, would be read back at once).
// Only a text longer than the string's present length grows it, into
// the capacity it has first; `expected`, the longest text most writers
// give, is reserved up front, so a new string takes one allocation.
// finish() cuts it to what was written.
//
//   StringText m(finding.message, 192);
//   m.append("entry ");
//   m.append_decimal(3);
//   m.finish();
class StringText {
 public:
  StringText(std::string& out, std::size_t expected) : out_(out) {
    if (out_.capacity() < expected) out_.reserve(expected);
    p_ = out_.data();
    end_ = p_ + out_.size();
  }
  StringText(const StringText&) = delete;
  StringText& operator=(const StringText&) = delete;

  [[gnu::always_inline]] void append(std::string_view s) {
    if (s.size() > room()) [[unlikely]]
      grow(s.size());
    copy_short(p_, s.data(), s.size());
    p_ += s.size();
  }
  void push_back(char c) {
    if (p_ == end_) [[unlikely]]
      grow(1);
    *p_++ = c;
  }
  void append_decimal(std::size_t v) {
    char* const at = room_for(kMaxDecimal);  // (before end_ is read: it may move)
    p_ = std::to_chars(at, end_, v).ptr;
  }
  // At least `n` writable bytes where the text goes on: write into them,
  // then advance() by what was written.
  [[nodiscard]] char* room_for(std::size_t n) {
    if (room() < n) grow(n);
    return p_;
  }
  void advance(std::size_t n) noexcept { p_ += n; }
  void finish() { out_.resize(written()); }

 private:
  [[nodiscard]] std::size_t room() const noexcept { return static_cast<std::size_t>(end_ - p_); }
  [[nodiscard]] std::size_t written() const noexcept { return static_cast<std::size_t>(p_ - out_.data()); }
  // Room for `n` more bytes: the string's whole capacity when that is
  // enough (no allocation), else what is needed (the string grows its
  // storage geometrically).
  void grow(std::size_t n) {
    const std::size_t at = written();
    out_.resize(at + n > out_.capacity() ? at + n : out_.capacity());
    p_ = out_.data() + at;
    end_ = out_.data() + out_.size();
  }
  std::string& out_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

// `text` into `to`: written into its storage when that has room (a
// recycled finding's), otherwise made anew, which costs less than growing
// the string in place. A std::string built elsewhere is moved in.
inline void assign_text(std::string& to, std::string_view text) {
  if (text.size() <= to.capacity()) {
    to.assign(text);
  } else {
    to = std::string(text);
  }
}
inline void assign_text(std::string& to, const char* text) { assign_text(to, std::string_view(text)); }
inline void assign_text(std::string& to, std::string&& built) { to = std::move(built); }
template <std::size_t N>
void assign_text(std::string& to, const StackText<N>& built) {
  assign_text(to, built.view());
}

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_TEXT_H_
