#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs two
# consumers against it: a CMake project (find_package, C++ API) and a C
# program built with plain cc and pkg-config (C API, shared library). Also
# checks that the shared library exports the C API and nothing else.
# usage: tests/install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/tokenguard/tokenguard.h include/tokenguard/check.h bin/tokenguard \
         lib/libtokenguard.a lib/libtokenguard.so lib/cmake/tokenguard/tokenguardConfig.cmake \
         lib/pkgconfig/tokenguard.pc share/tokenguard/nginx/tokenguard/nginx.lua \
         share/tokenguard/nginx/nginx.conf.example; do
  [[ -e $prefix/$f ]] || { echo "missing from the install: $f"; exit 1; }
done

exported=$(nm -D --defined-only "$prefix/lib/libtokenguard.so" | awk '{print $3}')
others=$(printf '%s\n' "$exported" | grep -v '^tg_' || true)
[[ -z $others ]] || { echo "libtokenguard.so exports more than the C API:"; echo "$others" | head; exit 1; }
echo "libtokenguard.so exports $(printf '%s\n' "$exported" | grep -c '^tg_') symbols, all tg_*"

cmake -S "$src/tests/consumers/cmake" -B "$work/cmake-consumer" -G Ninja \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/cmake-consumer" >/dev/null
"$work/cmake-consumer/consumer"

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046  # pkg-config's words are meant to split
cc -std=c99 -Wall -Werror -o "$work/c-consumer" "$src/tests/consumers/pkgconfig/main.c" $(pkg-config --cflags --libs tokenguard)
LD_LIBRARY_PATH=$prefix/lib "$work/c-consumer"
"$prefix/bin/tokenguard" operations | grep -q cloudflare.user.tokens.roll
echo "install test: 2 consumers built and ran"
