// ECMA-262 patterns on RE2, and on PCRE2 only for what RE2 refuses.
//
// The grammar read here is ECMA-262's Pattern (22.2.1) with the `u` flag's
// escapes, plus the Annex B leniencies RE2 and PCRE2 share (a lone `]`, `{`
// or `}` is a literal):
//
//   Disjunction  = Alternative *( "|" Alternative )
//   Alternative  = *( Assertion / Atom [ Quantifier ] )
//   Assertion    = "^" / "$" / "\b" / "\B" / "(?=" Disjunction ")"
//                / "(?!" Disjunction ")" / "(?<=" Disjunction ")" / "(?<!" Disjunction ")"
//   Atom         = PatternCharacter / "." / "\" AtomEscape / CharacterClass
//                / "(" [ "?:" / "?<" GroupName ">" ] Disjunction ")"
//   AtomEscape   = DecimalEscape / CharacterClassEscape / CharacterEscape / "k<" GroupName ">"
//   CharacterClassEscape = "d" / "D" / "s" / "S" / "w" / "W"
//                        / "p{" UnicodePropertyValueExpression "}" / "P{" ... "}"
//   CharacterEscape = "t" / "n" / "v" / "f" / "r" / "c" AsciiLetter / "0"
//                   / "x" 2HEXDIG / "u" 4HEXDIG / "u{" 1*HEXDIG "}" / SyntaxCharacter / "/"
//   CharacterClass = "[" [ "^" ] *ClassAtom-or-range "]"
#include "schema/patterns.h"

#include "hex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <re2/re2.h>

#include <array>
#include <cstdio>
#include <optional>

namespace tokenguard::detail {
namespace {

// ECMA-262's WhiteSpace and LineTerminator (\s), and their complement,
// as class contents both engines read (surrogates left out: PCRE2's UTF
// mode refuses them).
constexpr std::string_view kSpaces =
    "\\x{9}-\\x{d}\\x{20}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}";
constexpr std::string_view kNonSpaces =
    "\\x{0}-\\x{8}\\x{e}-\\x{1f}\\x{21}-\\x{9f}\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}"
    "\\x{202a}-\\x{202e}\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}\\x{3001}-\\x{d7ff}\\x{e000}-\\x{fefe}"
    "\\x{ff00}-\\x{10ffff}";
constexpr std::string_view kAnyChar = "\\x{0}-\\x{d7ff}\\x{e000}-\\x{10ffff}";
// ECMA-262's `.`: anything but a LineTerminator.
constexpr std::string_view kDot = "[^\\n\\r\\x{2028}\\x{2029}]";

// General_Category long names (and aliases) to the short ones RE2 knows.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kCategories = {{
    {"Letter", "L"},           {"Uppercase_Letter", "Lu"},    {"Lowercase_Letter", "Ll"},
    {"Titlecase_Letter", "Lt"}, {"Modifier_Letter", "Lm"},    {"Other_Letter", "Lo"},
    {"Mark", "M"},             {"Combining_Mark", "M"},       {"Nonspacing_Mark", "Mn"},
    {"Spacing_Mark", "Mc"},    {"Enclosing_Mark", "Me"},      {"Number", "N"},
    {"Decimal_Number", "Nd"},  {"digit", "Nd"},               {"Letter_Number", "Nl"},
    {"Other_Number", "No"},    {"Punctuation", "P"},          {"punct", "P"},
    {"Connector_Punctuation", "Pc"}, {"Dash_Punctuation", "Pd"}, {"Open_Punctuation", "Ps"},
    {"Close_Punctuation", "Pe"}, {"Initial_Punctuation", "Pi"}, {"Final_Punctuation", "Pf"},
    {"Other_Punctuation", "Po"}, {"Symbol", "S"},             {"Math_Symbol", "Sm"},
    {"Currency_Symbol", "Sc"}, {"Modifier_Symbol", "Sk"},     {"Other_Symbol", "So"},
    {"Separator", "Z"},        {"Space_Separator", "Zs"},     {"Line_Separator", "Zl"},
    {"Paragraph_Separator", "Zp"}, {"Other", "C"},            {"Control", "Cc"},
    {"cntrl", "Cc"},           {"Format", "Cf"},              {"Private_Use", "Co"},
    {"Unassigned", "Cn"},
}};

