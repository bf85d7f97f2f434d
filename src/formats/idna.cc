// Host names: RFC 1123 (hostname) and IDNA 2008 (idn-hostname).
//
//   hostname     = label *( "." label )            ; at most 253 octets
//   label        = let-dig [ *( let-dig / "-" ) let-dig ]   ; 1 to 63 octets
//                  ; "--" in the third and fourth positions only as "xn--",
//                  ; and then the rest must be an A-label (RFC 5891 5.4)
//   idn-hostname = idn-label *( separator idn-label )
//   separator    = "." / %x3002 / %xFF0E / %xFF61
//   idn-label    = label / U-label                 ; A-label form <= 63 octets
//
// A U-label (RFC 5891 5.4, RFC 5892): no "-" first or last, no "--" in the
// third and fourth positions, no combining mark first, every code point
// PVALID, or CONTEXTJ / CONTEXTO with its rule (appendix A) holding. A
// name with a right-to-left label obeys RFC 5893's Bidi rule in every
// label. The per-code-point facts are in idna_table.inc.
#include <algorithm>
#include <array>
#include <cstdint>

#include "formats/grammars.h"

namespace tokenguard::formats {
namespace {

struct IdnaRange {
  std::uint32_t first;
  std::uint32_t props;
};
#include "formats/idna_table.inc"

enum IdnaClass : std::uint32_t { kDisallowed = 0, kPvalid = 1, kContextJ = 2, kContextO = 3 };
enum Script : std::uint32_t { kNoScript = 0, kGreek = 1, kHebrew = 2, kHiragana = 3, kKatakana = 4, kHan = 5 };
enum Joining : std::uint32_t { kJoinNone = 0, kJoinL = 1, kJoinD = 2, kJoinR = 3, kJoinT = 4 };
enum Bidi : std::uint32_t { kL = 1, kR = 2, kAL = 3, kEN = 4, kES = 5, kET = 6, kAN = 7, kCS = 8, kNSM = 9, kBN = 10, kON = 11 };

std::uint32_t props_of(std::uint32_t cp) noexcept {
  const auto* end = kIdnaRanges + kIdnaRangeCount;
  const auto* it = std::upper_bound(kIdnaRanges, end, cp, [](std::uint32_t v, const IdnaRange& r) { return v < r.first; });
  return it == kIdnaRanges ? 0 : (it - 1)->props;
}
std::uint32_t idna_class(std::uint32_t cp) noexcept { return props_of(cp) & 3; }
bool is_mark(std::uint32_t cp) noexcept { return (props_of(cp) >> 2) & 1; }
bool is_virama(std::uint32_t cp) noexcept { return (props_of(cp) >> 3) & 1; }
std::uint32_t script_of(std::uint32_t cp) noexcept { return (props_of(cp) >> 4) & 7; }
std::uint32_t joining_of(std::uint32_t cp) noexcept { return (props_of(cp) >> 7) & 7; }
std::uint32_t bidi_of(std::uint32_t cp) noexcept { return (props_of(cp) >> 10) & 15; }

constexpr std::size_t kMaxLabel = 63;   // octets of a label (A-label form)
constexpr std::size_t kMaxName = 253;   // octets of a name
constexpr std::size_t kMaxCodePoints = 64;

// A label's code points, decoded, at most 64.
struct Label {
  std::array<std::uint32_t, kMaxCodePoints> cp{};
  std::size_t size = 0;
};

bool fail(ParseError* why, std::size_t offset, const char* reason, std::string_view token = {}) noexcept {
  if (why != nullptr) *why = ParseError(offset, reason, token);
  return false;
}

bool is_let_dig(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// --- Punycode (RFC 3492) ---
constexpr std::uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700;
constexpr std::uint32_t kInitialBias = 72, kInitialN = 128, kMaxInt = 0x7FFFFFFF;

std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first) noexcept {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTmin) * kTmax) / 2) {
    delta /= kBase - kTmin;
    k += kBase;
  }
  return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}
int digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0' + 26;
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= 'A' && c <= 'Z') return c - 'A';
  return -1;
}
char digit_char(std::uint32_t d) noexcept { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }
std::uint32_t threshold(std::uint32_t k, std::uint32_t bias) noexcept {
  return k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
}

