#include "tokenguard/json_input.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "key_fold.h"
#include "tokenguard/finding_codes.h"
#include "text.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

Finding input_error(FindingCode code, std::string message, std::string pointer = "") {
  return Finding{Severity::kError, std::move(pointer), "json", code_string(code), std::move(message), "body"};
}

// Builds the document from nlohmann's SAX events, enforcing the limits as it
// goes, so a bad body is refused at the first offending byte.
class Builder {
 public:
  Builder(const InputLimits& limits, std::vector<Finding>& warnings) : limits_(limits), warnings_(warnings) {
    stack_.reserve(16);
  }

  bool null() { return add(json(nullptr)) != nullptr; }
  bool boolean(bool v) { return add(json(v)) != nullptr; }
  bool number_integer(json::number_integer_t v) { return add(json(v)) != nullptr; }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)) != nullptr; }
  bool number_float(json::number_float_t v, const json::string_t&) {
    if (!std::isfinite(v))
      return fail(input_error(FindingCode::TG_JSON_NUMBER_RANGE, "a number is outside the range of a 64-bit float", pointer()));
    return add(json(v)) != nullptr;
  }
  bool string(json::string_t& v) { return add(json(std::move(v))) != nullptr; }
  bool binary(json::binary_t&) { return fail(input_error(FindingCode::TG_JSON_SYNTAX, "binary values are not JSON")); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() {
    if (limits_.case_variant_keys != CaseVariantKeys::kAllow && !sweep_case_variants()) return false;
    return close();
  }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    auto& object = stack_.back().value->get_ref<json::object_t&>();
    const auto [it, inserted] = object.emplace(std::move(k), nullptr);
    if (!inserted && limits_.reject_duplicate_keys) {
      std::string p = pointer(true);
      append_finding_pointer_token(p, it->first);
      return fail(input_error(FindingCode::TG_JSON_DUPLICATE_KEY,
                              "the key " + detail::quoted(it->first) + " appears twice in one object", p));
    }
    stack_.back().slot = &it->second;
    stack_.back().key = &it->first;
    if (limits_.case_variant_keys != CaseVariantKeys::kAllow) return note_key(it->first);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // nlohmann's message quotes the last token read; it is not passed on.
    if (e.id == 406)  // nlohmann: "number overflow" (e.g. 1e400)
      return fail(input_error(FindingCode::TG_JSON_NUMBER_RANGE, "a number is outside the range of a 64-bit float (near byte " +
                                                          std::to_string(position) + ")"));
    const std::string what = e.what();
    if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
      return fail(input_error(FindingCode::TG_JSON_INVALID_UTF8,
                              "the body is not well-formed UTF-8 (near byte " + std::to_string(position) + ")"));
    return fail(input_error(FindingCode::TG_JSON_SYNTAX, "the body is not valid JSON (syntax error near byte " +
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
    std::size_t folds_start = 0;       // objects: where its keys start in folds_
  };

  // A key of an open object, by its case-folded hash (see key_fold.h).
  struct FoldedKey {
    std::uint64_t hash;
    std::size_t order;  // position in its object
    const std::string* key;
  };

  // Objects of up to this many keys are checked key by key as they are
  // read; a larger one is checked once, when it closes, by sorting.
  static constexpr std::size_t kScanKeys = 32;

  // Case-variant keys: a key that folds onto an earlier key of its object.
  bool note_key(const std::string& key) {
    const std::size_t start = stack_.back().folds_start;
    const std::size_t count = folds_.size() - start;
    const FoldedKey k{detail::fold_hash(key), count, &key};
    if (count < kScanKeys) {
      for (std::size_t i = start; i < folds_.size(); ++i)
        if (folds_[i].hash == k.hash && detail::equal_fold(*folds_[i].key, key)) {
          if (!case_variant(*folds_[i].key, key)) return false;
          break;
        }
    }
    folds_.push_back(k);
    return true;
  }

  // For an object too large to have been checked key by key: sorts its
  // keys by folded hash and compares each with the distinct keys of its
  // hash group seen so far (one comparison per key, unless hashes collide);
  // a group with many distinct keys, which only a crafted collision makes,
  // is sorted by folded text instead, so the work stays n log n.
  bool sweep_case_variants() {
    const std::size_t start = stack_.back().folds_start;
    if (folds_.size() - start <= kScanKeys) return true;
    const auto first = folds_.begin() + static_cast<std::ptrdiff_t>(start);
    std::sort(first, folds_.end(), [](const FoldedKey& a, const FoldedKey& b) {
      return a.hash != b.hash ? a.hash < b.hash : a.order < b.order;
    });
    constexpr std::size_t kDistinct = 8;
    for (auto group = first; group != folds_.end();) {
      auto end = group + 1;
      while (end != folds_.end() && end->hash == group->hash) ++end;
      const FoldedKey* distinct[kDistinct];
      std::size_t count = 0;
      bool crowded = false;
      variants_.clear();
      for (auto k = group; k != end && !crowded; ++k) {
        const FoldedKey* match = nullptr;
        for (std::size_t d = 0; d < count && match == nullptr; ++d)
          if (detail::equal_fold(*distinct[d]->key, *k->key)) match = distinct[d];
        if (match == nullptr) {
          if (count == kDistinct) crowded = true;
          else distinct[count++] = &*k;
        } else if (k->order >= kScanKeys) {  // smaller orders were checked as they were read
          variants_.emplace_back(match, &*k);
        }
      }
      if (crowded) {
        if (!sweep_by_folded_text(group, end)) return false;
      } else {
        for (const auto& [earlier, variant] : variants_)
          if (!case_variant(*earlier->key, *variant->key)) return false;
      }
      group = end;
    }
    return true;
  }

  // The exact sweep for one crowded hash group: by folded text.
  bool sweep_by_folded_text(std::vector<FoldedKey>::iterator from, std::vector<FoldedKey>::iterator to) {
    std::vector<std::pair<std::string, const FoldedKey*>> keys;
    for (auto k = from; k != to; ++k) keys.emplace_back(detail::fold_key(*k->key), &*k);
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second->order < b.second->order;
    });
    for (std::size_t i = 1, group = 0; i < keys.size(); ++i) {
      if (keys[i].first != keys[group].first) {
        group = i;
        continue;
      }
      if (keys[i].second->order < kScanKeys) continue;
      if (!case_variant(*keys[group].second->key, *keys[i].second->key)) return false;
    }
    return true;
  }

  // Reports `variant`, which folds onto `earlier`: an error that stops the
  // parse, or a warning (built only while under the cap).
  bool case_variant(const std::string& earlier, const std::string& variant) {
    const bool reject = limits_.case_variant_keys == CaseVariantKeys::kReject;
    if (!reject && warnings_.size() >= limits_.max_warnings) return true;
    std::string p = pointer(true);
    append_finding_pointer_token(p, variant);
    Finding f = input_error(FindingCode::TG_JSON_KEY_CASE_VARIANT,
                            "the key " + detail::quoted(variant) + " differs from the key " +
                                detail::quoted(earlier) +
                                " only by case; Go's encoding/json reads both as one field and keeps the last",
                            p);
    if (reject) return fail(std::move(f));
    f.severity = Severity::kWarning;
    warnings_.push_back(std::move(f));
    return true;
  }

  // The pointer to the value being read; with `to_top_container`, to the
  // innermost open array or object itself.
  std::string pointer(bool to_top_container = false) const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Open& o = stack_[i];
      if (to_top_container && i + 1 == stack_.size()) break;
      if (o.value->is_object()) {
        if (o.key != nullptr) append_finding_pointer_token(p, *o.key);
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
      return fail(input_error(FindingCode::TG_JSON_TOO_DEEP,
                              "the body nests arrays and objects deeper than " + std::to_string(limits_.max_depth) +
                                  " levels",
                              pointer()));
    json* v = add(std::move(container));
    stack_.push_back(Open{v, nullptr, nullptr, folds_.size()});
    return true;
  }

  bool close() {
    folds_.resize(stack_.back().folds_start);
    stack_.pop_back();
    return true;
  }

  const InputLimits& limits_;
  std::vector<Finding>& warnings_;
  std::vector<FoldedKey> folds_;  // the keys of every open object, innermost last
  std::vector<std::pair<const FoldedKey*, const FoldedKey*>> variants_;  // sweep scratch: (earlier, variant)
  json root_;
  std::vector<Open> stack_;
  bool failed_ = false;
  Finding error_;
};

}  // namespace

