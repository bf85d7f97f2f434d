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
