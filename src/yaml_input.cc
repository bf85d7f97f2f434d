// YAML to JSON through libyaml's event parser; see yaml_input.h.
#include "yaml_input.h"

#include <yaml.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "tokenguard/json_input.h"

namespace tokenguard::detail {
namespace {

using json = nlohmann::json;

std::string where(const yaml_mark_t& mark) {
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

bool is_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = base == 8    ? (c >= '0' && c <= '7')
                    : base == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                                 : (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// [-+]? ( "." DIGITS | DIGITS [ "." DIGITS? ] ) [ [eE] [-+]? DIGITS ]
bool is_core_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!is_digits(s.substr(i), 10)) return false;
    return true;
  }
  return i == s.size();
}

enum class Resolved { kValue, kNotJson };

// The core schema's reading of a plain scalar.
Resolved resolve_plain(std::string_view s, json& out) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    out = nullptr;
    return Resolved::kValue;
  }
  if (s == "true" || s == "True" || s == "TRUE") {
    out = true;
    return Resolved::kValue;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    out = false;
    return Resolved::kValue;
  }
  const bool sign = s[0] == '-' || s[0] == '+';
  const std::string_view body = s.substr(sign ? 1 : 0);
  if (is_digits(body, 10)) {
    std::int64_t v = 0;
    const char* first = body.data();
    if (const auto [end, ec] = std::from_chars(first, first + body.size(), v); ec == std::errc() && end == first + body.size()) {
      out = s[0] == '-' ? -v : v;
      return Resolved::kValue;
    }
    std::uint64_t u = 0;
    if (const auto [end, ec] = std::from_chars(first, first + body.size(), u);
        s[0] != '-' && ec == std::errc() && end == first + body.size()) {
      out = u;
      return Resolved::kValue;
    }
    out = std::strtod(std::string(s).c_str(), nullptr);  // beyond 64 bits: a float, as JSON readers do
    return std::isfinite(out.get<double>()) ? Resolved::kValue : Resolved::kNotJson;
  }
  if ((s.substr(0, 2) == "0o" && is_digits(s.substr(2), 8)) || (s.substr(0, 2) == "0x" && is_digits(s.substr(2), 16))) {
    std::uint64_t v = 0;
    const std::string_view digits = s.substr(2);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, s[1] == 'o' ? 8 : 16);
    if (ec != std::errc() || end != digits.data() + digits.size()) return Resolved::kNotJson;
    out = v;
    return Resolved::kValue;
  }
  if (is_core_float(s)) {
    const double d = std::strtod(std::string(s).c_str(), nullptr);
    if (!std::isfinite(d)) return Resolved::kNotJson;
    out = d;
    return Resolved::kValue;
  }
  const std::string_view bare = s.substr(sign ? 1 : 0);
  if (bare == ".inf" || bare == ".Inf" || bare == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
    return Resolved::kNotJson;
  out = std::string(s);
  return Resolved::kValue;
}

struct Frame {
  json value;
  std::string anchor;
  std::size_t first_node = 0;  // node count when the collection began
  // mappings: the key waiting for its value
  bool have_key = false;
  std::string key;
};

class Builder {
 public:
  Builder(std::string& error, const YamlLimits& limits) : error_(error), limits_(limits) {}

