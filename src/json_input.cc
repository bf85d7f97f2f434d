#include "tokenguard/json_input.h"

#include <cmath>
#include <string>
#include <vector>

#include "text.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

Finding input_error(const char* code, std::string message, std::string pointer = "") {
  return Finding{Severity::kError, std::move(pointer), "json", code, std::move(message), "body"};
}

// Builds the document from nlohmann's SAX events, enforcing the limits as it
// goes, so a bad body is refused at the first offending byte.
class Builder {
 public:
  explicit Builder(const InputLimits& limits) : limits_(limits) { stack_.reserve(16); }

  bool null() { return add(json(nullptr)) != nullptr; }
  bool boolean(bool v) { return add(json(v)) != nullptr; }
  bool number_integer(json::number_integer_t v) { return add(json(v)) != nullptr; }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)) != nullptr; }
  bool number_float(json::number_float_t v, const json::string_t&) {
    if (!std::isfinite(v))
      return fail(input_error("TG_JSON_NUMBER_RANGE", "a number is outside the range of a 64-bit float", pointer()));
    return add(json(v)) != nullptr;
  }
  bool string(json::string_t& v) { return add(json(std::move(v))) != nullptr; }
  bool binary(json::binary_t&) { return fail(input_error("TG_JSON_SYNTAX", "binary values are not JSON")); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    auto& object = stack_.back().value->get_ref<json::object_t&>();
    const auto [it, inserted] = object.emplace(std::move(k), nullptr);
    if (!inserted && limits_.reject_duplicate_keys) {
      std::string p = pointer(true);
      append_pointer_token(p, it->first);
      return fail(input_error("TG_JSON_DUPLICATE_KEY",
                              "the key " + detail::quoted(it->first) + " appears twice in one object", p));
    }
    stack_.back().slot = &it->second;
    stack_.back().key = &it->first;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // nlohmann's message quotes the last token read; it is not passed on.
    if (e.id == 406)  // nlohmann: "number overflow" (e.g. 1e400)
      return fail(input_error("TG_JSON_NUMBER_RANGE", "a number is outside the range of a 64-bit float (near byte " +
                                                          std::to_string(position) + ")"));
    const std::string what = e.what();
    if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
      return fail(input_error("TG_JSON_INVALID_UTF8",
                              "the body is not well-formed UTF-8 (near byte " + std::to_string(position) + ")"));
    return fail(input_error("TG_JSON_SYNTAX", "the body is not valid JSON (syntax error near byte " +
                                                  std::to_string(position) + ")"));
  }

  bool failed() const { return failed_; }
  const Finding& error() const { return error_; }
  json& root() { return root_; }

 private:
  struct Open {
    json* value;
    json* slot = nullptr;             // objects: where the next value goes
    const std::string* key = nullptr;  // objects: its key, for pointers
  };

  // The pointer to the value being read; with `to_top_container`, to the
  // innermost open array or object itself.
  std::string pointer(bool to_top_container = false) const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Open& o = stack_[i];
      if (to_top_container && i + 1 == stack_.size()) break;
      if (o.value->is_object()) {
        if (o.key != nullptr) append_pointer_token(p, *o.key);
      } else if (!o.value->empty()) {
        p += '/';
        p += std::to_string(o.value->size() - 1);
      }
    }
    return p;
  }

  bool fail(Finding f) {
    if (!failed_) {
      failed_ = true;
      error_ = std::move(f);
    }
    return false;
  }

  json* add(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Open& top = stack_.back();
    if (top.value->is_array()) {
      top.value->get_ref<json::array_t&>().push_back(std::move(v));
      return &top.value->get_ref<json::array_t&>().back();
    }
    *top.slot = std::move(v);
    return top.slot;
  }

  bool open(json&& container) {
    if (stack_.size() >= limits_.max_depth)
      return fail(input_error("TG_JSON_TOO_DEEP",
                              "the body nests arrays and objects deeper than " + std::to_string(limits_.max_depth) +
                                  " levels",
                              pointer()));
    json* v = add(std::move(container));
    stack_.push_back(Open{v});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  const InputLimits& limits_;
  json root_;
  std::vector<Open> stack_;
  bool failed_ = false;
  Finding error_;
};

}  // namespace

ParsedJson parse_json(std::string_view bytes, const InputLimits& limits) {
  ParsedJson out;
  if (bytes.size() > limits.max_bytes) {
    out.error = input_error("TG_BODY_TOO_LARGE", "the body is " + std::to_string(bytes.size()) +
                                                     " bytes; the limit is " + std::to_string(limits.max_bytes));
    return out;
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    out.error = input_error("TG_JSON_BOM", "the body starts with a byte order mark, which JSON does not allow");
    return out;
  }
  std::size_t i = 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) ++i;
  if (i == bytes.size()) {
    out.error = input_error("TG_BODY_EMPTY", "the body is empty; a JSON document was expected");
    return out;
  }
  try {
    Builder b(limits);
    const bool ok = json::sax_parse(bytes.begin(), bytes.end(), &b, json::input_format_t::json, true);
    if (!ok || b.failed()) {
      out.error = b.failed() ? b.error() : input_error("TG_JSON_SYNTAX", "the body is not valid JSON");
      return out;
    }
    out.value = std::move(b.root());
    out.ok = true;
  } catch (const std::exception&) {
    out.error = input_error("TG_JSON_SYNTAX", "the body is not valid JSON");
  }
  return out;
}

}  // namespace tokenguard
