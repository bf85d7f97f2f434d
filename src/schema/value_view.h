// Internal: the one interface the evaluator and the semantic checks read a
// JSON value through, with its two implementations:
//
//   JsonView  an nlohmann::json (callers who hold a document already)
//   TapeView  simdjson's DOM tape (check_request/check_response from bytes,
//             see json_tape.h)
//
// Both read the same values the same way: members of an object in the byte
// order of their keys (nlohmann keeps them so; the tape builder writes a
// sorted index beside each object), so findings come out in one order
// whichever view a document is read through.
//
//   template <class View> bool all_strings(const View& v) {
//     for (auto it = v.items(); it.more(); it.next())
//       if (it.value().kind() != ValueKind::kString) return false;
//     return true;
//   }
//
// Every call is inline, noexcept and allocation-free.
#ifndef TOKENGUARD_SRC_SCHEMA_VALUE_VIEW_H_
#define TOKENGUARD_SRC_SCHEMA_VALUE_VIEW_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tokenguard::detail {

enum class ValueKind : std::uint8_t { kNull, kBoolean, kObject, kArray, kString, kInteger, kUnsigned, kFloat };

// A JSON number as the parser read it: a signed or unsigned 64-bit integer
// (written without fraction or exponent), or a double.
struct NumberValue {
  ValueKind kind = ValueKind::kInteger;  // kInteger, kUnsigned or kFloat
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  [[nodiscard]] double as_double() const noexcept {
    return kind == ValueKind::kInteger ? static_cast<double>(i) : kind == ValueKind::kUnsigned ? static_cast<double>(u) : d;
  }
};

// ---------------------------------------------------------------------------
// JsonView: an nlohmann::json, or the key of one of its object members
// (for propertyNames, which checks a key as a string).
class JsonView {
 public:
  using json = nlohmann::json;
  JsonView() = default;
  explicit JsonView(const json& v) noexcept : p_(reinterpret_cast<std::uintptr_t>(&v)) {}
  static JsonView key(const std::string& k) noexcept {
    JsonView out;
    out.p_ = reinterpret_cast<std::uintptr_t>(&k) | kKeyBit;
    return out;
  }

  [[nodiscard, gnu::always_inline]] ValueKind kind() const noexcept {
    if (is_key()) [[unlikely]]
      return ValueKind::kString;
    // by nlohmann's value_t: null, object, array, string, boolean, integer,
    // unsigned, float, binary, discarded (the last two never come from text)
    static constexpr ValueKind kKinds[] = {ValueKind::kNull,    ValueKind::kObject,   ValueKind::kArray,
                                           ValueKind::kString,  ValueKind::kBoolean,  ValueKind::kInteger,
                                           ValueKind::kUnsigned, ValueKind::kFloat,   ValueKind::kNull,
                                           ValueKind::kNull};
    return kKinds[static_cast<std::uint8_t>(value().type())];  // value_t has exactly these 10
  }
  [[nodiscard]] bool is_string() const noexcept { return is_key() || value().is_string(); }
  [[nodiscard]] bool boolean() const noexcept { return value().get<bool>(); }
  [[nodiscard, gnu::always_inline]] std::string_view string() const noexcept {
    if (is_key()) [[unlikely]]
      return *reinterpret_cast<const std::string*>(p_ & ~kKeyBit);
    return value().get_ref<const std::string&>();
  }
  [[nodiscard]] NumberValue number() const noexcept {
    NumberValue n;
    n.kind = kind();
    if (n.kind == ValueKind::kInteger) n.i = value().get<std::int64_t>();
    else if (n.kind == ValueKind::kUnsigned) n.u = value().get<std::uint64_t>();
    else n.d = value().get<double>();
    return n;
  }
  [[nodiscard]] double as_double() const noexcept { return value().get<double>(); }
  // Members of an object, items of an array.
  [[nodiscard]] std::size_t size() const noexcept { return is_key() ? 0 : value().size(); }
  // Distinct for distinct values of one document.
  [[nodiscard]] std::uintptr_t identity() const noexcept { return p_; }
  // Whether an object or array may hold a member name the semantic checks
  // look for (semantic_keys.h): nothing is known here, so it may.
  [[nodiscard]] bool may_hold_semantic_keys() const noexcept { return true; }
  // Whether every key of an object is known to be ASCII without an
  // upper-case letter: not known here.
  [[nodiscard]] bool keys_lower_ascii() const noexcept { return false; }