  bool event(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        if (++documents_ > 1) return fail(e.start_mark, "more than one YAML document");
        return true;
      case YAML_SCALAR_EVENT: return scalar(e);
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (!key_position_ok(e)) return false;
        if (stack_.size() >= limits_.max_depth) return fail(e.start_mark, "nested deeper than " + std::to_string(limits_.max_depth));
        if (!count(e.start_mark, 1)) return false;
        Frame f;
        f.value = e.type == YAML_SEQUENCE_START_EVENT ? json::array() : json::object();
        const yaml_char_t* anchor = e.type == YAML_SEQUENCE_START_EVENT ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
        if (anchor != nullptr) f.anchor = reinterpret_cast<const char*>(anchor);
        f.first_node = nodes_;
        stack_.push_back(std::move(f));
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        if (!f.anchor.empty()) anchors_[f.anchor] = Anchored{f.value, nodes_ - f.first_node + 1};
        return place(std::move(f.value), e.start_mark);
      }
      case YAML_ALIAS_EVENT: {
        if (!key_position_ok(e)) return false;
        const auto it = anchors_.find(reinterpret_cast<const char*>(e.data.alias.anchor));
        if (it == anchors_.end()) return fail(e.start_mark, "an alias to an unknown anchor");
        if (!count(e.start_mark, it->second.nodes)) return false;
        return place(json(it->second.value), e.start_mark);
      }
      default: return true;
    }
  }

  json take() { return std::move(root_); }
  [[nodiscard]] bool has_root() const { return has_root_; }

 private:
  struct Anchored {
    json value;
    std::size_t nodes = 0;
  };

  bool fail(const yaml_mark_t& mark, const std::string& what) {
    error_ = where(mark) + ": " + what;
    return false;
  }

  bool count(const yaml_mark_t& mark, std::size_t n) {
    nodes_ += n;
    if (nodes_ <= limits_.max_nodes) return true;
    return fail(mark, "the document expands to more than " + std::to_string(limits_.max_nodes) +
                          " values (aliases included)");
  }

  // A collection or alias cannot be a mapping key (JSON keys are strings).
  bool key_position_ok(const yaml_event_t& e) {
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key)
      return fail(e.start_mark, "a mapping key must be a plain string, not a collection or an alias");
    return true;
  }

  bool scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key) {
      Frame& f = stack_.back();
      if (f.value.contains(text)) return fail(e.start_mark, "duplicate key \"" + std::string(text.substr(0, 60)) + "\"");
      f.key = std::string(text);
      f.have_key = true;
      return true;
    }
    if (!count(e.start_mark, 1)) return false;
    json value;
    const std::string_view tag = s.tag == nullptr ? std::string_view() : reinterpret_cast<const char*>(s.tag);
    if (tag.empty() || tag == "?") {
      if (s.style == YAML_PLAIN_SCALAR_STYLE) {
        if (resolve_plain(text, value) == Resolved::kNotJson)
          return fail(e.start_mark, "a number JSON cannot hold (.inf, .nan or out of range)");
      } else {
        value = std::string(text);
      }
    } else if (tag == "!" || tag == "tag:yaml.org,2002:str") {
      value = std::string(text);
    } else if (tag == "tag:yaml.org,2002:null" || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:int" ||
               tag == "tag:yaml.org,2002:float") {
      if (resolve_plain(text, value) == Resolved::kNotJson || value.is_string())
        return fail(e.start_mark, "a value that does not fit its tag " + std::string(tag.substr(0, 40)));
    } else {
      return fail(e.start_mark, "the tag " + std::string(tag.substr(0, 60)) + " (only the core schema's tags are read)");
    }
    if (s.anchor != nullptr) anchors_[reinterpret_cast<const char*>(s.anchor)] = Anchored{value, 1};
    return place(std::move(value), e.start_mark);
  }

  bool place(json value, const yaml_mark_t& mark) {
    if (stack_.empty()) {
      root_ = std::move(value);
      has_root_ = true;
      return true;
    }
    Frame& f = stack_.back();
    if (f.value.is_array()) {
      f.value.push_back(std::move(value));
      return true;
    }
    if (!f.have_key) return fail(mark, "a mapping key must be a plain string");
    f.value.emplace(std::move(f.key), std::move(value));
    f.have_key = false;
    return true;
  }

  std::string& error_;
  const YamlLimits& limits_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Anchored> anchors_;
  std::size_t nodes_ = 0;
  int documents_ = 0;
  json root_;
  bool has_root_ = false;
};

}  // namespace

std::optional<json> parse_yaml(std::string_view text, std::string& error, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    error = "the document is larger than " + std::to_string(limits.max_bytes) + " bytes";
    return std::nullopt;
  }
  yaml_parser_t parser;
  if (yaml_parser_initialize(&parser) == 0) {
    error = "out of memory";
    return std::nullopt;
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  Builder builder(error, limits);
  bool ok = true;
  bool done = false;
  try {
    while (ok && !done) {
      yaml_event_t e;
      if (yaml_parser_parse(&parser, &e) == 0) {
        error = where(parser.problem_mark) + ": " + (parser.problem != nullptr ? parser.problem : "not YAML");
        ok = false;
        break;
      }
      done = e.type == YAML_STREAM_END_EVENT;
      ok = builder.event(e);
      yaml_event_delete(&e);
    }
  } catch (const std::exception& ex) {
    error = std::string("YAML: ") + ex.what();
    ok = false;
  }
  yaml_parser_delete(&parser);
  if (!ok) return std::nullopt;
  if (!builder.has_root()) {
    error = "an empty YAML document";
    return std::nullopt;
  }
  return builder.take();
}

std::optional<json> parse_document_text(std::string_view text, std::string& error) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) {
    InputLimits limits;
    limits.max_bytes = 64u << 20;
    limits.max_depth = 512;
    ParsedJson p = parse_json(text, limits);
    if (!p.ok) {
      error = p.error.message;
      return std::nullopt;
    }
    return std::move(p.value);
  }
  return parse_yaml(text, error);
}

}  // namespace tokenguard::detail
