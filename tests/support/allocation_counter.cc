#include "allocation_counter.h"

#include <cstdlib>
#include <new>

namespace {
// Per thread and not atomic: counting must not slow the allocations it
// counts, as the benchmarks time allocating baselines (nlohmann's parse)
// in the same binary. (Trivial thread_locals: no guard, usable before main.)
thread_local std::uint64_t t_allocations = 0;
thread_local std::uint64_t t_bytes = 0;

void count(std::size_t n) noexcept {
  ++t_allocations;
  t_bytes += n;
}

void* counted_alloc(std::size_t n) {
  count(n);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

void* counted_aligned_alloc(std::size_t n, std::align_val_t al) {
  count(n);
  const auto a = static_cast<std::size_t>(al);
  const std::size_t rounded = (n == 0 ? a : (n + a - 1) / a * a);  // aligned_alloc wants a multiple
  if (void* p = std::aligned_alloc(a, rounded)) return p;
  throw std::bad_alloc();
}
}  // namespace

namespace tokenguard::testing {
std::uint64_t allocation_count() noexcept { return t_allocations; }
std::uint64_t allocated_bytes() noexcept { return t_bytes; }
}  // namespace tokenguard::testing

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, std::align_val_t al) { return counted_aligned_alloc(n, al); }
void* operator new[](std::size_t n, std::align_val_t al) { return counted_aligned_alloc(n, al); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