  class Items {
   public:
    explicit Items(const json::array_t& a) noexcept : it_(a.begin()), end_(a.end()) {}
    [[nodiscard]] bool more() const noexcept { return it_ != end_; }
    void next() noexcept { ++it_; }
    [[nodiscard]] JsonView value() const noexcept { return JsonView(*it_); }

   private:
    json::array_t::const_iterator it_, end_;
  };
  [[nodiscard]] Items items() const noexcept { return Items(value().get_ref<const json::array_t&>()); }

  class Members {
   public:
    explicit Members(const json::object_t& o) noexcept : it_(o.begin()), end_(o.end()) {}
    [[nodiscard]] bool more() const noexcept { return it_ != end_; }
    void next() noexcept { ++it_; }
    [[nodiscard]] std::string_view key() const noexcept { return it_->first; }
    [[nodiscard]] JsonView key_value() const noexcept { return JsonView::key(it_->first); }
    [[nodiscard]] JsonView value() const noexcept { return JsonView(it_->second); }

   private:
    json::object_t::const_iterator it_, end_;
  };
  // In the byte order of the keys.
  [[nodiscard]] Members members() const noexcept { return Members(value().get_ref<const json::object_t&>()); }
  // For a reader to whom the order does not matter (SiteView's is cheaper).
  [[nodiscard]] Members any_order_members() const noexcept { return members(); }

  // The member named `name`; false when there is none.
  [[nodiscard]] bool find(std::string_view name, JsonView* out) const noexcept {
    const auto& o = value().get_ref<const json::object_t&>();
    const auto it = o.find(name);
    if (it == o.end()) return false;
    *out = JsonView(it->second);
    return true;
  }

 private:
  // A json value, or (low bit set) a std::string key: one word, passed in
  // one register.
  static constexpr std::uintptr_t kKeyBit = 1;
  [[nodiscard]] bool is_key() const noexcept { return (p_ & kKeyBit) != 0; }
  [[nodiscard]] const json& value() const noexcept { return *reinterpret_cast<const json*>(p_); }
  std::uintptr_t p_ = 0;
};

// ---------------------------------------------------------------------------
// TapeView: a value on simdjson's DOM tape. One 64-bit word per value (two
// for numbers: the tag word, then the bits); the top byte is the type:
//   '{' '['  low 32 bits: the index just past the matching '}' or ']';
//            bits 32-55: the member or item count (0xFFFFFF: that many or more)
//   '"'      the string's offset in the string buffer (a 32-bit length, the bytes)
//   'l' 'u' 'd'  int64, uint64, double in the next word
//   't' 'f' 'n'
// An object's members are key, value, key, value...; json_tape.cc writes,
// into the closing '}' word (whose back-pointer nothing reads), the offset
// of the object's keys in Tape::order, sorted by their bytes.

// A tape word's payload (its low 56 bits): a string's offset in the string
// buffer, a container's index past its close, the root's length.
inline constexpr std::uint64_t kTapePayload = 0x00FFFFFFFFFFFFFFULL;

// The string (or key) whose tape word is `word`: a 4-byte length, then the
// bytes, at the word's offset in the string buffer.
[[nodiscard, gnu::always_inline]] inline std::string_view tape_string(const std::uint8_t* strings,
                                                                     std::uint64_t word) noexcept {
  const std::uint8_t* at = strings + (word & kTapePayload);
  std::uint32_t length = 0;
  std::memcpy(&length, at, sizeof length);
  return {reinterpret_cast<const char*>(at + sizeof length), length};
}

// The index just past the value at tape index `i` (a container's opening
// word holds it; numbers take two words).
[[nodiscard, gnu::always_inline]] inline std::uint32_t tape_after(const std::uint64_t* words,
                                                                 std::uint32_t i) noexcept {
  const std::uint64_t w = words[i];
  switch (static_cast<char>(w >> 56)) {
    case '{':
    case '[': return static_cast<std::uint32_t>(w);
    case 'l':
    case 'u':
    case 'd': return i + 2;
    default: return i + 1;
  }
}

