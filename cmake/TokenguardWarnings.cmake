# Warning flags and sanitizers, applied per target.
function(tokenguard_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast>
      $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>)
    if(TOKENGUARD_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

if(TOKENGUARD_SANITIZE)
  add_compile_options(-fsanitize=${TOKENGUARD_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TOKENGUARD_SANITIZE})
endif()

# libFuzzer builds: every target gets coverage instrumentation; the fuzz
# targets themselves add -fsanitize=fuzzer for libFuzzer's main.
if(TOKENGUARD_LIBFUZZER)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# A sanitizer build at Debug (the asan preset) compiles the code under test,
# the library and the tool, at -O1: ASan's own advice, and the tests then run
# in about two thirds of the time (420 s to 280 s on two cores; the runs of
# the tool over the JSON-Schema-Test-Suite and the OpenAPI corpus gain
# most). The test files stay at -O0, where most of the build's time goes
# (GoogleTest and nlohmann/json templates): -O1 there costs more build than
# it saves test time.
function(tokenguard_optimize_code_under_test target)
  if(TOKENGUARD_SANITIZE AND CMAKE_BUILD_TYPE STREQUAL "Debug")
    target_compile_options(${target} PRIVATE -O1)
  endif()
endfunction()
