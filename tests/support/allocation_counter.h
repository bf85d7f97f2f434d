// Counts heap allocations made by the calling thread, through replaced
// global operator new (aligned forms included). Link allocation_counter.cc
// into a binary to enable it.
#ifndef TOKENGUARD_TESTS_ALLOCATION_COUNTER_H_
#define TOKENGUARD_TESTS_ALLOCATION_COUNTER_H_

#include <cstdint>

namespace tokenguard::testing {

// Allocations so far, on this thread.
std::uint64_t allocation_count() noexcept;
// Bytes requested from operator new so far on this thread (never decreases).
std::uint64_t allocated_bytes() noexcept;

// Keeps the compiler from dropping a computation whose result is unused.
template <class T>
inline void keep(const T& value) noexcept {
  asm volatile("" : : "g"(&value) : "memory");
}

// Heap allocations made by 100 calls of f (after one call, which may warm
// a thread's reused buffers when warm is true).
template <class F>
std::uint64_t allocations_of(F&& f, bool warm = false, int calls = 100) {
  if (warm) f();
  const std::uint64_t before = allocation_count();
  for (int k = 0; k < calls; ++k) f();
  return allocation_count() - before;
}

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_ALLOCATION_COUNTER_H_