// Byte order, as std::string compares, the order of Tape::order: most keys
// differ in their first bytes, so compare inline rather than through memcmp.
[[nodiscard]] inline bool key_less(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  return a.size() < b.size();
}

// An object member as the tape builder lists it: the key's bytes (in the
// string buffer), and the key's tape index (the value follows it). Reading
// a key is then one load, not three dependent ones.
struct TapeKey {
  const char* data;
  std::uint32_t size;
  std::uint32_t index;
  [[nodiscard]] std::string_view text() const noexcept { return {data, size}; }
};

struct Tape {
  const std::uint64_t* words = nullptr;
  const std::uint8_t* strings = nullptr;
  const TapeKey* order = nullptr;  // each object's members, sorted by key
  // One bit per tape index: set at the '{' or '[' of each object or array
  // that holds a member name the semantic checks look for (semantic_keys.h).
  const std::uint64_t* marks = nullptr;
  // Likewise, set at the '{' of each object whose keys are all ASCII
  // without an upper-case letter (null: none is known to be).
  const std::uint64_t* lower = nullptr;
};

// Bit i of a bitset held in 64-bit words (Tape::marks, Tape::lower).
[[nodiscard]] inline bool bit_at(const std::uint64_t* bits, std::uint32_t i) noexcept {
  return ((bits[i / 64] >> (i % 64)) & 1) != 0;
}
inline void set_bit(std::uint64_t* bits, std::uint32_t i) noexcept { bits[i / 64] |= std::uint64_t{1} << (i % 64); }

// A number on the tape: its kind (kInteger, kUnsigned or kFloat, from
// the tag 'l', 'u' or 'd') and the word after the tag's word.
[[nodiscard]] inline NumberValue tape_number(ValueKind kind, std::uint64_t bits) noexcept {
  NumberValue n;
  n.kind = kind;
  if (kind == ValueKind::kInteger) std::memcpy(&n.i, &bits, sizeof n.i);
  else if (kind == ValueKind::kUnsigned) n.u = bits;
  else std::memcpy(&n.d, &bits, sizeof n.d);
  return n;
}

class TapeView {
  // The kind of each tape tag byte ('n' and anything else: null).
  static constexpr auto kKinds = [] {
    std::array<ValueKind, 256> k{};
    for (auto& v : k) v = ValueKind::kNull;
    k['{'] = ValueKind::kObject;
    k['['] = ValueKind::kArray;
    k['"'] = ValueKind::kString;
    k['l'] = ValueKind::kInteger;
    k['u'] = ValueKind::kUnsigned;
    k['d'] = ValueKind::kFloat;
    k['t'] = ValueKind::kBoolean;
    k['f'] = ValueKind::kBoolean;
    return k;
  }();

 public:
  TapeView() = default;
  TapeView(const Tape* tape, std::uint32_t index) noexcept : t_(tape), i_(index) {}

  [[nodiscard, gnu::always_inline]] ValueKind kind() const noexcept {
    return kKinds[static_cast<unsigned char>(tag())];  // one load, no branch
  }
  [[nodiscard]] bool is_string() const noexcept { return tag() == '"'; }
  [[nodiscard]] bool boolean() const noexcept { return tag() == 't'; }
  [[nodiscard, gnu::always_inline]] std::string_view string() const noexcept { return tape_string(t_->strings, word()); }
  [[nodiscard]] NumberValue number() const noexcept { return tape_number(kind(), t_->words[i_ + 1]); }
  [[nodiscard]] double as_double() const noexcept { return number().as_double(); }
  [[nodiscard]] std::size_t size() const noexcept {
    const auto count = static_cast<std::uint32_t>((word() >> 32) & 0xFFFFFF);
    if (count < 0xFFFFFF) [[likely]]
      return count;
    std::size_t n = 0;  // saturated: count them
    if (tag() == '[') {
      for (Items it = items(); it.more(); it.next()) ++n;
    } else {
      for (Members it = members(); it.more(); it.next()) ++n;
    }
    return n;
  }
  [[nodiscard]] std::uintptr_t identity() const noexcept { return i_; }
  [[nodiscard]] std::uint32_t index() const noexcept { return i_; }
  // Whether an object or array holds a member name the semantic checks look
  // for, at any depth (the tape builder's marks).
  [[nodiscard]] bool may_hold_semantic_keys() const noexcept {
    return t_->marks == nullptr || bit_at(t_->marks, i_);
  }
  // Whether every key of this object is ASCII without an upper-case letter.
  [[nodiscard]] bool keys_lower_ascii() const noexcept {
    return t_->lower != nullptr && bit_at(t_->lower, i_);
  }

