#include "pointer.h"

#include "text.h"

namespace tokenguard::detail {
namespace {

// Appends the steps to `out`.
template <class Out>
void append_pointer(Out& out, std::span<const PathStep> steps) {
  for (const PathStep& s : steps) {
    if (!s.is_key) {
      out.push_back('/');
      out.append_decimal(s.index);
      continue;
    }
    // Most keys go in as they are: short, without '~' or '/'.
    if (s.key.size() <= kMaxPointerToken && !has_pointer_escape(s.key)) [[likely]] {
      out.push_back('/');
      out.append(s.key);
    } else {
      std::string token;
      append_finding_pointer_token(token, s.key);
      out.append(token);
    }
  }
}

}  // namespace

void render_pointer_into(std::string& out, std::span<const PathStep> steps, std::span<const PathStep> more) {
  StackText<128> text;
  append_pointer(text, steps);
  append_pointer(text, more);
  assign_text(out, text.view());
}


}  // namespace tokenguard::detail
