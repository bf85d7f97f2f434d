#!/usr/bin/env bash
# The Python package's tests, as ctest runs them:
#   bash bindings/python/run_tests.sh LIBRARY TOOL
# installs the package with pip from this folder (no network: setuptools from
# Debian, --no-build-isolation --no-index) into a scratch folder and imports
# it from there, then runs pytest (Debian's python3-pytest, python3-hypothesis,
# python3-requests) on the tests in tests/ against LIBRARY (libtokenguard.so)
# and TOOL (the tokenguard command, the C++ reference). Exit 77 (skipped)
# when pytest, hypothesis or requests is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib=$(realpath "$1")
tool=$(realpath "$2")
py=/usr/bin/python3
for m in pytest hypothesis requests; do
  "$py" -c "import $m" 2>/dev/null || { echo "SKIP: python3 module $m missing"; exit 77; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$here" "$scratch/src"   # pip builds in place: keep the repository clean
"$py" -m pip install --quiet --no-build-isolation --no-index --target "$scratch/site" "$scratch/src" 2>&1 |
  grep -v "Running pip as the 'root' user" || true
(cd "$scratch" && TOKENGUARD_LIBRARY="$lib" PYTHONPATH="$scratch/site" "$py" -c \
  'import tokenguard, sys; c = tokenguard.Catalog.embedded(); assert len(c.operations) == 35; print("installed:", tokenguard.__file__)')
cd "$here"
TOKENGUARD_LIBRARY="$lib" TOKENGUARD_TOOL="$tool" "$py" -m pytest -q -p no:cacheprovider tests