std::string_view category_short(std::string_view name) {
  for (const auto& [long_name, short_name] : kCategories)
    if (long_name == name) return short_name;
  return name;
}


bool is_syntax_char(char c) {
  return std::string_view("^$\\.*+?()[]{}|/").find(c) != std::string_view::npos;
}

void append_code_point(std::string& out, std::uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%x}", cp);
  out += buf;
}

class Translator {
 public:
  explicit Translator(std::string_view in) : in_(in) {}

  Translation run() {
    Translation t;
    while (i_ < in_.size() && error_.empty()) outside();
    if (error_.empty() && depth_ != 0) fail("a group is not closed");
    if (!error_.empty()) {
      t.error = error_;
      return t;
    }
    t.text = std::move(out_);
    t.needs_pcre2 = pcre2_;
    return t;
  }

 private:
  bool fail(std::string why) {
    if (error_.empty()) error_ = std::move(why) + " at offset " + std::to_string(i_);
    return false;
  }
  [[nodiscard]] bool at(std::string_view s) const { return in_.substr(i_, s.size()) == s; }

  void outside() {
    const char c = in_[i_];
    switch (c) {
      case '\\': ++i_; escape(false); return;
      case '.': ++i_; out_ += kDot; return;
      case '[': ++i_; character_class(); return;
      case '(': group(); return;
      case '{': quantifier(); return;
      case '}': out_ += "\\}"; ++i_; return;
      case ')':
        if (depth_ == 0) { fail("unbalanced \")\""); return; }
        --depth_;
        break;
      default: break;
    }
    out_ += c;
    ++i_;
  }

