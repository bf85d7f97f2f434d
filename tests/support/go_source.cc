#include "go_source.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tokenguard::testing {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads a Go interpreted string literal starting at s[i] == '"'.
std::optional<std::string> read_go_string(const std::string& s, std::size_t& i) {
  if (i >= s.size() || s[i] != '"') return std::nullopt;
  std::string out;
  for (++i; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      ++i;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    const char e = s[i];
    if (e == 'x' || e == 'u') {
      const std::size_t n = e == 'x' ? 2 : 4;
      const std::uint32_t v =
          static_cast<std::uint32_t>(std::stoul(s.substr(i + 1, n), nullptr, 16));
      if (e == 'x') {
        out += static_cast<char>(v);
      } else {
        append_utf8(out, v);
      }
      i += n;
    } else if (e == 'n') {
      out += '\n';
    } else if (e == 't') {
      out += '\t';
    } else {
      out += e;  // \\ and \"
    }
  }
  return std::nullopt;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t k = 0;
  while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
  return s.substr(k);
}

// Recursive-descent evaluation in uint64 (two's complement wrap, as Go's
// untyped constants end up in int64 for these tables).
struct ExprParser {
  const std::string& s;
  std::size_t i = 0;
  bool ok = true;

  void skip() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  std::uint64_t primary() {
    skip();
    if (i < s.size() && s[i] == '-') {
      ++i;
      return 0 - primary();
    }
    if (i < s.size() && s[i] == '(') {
      ++i;
      const std::uint64_t v = sum();
      skip();
      if (i < s.size() && s[i] == ')') {
        ++i;
      } else {
        ok = false;
      }
      return v;
    }
    if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      std::uint64_t v = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
        v = v * 10 + static_cast<std::uint64_t>(s[i++] - '0');
      return v;
    }
    std::size_t j = i;
    while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    const std::string name = s.substr(i, j - i);
    i = j;
    if (name == "Nanosecond") return 1;
    if (name == "Microsecond") return 1000;
    if (name == "Millisecond") return 1000000;
    if (name == "Second") return 1000000000;
    if (name == "Minute") return 60000000000;
    if (name == "Hour") return 3600000000000;
    ok = false;
    return 0;
  }
  std::uint64_t product() {
    std::uint64_t v = primary();
    for (;;) {
      skip();
      if (i < s.size() && s[i] == '*') {
        ++i;
        v *= primary();
      } else if (i + 1 < s.size() && s[i] == '<' && s[i + 1] == '<') {
        i += 2;
        v <<= primary();
      } else {
        return v;
      }
    }
  }
  std::uint64_t sum() {
    std::uint64_t v = product();
    for (;;) {
      skip();
      if (i < s.size() && s[i] == '+') {
        ++i;
        v += product();
      } else if (i < s.size() && s[i] == '-') {
        ++i;
        v -= product();
      } else {
        return v;
      }
    }
  }
};

}  // namespace

std::string go_source_root() {
  if (const char* env = std::getenv("TOKENGUARD_GO_SRC")) return env;
  return "/usr/share/go-1.19/src";
}

std::optional<std::string> read_go_file(const std::string& relative_path) {
  std::ifstream in(go_source_root() + "/" + relative_path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<GoTableRow> go_table_rows(const std::string& source, const std::string& name) {
  std::vector<GoTableRow> rows;
  const std::size_t start = source.find("var " + name + " = ");
  if (start == std::string::npos) return rows;
  const std::size_t end = source.find("\n}\n", start);
  std::istringstream lines(source.substr(start, end - start));
  std::string line;
  int number = static_cast<int>(std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(start), '\n')) + 1;
  for (; std::getline(lines, line); ++number) {
    const std::size_t brace = line.find_first_not_of(" \t");
    if (brace == std::string::npos || line[brace] != '{' || brace + 1 >= line.size() ||
        line[brace + 1] != '"')
      continue;
    std::size_t i = brace + 1;
    auto input = read_go_string(line, i);
    if (!input) continue;
    std::string rest = line.substr(i);
    if (const std::size_t comment = rest.find("//"); comment != std::string::npos)
      rest.erase(comment);
    rest = trim(rest);
    if (!rest.empty() && rest.front() == ',') rest.erase(0, 1);
    if (rest.size() >= 2 && rest.compare(rest.size() - 2, 2, "},") == 0)
      rest.erase(rest.size() - 2);
    rows.push_back(GoTableRow{*input, trim(rest), number});
  }
  return rows;
}

std::optional<std::int64_t> eval_go_duration_expr(const std::string& expr) {
  ExprParser p{expr};
  const std::uint64_t v = p.sum();
  p.skip();
  if (!p.ok || p.i != expr.size()) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

}  // namespace tokenguard::testing
