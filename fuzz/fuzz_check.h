// Property checks inside fuzz targets: a violated property aborts with a
// message, which libFuzzer and the replay main both report as a failure.
#ifndef TOKENGUARD_FUZZ_FUZZ_CHECK_H_
#define TOKENGUARD_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define TG_FUZZ_CHECK(cond)                                                        \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      std::fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                \
    }                                                                              \
  } while (0)

#endif  // TOKENGUARD_FUZZ_FUZZ_CHECK_H_
