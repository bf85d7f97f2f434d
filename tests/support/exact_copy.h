// tests/support/exact_copy.h: a copy of a test input in a heap block of exactly its
// size. A grammar test parses the copy, not the literal, so that under
// AddressSanitizer (the asan preset) a read one byte past the end is an
// error; a string literal's terminating NUL would hide it.
#ifndef TOKENGUARD_TESTS_EXACT_COPY_H_
#define TOKENGUARD_TESTS_EXACT_COPY_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>

namespace tokenguard::testing {

class ExactCopy {
 public:
  explicit ExactCopy(std::string_view text)
      : size_(text.size()), bytes_(new char[text.empty() ? 1 : text.size()]) {
    std::copy(text.begin(), text.end(), bytes_.get());
  }
  [[nodiscard]] std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::size_t size_;
  std::unique_ptr<char[]> bytes_;
};

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_EXACT_COPY_H_
