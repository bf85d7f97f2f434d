#include "pointer.h"

#include <charconv>

#include "text.h"

namespace tokenguard::detail {
namespace {

// Whether a member goes into a pointer as it is: short, without '~' or '/'
// (most keys).
bool is_plain_key(std::string_view key) noexcept { return key.size() <= kMaxPointerToken && !has_pointer_escape(key); }

// Appends the steps to `out`.
template <class Out>
void append_pointer(Out& out, std::span<const PathStep> steps) {
  for (const PathStep& s : steps) {
    if (!s.is_key) {
      out.push_back('/');
      out.append_decimal(s.index);
      continue;
    }
    if (is_plain_key(s.key)) [[likely]] {
      out.push_back('/');
      out.append(s.key);
    } else {
      std::string token;
      append_finding_pointer_token(token, s.key);
      out.append(token);
    }
  }
}

// Decimal digits in `n`.
std::size_t decimal_digits(std::size_t n) noexcept {
  std::size_t d = 1;
  for (; n >= 10; n /= 10) ++d;
  return d;
}

constexpr std::size_t kNotPlain = static_cast<std::size_t>(-1);

// The pointer's length when every key goes in as it is, or kNotPlain when
// one must be escaped or cut.
std::size_t plain_length(std::span<const PathStep> steps) noexcept {
  std::size_t n = 0;
  for (const PathStep& s : steps) {
    if (!s.is_key) {
      n += 1 + decimal_digits(s.index);
    } else if (is_plain_key(s.key)) [[likely]] {
      n += 1 + s.key.size();
    } else {
      return kNotPlain;
    }
  }
  return n;
}

// Writes the steps, each key as it is, from `p` (room up to `end`); the end.
char* put_plain(char* p, char* end, std::span<const PathStep> steps) noexcept {
  for (const PathStep& s : steps) {
    *p++ = '/';
    if (s.is_key) {
      copy_short(p, s.key.data(), s.key.size());
      p += s.key.size();
    } else {
      p = std::to_chars(p, end, s.index).ptr;
    }
  }
  return p;
}

}  // namespace

void render_pointer_into(std::string& out, std::span<const PathStep> steps, std::span<const PathStep> more) {
  // Most pointers need no escape: measured, then written straight into
  // `out`'s storage (a recycled finding's, which then takes no allocation).
  const std::size_t first = plain_length(steps), second = plain_length(more);
  if (first != kNotPlain && second != kNotPlain) [[likely]] {
    out.resize(first + second);
    char* const end = out.data() + out.size();
    put_plain(put_plain(out.data(), end, steps), end, more);
    return;
  }
  StackText<128> text;
  append_pointer(text, steps);
  append_pointer(text, more);
  assign_text(out, text.view());
}

}  // namespace tokenguard::detail
