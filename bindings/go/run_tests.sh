#!/usr/bin/env bash
# The Go package's tests, as ctest runs them:
#   bash bindings/go/run_tests.sh LIBRARY_DIR SCRATCH_DIR
# go vet, then go test with the race detector, against the libtokenguard.so
# in LIBRARY_DIR. Standard library only and no module proxy: nothing is
# downloaded. Exit 77 (skipped) without Debian's golang-go.
set -euo pipefail
command -v go >/dev/null || { echo "SKIP: go not found (Debian's golang-go)"; exit 77; }
cd "$(dirname "$0")"
libdir=$(realpath "$1")
mkdir -p "$2"
export GOCACHE=$(realpath "$2")/gocache GOPATH=$(realpath "$2")/gopath GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local
export CGO_ENABLED=1 CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
go vet ./...
go test -count=1 -race ./...