  // "{n}", "{n,}" or "{n,m}" as a quantifier, its numbers without leading
  // zeros (which RE2 reads and PCRE2 does not); any other "{" is a literal
  // (Annex B), escaped so both engines agree.
  void quantifier() {
    std::size_t k = i_ + 1;
    const auto number = [&](std::string& digits) {
      const std::size_t start = k;
      while (k < in_.size() && in_[k] >= '0' && in_[k] <= '9') ++k;
      digits.assign(in_.substr(start, k - start));
      while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1);
      return k > start;
    };
    std::string low, high;
    bool ok = number(low);
    bool comma = false;
    if (ok && k < in_.size() && in_[k] == ',') {
      comma = true;
      ++k;
      (void)number(high);
    }
    if (!ok || k >= in_.size() || in_[k] != '}') {
      out_ += "\\{";
      ++i_;
      return;
    }
    out_ += "{" + low + (comma ? "," + high : "") + "}";
    i_ = k + 1;
  }

  void group() {
    ++depth_;
    if (at("(?:") || at("(?=") || at("(?!")) {
      pcre2_ = pcre2_ || in_[i_ + 2] != ':';
      out_ += in_.substr(i_, 3);
      i_ += 3;
    } else if (at("(?<=") || at("(?<!")) {
      pcre2_ = true;
      out_ += in_.substr(i_, 4);
      i_ += 4;
    } else if (at("(?<")) {
      i_ += 3;
      const auto name = group_name();
      if (!name) return;
      out_ += "(?P<";
      out_ += *name;
      out_ += '>';
    } else if (at("(?")) {
      fail("unknown group \"(?\"");
    } else {
      out_ += '(';
      ++i_;
    }
  }

  // GroupName after "<", through ">": ASCII letters, digits, _ and $.
  std::optional<std::string_view> group_name() {
    const std::size_t start = i_;
    while (i_ < in_.size() && in_[i_] != '>') {
      const char c = in_[i_];
      const bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i_ > start && c >= '0' && c <= '9');
      if (!ok) { fail("invalid group name"); return std::nullopt; }
      ++i_;
    }
    if (i_ >= in_.size() || i_ == start) { fail("invalid group name"); return std::nullopt; }
    return in_.substr(start, i_++ - start);
  }

  // \uXXXX (a surrogate pair as one code point) or \u{X...}, after "\u".
  std::optional<std::uint32_t> unicode_escape() {
    if (i_ < in_.size() && in_[i_] == '{') {
      std::uint32_t cp = 0;
      std::size_t digits = 0;
      for (++i_; i_ < in_.size() && in_[i_] != '}'; ++i_, ++digits) {
        const int h = hex_value(in_[i_]);
        if (h < 0 || cp > 0x10FFFF) { fail("invalid \\u{...} escape"); return std::nullopt; }
        cp = cp * 16 + static_cast<std::uint32_t>(h);
      }
      if (i_ >= in_.size() || digits == 0 || cp > 0x10FFFF) { fail("invalid \\u{...} escape"); return std::nullopt; }
      ++i_;
      return check_scalar(cp);
    }
    const auto four = [&]() -> std::optional<std::uint32_t> {
      if (i_ + 4 > in_.size()) return std::nullopt;
      std::uint32_t v = 0;
      for (int k = 0; k < 4; ++k) {
        const int h = hex_value(in_[i_ + static_cast<std::size_t>(k)]);
        if (h < 0) return std::nullopt;
        v = v * 16 + static_cast<std::uint32_t>(h);
      }
      i_ += 4;
      return v;
    };
    const auto hi = four();
    if (!hi) { fail("invalid \\u escape"); return std::nullopt; }
    if (*hi >= 0xD800 && *hi <= 0xDBFF && at("\\u")) {
      const std::size_t save = i_;
      i_ += 2;
      const auto lo = four();
      if (lo && *lo >= 0xDC00 && *lo <= 0xDFFF) return 0x10000 + ((*hi - 0xD800) << 10) + (*lo - 0xDC00);
      i_ = save;
    }
    return check_scalar(*hi);
  }

  std::optional<std::uint32_t> check_scalar(std::uint32_t cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) { fail("a lone surrogate cannot match UTF-8 text"); return std::nullopt; }
    return cp;
  }

  // \p{...} / \P{...} after the letter: the class both engines read.
  void property(bool negated, bool in_class) {
    if (i_ >= in_.size() || in_[i_] != '{') { fail("\\p needs {Property}"); return; }
    const std::size_t close = in_.find('}', i_);
    if (close == std::string_view::npos) { fail("\\p{ is not closed"); return; }
    std::string_view body = in_.substr(i_ + 1, close - i_ - 1);
    i_ = close + 1;
    std::string_view name = body;
    if (const auto eq = body.find('='); eq != std::string_view::npos) {
      const std::string_view key = body.substr(0, eq);
      name = body.substr(eq + 1);
      if (key == "General_Category" || key == "gc") name = category_short(name);
      else if (key != "Script" && key != "sc") { fail("Unicode property \"" + std::string(key) + "\" is not supported"); return; }
    } else {
      name = category_short(name);
    }
    if (name.empty()) { fail("empty Unicode property"); return; }
    const auto contents = [&](std::string_view set) {
      if (in_class) out_ += set;
      else out_ += "[" + std::string(set) + "]";
    };
    if (name == "ASCII") {
      contents(negated ? "\\x{80}-\\x{d7ff}\\x{e000}-\\x{10ffff}" : "\\x{0}-\\x{7f}");
    } else if (name == "LC" && !negated) {
      contents("\\p{Lu}\\p{Ll}\\p{Lt}");
    } else if (name == "LC") {
      if (in_class) { fail("\\P{LC} inside a class is not supported"); return; }
      out_ += "[^\\p{Lu}\\p{Ll}\\p{Lt}]";
    } else {
      out_ += negated ? "\\P{" : "\\p{";
      out_ += name;
      out_ += '}';
    }
  }

  // After a backslash; inside a class when in_class.
  void escape(bool in_class) {
    if (i_ >= in_.size()) { fail("a pattern cannot end with \"\\\""); return; }
    const char c = in_[i_++];
    switch (c) {
      case 'd': case 'D': case 'w': case 'W':
        out_ += '\\';
        out_ += c;
        return;
      case 's':
        if (in_class) out_ += kSpaces;
        else out_ += "[" + std::string(kSpaces) + "]";
        return;
      case 'S':
        if (in_class) out_ += kNonSpaces;
        else out_ += "[" + std::string(kNonSpaces) + "]";
        return;
      case 'b':
        if (in_class) append_code_point(out_, 8);
        else out_ += "\\b";
        return;
      case 'B':
        if (in_class) { fail("\\B inside a class"); return; }
        out_ += "\\B";
        return;
      case 't': append_code_point(out_, 9); return;
      case 'n': append_code_point(out_, 10); return;
      case 'v': append_code_point(out_, 11); return;
      case 'f': append_code_point(out_, 12); return;
      case 'r': append_code_point(out_, 13); return;
      case 'c': {
        if (i_ >= in_.size() || !((in_[i_] >= 'a' && in_[i_] <= 'z') || (in_[i_] >= 'A' && in_[i_] <= 'Z'))) {
          fail("\\c needs a letter");
          return;
        }
        append_code_point(out_, static_cast<std::uint32_t>(in_[i_++]) % 32);
        return;
      }
      case 'x': {
        if (i_ + 2 > in_.size() || hex_value(in_[i_]) < 0 || hex_value(in_[i_ + 1]) < 0) { fail("\\x needs two hex digits"); return; }
        append_code_point(out_, static_cast<std::uint32_t>(hex_value(in_[i_]) * 16 + hex_value(in_[i_ + 1])));
        i_ += 2;
        return;
      }
      case 'u': {
        if (const auto cp = unicode_escape()) append_code_point(out_, *cp);
        return;
      }
      case 'p': case 'P': property(c == 'P', in_class); return;
      case 'k': {
        if (in_class || i_ >= in_.size() || in_[i_] != '<') { fail("\\k needs <name>"); return; }
        ++i_;
        const auto name = group_name();
        if (!name) return;
        pcre2_ = true;
        out_ += "\\k<";
        out_ += *name;
        out_ += '>';
        return;
      }
      case '0':
        if (i_ < in_.size() && in_[i_] >= '0' && in_[i_] <= '9') { fail("octal escapes are not allowed"); return; }
        append_code_point(out_, 0);
        return;
      case '-':
        out_ += "\\-";
        return;
      default: break;
    }
    if (c >= '1' && c <= '9') {
      if (in_class) { fail("a backreference inside a class"); return; }
      pcre2_ = true;
      out_ += "\\g{";
      out_ += c;
      while (i_ < in_.size() && in_[i_] >= '0' && in_[i_] <= '9') out_ += in_[i_++];
      out_ += '}';
      return;
    }
    if (is_syntax_char(c)) {
      if (c != '/') out_ += '\\';
      out_ += c;
      return;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      fail(std::string("\"\\") + c + "\" is not an ECMA-262 escape");
      return;
    }
    // Other punctuation (and UTF-8 bytes): the character itself.
    if (static_cast<unsigned char>(c) < 0x80) out_ += '\\';
    out_ += c;
  }

  // After "[", through "]".
  void character_class() {
    if (at("^]")) {
      i_ += 2;
      out_ += "[" + std::string(kAnyChar) + "]";
      return;
    }
    if (at("]")) {
      ++i_;
      out_ += "[^" + std::string(kAnyChar) + "]";
      return;
    }
    out_ += '[';
    if (at("^")) {
      out_ += '^';
      ++i_;
    }
    while (i_ < in_.size() && error_.empty()) {
      const char c = in_[i_];
      if (c == ']') {
        out_ += ']';
        ++i_;
        return;
      }
      ++i_;
      if (c == '\\') escape(true);
      else if (c == '[') out_ += "\\[";
      else out_ += c;
    }
    fail("a character class is not closed");
  }

  std::string_view in_;
  std::size_t i_ = 0;
  int depth_ = 0;
  bool pcre2_ = false;
  std::string out_;
  std::string error_;
};