  // The index just past this value.
  [[nodiscard, gnu::always_inline]] std::uint32_t after() const noexcept { return tape_after(t_->words, i_); }

  class Items {
   public:
    Items(const Tape* t, std::uint32_t first, std::uint32_t end) noexcept : t_(t), i_(first), end_(end) {}
    [[nodiscard]] bool more() const noexcept { return i_ < end_; }
    void next() noexcept { i_ = TapeView(t_, i_).after(); }
    [[nodiscard]] TapeView value() const noexcept { return TapeView(t_, i_); }

   private:
    const Tape* t_;
    std::uint32_t i_, end_;
  };
  // The closing ']' is at after() - 1.
  [[nodiscard]] Items items() const noexcept { return Items(t_, i_ + 1, after() - 1); }

  class Members {
   public:
    Members(const Tape* t, const TapeKey* keys, const TapeKey* end) noexcept : t_(t), k_(keys), end_(end) {}
    [[nodiscard]] bool more() const noexcept { return k_ != end_; }
    void next() noexcept { ++k_; }
    [[nodiscard]] std::string_view key() const noexcept { return k_->text(); }
    [[nodiscard]] TapeView key_value() const noexcept { return TapeView(t_, k_->index); }
    [[nodiscard]] TapeView value() const noexcept { return TapeView(t_, k_->index + 1); }

   private:
    const Tape* t_;
    const TapeKey* k_;
    const TapeKey* end_;
  };
  // In the byte order of the keys (the tape builder's index).
  [[nodiscard]] Members members() const noexcept {
    const TapeKey* first = sorted_keys();
    return Members(t_, first, first + member_count());
  }
  [[nodiscard]] Members any_order_members() const noexcept { return members(); }

  [[nodiscard]] bool find(std::string_view name, TapeView* out) const noexcept {
    const TapeKey* lo = sorted_keys();
    std::size_t n = member_count();
    if (n <= 8) {  // small objects: a scan beats the binary search's branches
      for (std::size_t k = 0; k < n; ++k)
        if (lo[k].size == name.size() && std::memcmp(lo[k].data, name.data(), name.size()) == 0) {
          *out = TapeView(t_, lo[k].index + 1);
          return true;
        }
      return false;
    }
    const TapeKey* end = lo + n;
    while (n > 0) {
      const std::size_t half = n / 2;
      if (lo[half].text() < name) {
        lo += half + 1;
        n -= half + 1;
      } else {
        n = half;
      }
    }
    if (lo == end || lo->text() != name) return false;
    *out = TapeView(t_, lo->index + 1);
    return true;
  }

 private:
  [[nodiscard]] std::uint64_t word() const noexcept { return t_->words[i_]; }
  [[nodiscard]] char tag() const noexcept { return static_cast<char>(word() >> 56); }
  [[nodiscard]] std::uint64_t payload() const noexcept { return word() & kTapePayload; }
  // The builder's entry: the offset in Tape::order, in the closing '}'.
  [[nodiscard]] const TapeKey* sorted_keys() const noexcept {
    return t_->order + static_cast<std::uint32_t>(t_->words[after() - 1]);
  }
  // The member count, counted by the builder even past 0xFFFFFF.
  [[nodiscard]] std::size_t member_count() const noexcept {
    return static_cast<std::size_t>((t_->words[after() - 1] >> 32) & 0xFFFFFF);
  }

  const Tape* t_ = nullptr;
  std::uint32_t i_ = 0;
};

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_VALUE_VIEW_H_