bool punycode_decode(std::string_view in, Label& out) noexcept {
  out.size = 0;
  const std::size_t dash = in.rfind('-');
  std::size_t pos = 0;
  if (dash != std::string_view::npos) {
    for (std::size_t k = 0; k < dash; ++k) {
      if (static_cast<unsigned char>(in[k]) >= 0x80 || out.size == kMaxCodePoints) return false;
      out.cp[out.size++] = static_cast<unsigned char>(in[k]);
    }
    pos = dash + 1;
  }
  std::uint32_t n = kInitialN, i = 0, bias = kInitialBias;
  while (pos < in.size()) {
    const std::uint32_t old_i = i;
    std::uint32_t w = 1;
    for (std::uint32_t k = kBase;; k += kBase) {
      if (pos >= in.size()) return false;
      const int d = digit_value(in[pos++]);
      if (d < 0) return false;
      const auto digit = static_cast<std::uint32_t>(d);
      if (digit > (kMaxInt - i) / w) return false;
      i += digit * w;
      const std::uint32_t t = threshold(k, bias);
      if (digit < t) break;
      if (w > kMaxInt / (kBase - t)) return false;
      w *= kBase - t;
    }
    const auto count = static_cast<std::uint32_t>(out.size + 1);
    bias = adapt(i - old_i, count, old_i == 0);
    if (i / count > kMaxInt - n) return false;
    n += i / count;
    i %= count;
    if (out.size == kMaxCodePoints || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return false;
    std::copy_backward(out.cp.begin() + i, out.cp.begin() + static_cast<std::ptrdiff_t>(out.size),
                       out.cp.begin() + static_cast<std::ptrdiff_t>(out.size) + 1);
    out.cp[i++] = n;
    ++out.size;
  }
  return true;
}

// The Punycode of a label into `out` (at most `capacity` bytes); false
// when it does not fit.
bool punycode_encode(const Label& in, char* out, std::size_t capacity, std::size_t& length) noexcept {
  length = 0;
  const auto put = [&](char c) {
    if (length == capacity) return false;
    out[length++] = c;
    return true;
  };
  std::uint32_t basic = 0;
  for (std::size_t k = 0; k < in.size; ++k)
    if (in.cp[k] < 0x80) {
      if (!put(static_cast<char>(in.cp[k]))) return false;
      ++basic;
    }
  std::uint32_t handled = basic;
  if (basic > 0 && !put('-')) return false;
  std::uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  while (handled < in.size) {
    std::uint32_t m = 0x10FFFF + 1;
    for (std::size_t k = 0; k < in.size; ++k)
      if (in.cp[k] >= n && in.cp[k] < m) m = in.cp[k];
    if ((m - n) > (kMaxInt - delta) / (handled + 1)) return false;
    delta += (m - n) * (handled + 1);
    n = m;
    for (std::size_t k = 0; k < in.size; ++k) {
      if (in.cp[k] < n && ++delta == 0) return false;
      if (in.cp[k] != n) continue;
      std::uint32_t q = delta;
      for (std::uint32_t kk = kBase;; kk += kBase) {
        const std::uint32_t t = threshold(kk, bias);
        if (q < t) break;
        if (!put(digit_char(t + (q - t) % (kBase - t)))) return false;
        q = (q - t) / (kBase - t);
      }
      if (!put(digit_char(q))) return false;
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return true;
}

// --- RFC 5892 appendix A ---
bool zwnj_joins(const Label& l, std::size_t at) noexcept {
  std::size_t k = at;
  bool left = false;
  while (k > 0) {
    const std::uint32_t jt = joining_of(l.cp[--k]);
    if (jt == kJoinT) continue;
    left = jt == kJoinL || jt == kJoinD;
    break;
  }
  if (!left) return false;
  for (k = at + 1; k < l.size; ++k) {
    const std::uint32_t jt = joining_of(l.cp[k]);
    if (jt == kJoinT) continue;
    return jt == kJoinR || jt == kJoinD;
  }
  return false;
}

bool context_holds(const Label& l, std::size_t at) noexcept {
  const std::uint32_t cp = l.cp[at];
  const bool has_before = at > 0;
  const bool has_after = at + 1 < l.size;
  switch (cp) {
    case 0x200C: return (has_before && is_virama(l.cp[at - 1])) || zwnj_joins(l, at);
    case 0x200D: return has_before && is_virama(l.cp[at - 1]);
    case 0x00B7: return has_before && has_after && l.cp[at - 1] == 'l' && l.cp[at + 1] == 'l';
    case 0x0375: return has_after && script_of(l.cp[at + 1]) == kGreek;
    case 0x05F3:
    case 0x05F4: return has_before && script_of(l.cp[at - 1]) == kHebrew;
    case 0x30FB:
      for (std::size_t k = 0; k < l.size; ++k) {
        const std::uint32_t s = script_of(l.cp[k]);
        if (s == kHiragana || s == kKatakana || s == kHan) return true;
      }
      return false;
    default: break;
  }
  if (cp >= 0x0660 && cp <= 0x0669)
    return std::none_of(l.cp.begin(), l.cp.begin() + static_cast<std::ptrdiff_t>(l.size),
                        [](std::uint32_t c) { return c >= 0x06F0 && c <= 0x06F9; });
  if (cp >= 0x06F0 && cp <= 0x06F9)
    return std::none_of(l.cp.begin(), l.cp.begin() + static_cast<std::ptrdiff_t>(l.size),
                        [](std::uint32_t c) { return c >= 0x0660 && c <= 0x0669; });
  return false;
}

// RFC 5891 5.4 on a decoded label; `offset` is where it starts in the text.
bool check_u_label(const Label& l, std::size_t offset, ParseError* why) noexcept {
  if (l.size == 0) return fail(why, offset, "empty label");
  if (l.cp[0] == '-' || l.cp[l.size - 1] == '-') return fail(why, offset, "a label cannot begin or end with \"-\"");
  if (l.size >= 4 && l.cp[2] == '-' && l.cp[3] == '-')
    return fail(why, offset, "a U-label cannot have \"--\" in the third and fourth positions");
  if (is_mark(l.cp[0])) return fail(why, offset, "a label cannot begin with a combining mark");
  for (std::size_t k = 0; k < l.size; ++k) {
    const std::uint32_t c = idna_class(l.cp[k]);
    if (c == kPvalid) continue;
    if (c == kDisallowed) return fail(why, offset, "a code point IDNA 2008 does not allow in a host name");
    if (!context_holds(l, k))
      return fail(why, offset, c == kContextJ ? "a joiner without the context RFC 5892 requires"
                                              : "a code point without the context RFC 5892 requires");
  }
  return true;
}

bool is_rtl_label(const Label& l) noexcept {
  for (std::size_t k = 0; k < l.size; ++k) {
    const std::uint32_t b = bidi_of(l.cp[k]);
    if (b == kR || b == kAL || b == kAN) return true;
  }
  return false;
}

// RFC 5893 section 2, for a label of a name with a right-to-left label.
bool bidi_rule(const Label& l) noexcept {
  if (l.size == 0) return false;
  const std::uint32_t first = bidi_of(l.cp[0]);
  if (first != kL && first != kR && first != kAL) return false;
  const bool rtl = first != kL;
  bool en = false, an = false;
  std::size_t last = l.size;
  for (std::size_t k = 0; k < l.size; ++k) {
    const std::uint32_t b = bidi_of(l.cp[k]);
    const bool allowed = rtl ? (b == kR || b == kAL || b == kAN || b == kEN || b == kES || b == kCS || b == kET ||
                                b == kON || b == kBN || b == kNSM)
                             : (b == kL || b == kEN || b == kES || b == kCS || b == kET || b == kON || b == kBN ||
                                b == kNSM);
    if (!allowed) return false;
    en = en || b == kEN;
    an = an || b == kAN;
    if (b != kNSM) last = k;
  }
  if (last == l.size) return false;
  const std::uint32_t end = bidi_of(l.cp[last]);
  if (rtl) return (end == kR || end == kAL || end == kEN || end == kAN) && !(en && an);
  return end == kL || end == kEN;
}

// An ASCII label: LDH, or an A-label. `decoded` gets its code points.
bool check_ascii_label(std::string_view label, std::size_t offset, bool idna, Label& decoded, ParseError* why) noexcept {
  if (label.empty()) return fail(why, offset, "empty label");
  if (label.size() > kMaxLabel) return fail(why, offset, "a label longer than 63 characters");
  for (std::size_t k = 0; k < label.size(); ++k)
    if (!is_let_dig(label[k]) && label[k] != '-')
      return fail(why, offset + k, "a host name has only letters, digits, \"-\" and \".\"", label.substr(k, 1));
  if (label.front() == '-' || label.back() == '-') return fail(why, offset, "a label cannot begin or end with \"-\"");
  decoded.size = 0;
  const bool reserved = idna && label.size() >= 4 && label[2] == '-' && label[3] == '-';
  if (!reserved) {
    for (const char c : label) decoded.cp[decoded.size++] = static_cast<unsigned char>(lower(c));
    return true;
  }
  if (lower(label[0]) != 'x' || lower(label[1]) != 'n')
    return fail(why, offset, "\"--\" in the third and fourth positions is reserved for \"xn--\"");
  const std::string_view puny = label.substr(4);
  if (!punycode_decode(puny, decoded)) return fail(why, offset, "an \"xn--\" label that is not valid Punycode");
  if (std::all_of(decoded.cp.begin(), decoded.cp.begin() + static_cast<std::ptrdiff_t>(decoded.size),
                  [](std::uint32_t c) { return c < 0x80; }))
    return fail(why, offset, "an \"xn--\" label that decodes to ASCII only");
  char again[kMaxLabel];
  std::size_t length = 0;
  if (!punycode_encode(decoded, again, sizeof again, length) || length != puny.size() ||
      !std::equal(puny.begin(), puny.end(), again, [](char a, char b) { return lower(a) == b; }))
    return fail(why, offset, "an \"xn--\" label whose Punycode is not canonical");
  return check_u_label(decoded, offset, why);
}

bool is_separator(std::uint32_t cp) noexcept { return cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61; }

// Walks the labels of a name; `unicode` admits U-labels and the other
// separators. Checks each label, the lengths, then the Bidi rule.
bool check_name(std::string_view s, bool unicode, bool idna, ParseError* why) noexcept {
  if (s.empty()) return fail(why, 0, "an empty host name");
  if (s.size() > (unicode ? 4 * kMaxName : kMaxName)) return fail(why, kMaxName, "a host name longer than 253 characters");
  bool bidi_domain = false;
  std::size_t total = 0;  // octets, A-label form, with separators
  // Pass 1: every label alone; pass 2 (a right-to-left name only): Bidi.
  for (int pass = 0; pass < 2; ++pass) {
    std::size_t start = 0;
    while (true) {
      // This label runs from `start` to `end`; the next one starts at `next`.
      std::size_t i = start, end = s.size(), next = s.size();
      bool ascii = true, separated = false;
      while (i < s.size()) {
        const std::size_t at = i;
        const long cp = next_code_point(s, i);
        if (cp < 0) return fail(why, at, "not UTF-8");
        if (cp == '.' || (unicode && is_separator(static_cast<std::uint32_t>(cp)))) {
          end = at;
          next = i;
          separated = true;
          break;
        }
        ascii = ascii && cp < 0x80;
      }
      const std::string_view text = s.substr(start, end - start);
      if (text.empty()) return fail(why, start, start == 0 ? "a host name cannot begin with \".\"" : "empty label");
      Label label;
      if (ascii) {
        if (!check_ascii_label(text, start, idna, label, why)) return false;
        if (pass == 0) total += text.size();
      } else {
        if (!unicode) return fail(why, start, "a host name has only letters, digits, \"-\" and \".\"");
        for (std::size_t k = 0; k < text.size();) {
          if (label.size == kMaxCodePoints) return fail(why, start, "a label longer than 63 characters");
          label.cp[label.size++] = static_cast<std::uint32_t>(next_code_point(text, k));
        }
        if (pass == 0) {
          if (!check_u_label(label, start, why)) return false;
          char puny[kMaxLabel];
          std::size_t length = 0;
          if (!punycode_encode(label, puny, kMaxLabel - 4, length))
            return fail(why, start, "a label whose A-label form is longer than 63 characters");
          total += 4 + length;
        }
      }
      if (pass == 0) bidi_domain = idna && (bidi_domain || is_rtl_label(label));
      else if (!bidi_rule(label)) return fail(why, start, "a label that breaks the Bidi rule (RFC 5893)");
      if (!separated) break;
      if (next == s.size()) return fail(why, end, "a host name cannot end with \".\"");
      ++total;
      start = next;
    }
    if (pass == 0 && total > kMaxName) return fail(why, 0, "a host name longer than 253 characters");
    if (!bidi_domain) break;
  }
  return true;
}

}  // namespace

long next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC2 ? 1 : -1;
  if (extra < 0 || b0 > 0xF4 || s.size() - i <= static_cast<std::size_t>(extra)) {
    ++i;
    return -1;
  }
  long cp = b0 & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr long kMin[] = {0, 0x80, 0x800, 0x10000};
  i += static_cast<std::size_t>(extra) + 1;
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  return cp;
}

bool is_hostname(std::string_view s, ParseError* why) noexcept { return check_name(s, false, true, why); }
bool is_rfc1123_hostname(std::string_view s, ParseError* why) noexcept { return check_name(s, false, false, why); }
bool is_idn_hostname(std::string_view s, ParseError* why) noexcept { return check_name(s, true, true, why); }

}  // namespace tokenguard::formats