struct Pcre2Code {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Pcre2Code() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

}  // namespace

Translation translate_ecma(std::string_view pattern) { return Translator(pattern).run(); }

struct Pattern::Impl {
  std::unique_ptr<RE2> re2;
  std::unique_ptr<Pcre2Code> pcre2;
};

Pattern Pattern::compile(std::string_view ecma, const PatternLimits& limits) {
  Pattern p;
  p.source_ = std::string(ecma);
  const Translation t = translate_ecma(ecma);
  if (!t.error.empty()) {
    p.error_ = "not an ECMA-262 regular expression: " + t.error;
    return p;
  }
  auto impl = std::make_shared<Impl>();
  std::string re2_error;
  if (!t.needs_pcre2) {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(limits.re2_max_mem);
    auto re = std::make_unique<RE2>(t.text, o);
    if (re->ok()) {
      impl->re2 = std::move(re);
      p.impl_ = std::move(impl);
      p.engine_ = Engine::kRe2;
      return p;
    }
    re2_error = re->error();
  }
  int code = 0;
  PCRE2_SIZE offset = 0;
  auto pc = std::make_unique<Pcre2Code>();
  pc->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(t.text.data()), t.text.size(),
                           PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C, &code, &offset, nullptr);
  if (pc->code == nullptr) {
    p.valid_but_unsupported_ = code == PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH;
    PCRE2_UCHAR buffer[160];
    pcre2_get_error_message(code, buffer, sizeof buffer);
    p.error_ = re2_error.empty() ? std::string("PCRE2 cannot compile it: ") + reinterpret_cast<const char*>(buffer)
                                 : "RE2 cannot compile it (" + re2_error + ") and PCRE2 neither (" +
                                       reinterpret_cast<const char*>(buffer) + ")";
    return p;
  }
  (void)pcre2_jit_compile(pc->code, PCRE2_JIT_COMPLETE);  // the interpreter if JIT is unavailable
  pc->context = pcre2_match_context_create(nullptr);
  if (pc->context == nullptr) {
    p.error_ = "out of memory";
    return p;
  }
  pcre2_set_match_limit(pc->context, limits.match_limit);
  pcre2_set_depth_limit(pc->context, limits.depth_limit);
  pcre2_set_heap_limit(pc->context, 64 * 1024);  // KiB
  impl->pcre2 = std::move(pc);
  p.impl_ = std::move(impl);
  p.engine_ = Engine::kPcre2;
  return p;
}

Pattern::Match Pattern::search(std::string_view text) const noexcept {
  if (engine_ == Engine::kRe2)
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *impl_->re2) ? Match::kYes : Match::kNo;
  if (engine_ != Engine::kPcre2) return Match::kNo;
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(impl_->pcre2->code, nullptr);
  if (data == nullptr) return Match::kLimit;
  const int rc = pcre2_match(impl_->pcre2->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, data,
                             impl_->pcre2->context);
  pcre2_match_data_free(data);
  if (rc >= 0) return Match::kYes;
  if (rc == PCRE2_ERROR_NOMATCH) return Match::kNo;
  return Match::kLimit;  // match, depth, heap or JIT stack limit (or text that is not UTF-8)
}

bool is_ecma_regex(std::string_view pattern) {
  const Pattern p = Pattern::compile(pattern);
  return p.ok() || p.valid_but_unsupported();
}

}  // namespace tokenguard::detail
