# cmake --install: headers, both libraries, the tool, a CMake package
# (find_package(tokenguard CONFIG) -> tokenguard::tokenguard, tokenguard::shared)
# and tokenguard.pc for pkg-config.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/tokenguard DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/include/tokenguard/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tokenguard)
install(TARGETS tokenguard tokenguard_shared EXPORT tokenguardTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS tokenguard_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT tokenguardTargets NAMESPACE tokenguard:: FILE tokenguardTargets.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tokenguard)

configure_package_config_file(cmake/tokenguardConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/tokenguardConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tokenguard)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/tokenguardConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/tokenguardConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/tokenguardConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tokenguard)

# The .pc file finds the prefix relative to itself, so the tree relocates.
file(RELATIVE_PATH TOKENGUARD_PC_UP "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(cmake/tokenguard.pc.in ${CMAKE_CURRENT_BINARY_DIR}/tokenguard.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/tokenguard.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The nginx glue (LuaJIT FFI over the C API) and its example configuration,
# whose default paths are these: /usr/local/share/tokenguard/nginx/?.lua and
# /usr/local/lib/libtokenguard.so.
install(FILES src/gateway/nginx/tokenguard/nginx.lua DESTINATION ${CMAKE_INSTALL_DATADIR}/tokenguard/nginx/tokenguard)
install(FILES src/gateway/nginx/nginx.conf.example DESTINATION ${CMAKE_INSTALL_DATADIR}/tokenguard/nginx)