ParsedJson parse_json(std::string_view bytes, const InputLimits& limits) {
  ParsedJson out;
  if (bytes.size() > limits.max_bytes) {
    out.error = input_error(FindingCode::TG_BODY_TOO_LARGE, "the body is " + std::to_string(bytes.size()) +
                                                     " bytes; the limit is " + std::to_string(limits.max_bytes));
    return out;
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    out.error = input_error(FindingCode::TG_JSON_BOM, "the body starts with a byte order mark, which JSON does not allow");
    return out;
  }
  std::size_t i = 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) ++i;
  if (i == bytes.size()) {
    out.error = input_error(FindingCode::TG_BODY_EMPTY, "the body is empty; a JSON document was expected");
    return out;
  }
  // nlohmann's lexer reads a NUL byte as the end of the input, which would
  // let any bytes ride behind one; JSON allows no raw NUL anywhere (inside
  // a string it must be written \u0000).
  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size()); nul != nullptr) {
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    out.error = input_error(FindingCode::TG_JSON_SYNTAX, "the body is not valid JSON (a NUL byte at byte " +
                                                  std::to_string(at) + ")");
    return out;
  }
  try {
    Builder b(limits, out.warnings);
    const bool ok = json::sax_parse(bytes.begin(), bytes.end(), &b, json::input_format_t::json, true);
    if (!ok || b.failed()) {
      out.error = b.failed() ? b.error() : input_error(FindingCode::TG_JSON_SYNTAX, "the body is not valid JSON");
      return out;
    }
    out.value = std::move(b.root());
    out.ok = true;
  } catch (const std::exception&) {
    out.error = input_error(FindingCode::TG_JSON_SYNTAX, "the body is not valid JSON");
  }
  return out;
}

}  // namespace tokenguard
