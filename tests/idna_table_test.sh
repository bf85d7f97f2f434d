#!/usr/bin/env bash
# The committed IDNA table (src/formats/idna_table.inc) is what Debian's
# python3-idna and Python's unicodedata give: regenerates it with
# scripts/gen_idna_table.py and compares. Skipped (exit 77) where
# python3-idna is not installed.
set -euo pipefail
src=${1:?usage: idna_table_test.sh SOURCE_DIR}
/usr/bin/python3 -c 'import sys; sys.path.insert(0, "/usr/lib/python3/dist-packages"); import idna.idnadata' 2>/dev/null ||
  { echo "SKIP: python3-idna not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$src/scripts/gen_idna_table.py" > "$tmp/idna_table.inc"
if ! diff "$src/src/formats/idna_table.inc" "$tmp/idna_table.inc" > "$tmp/diff"; then
  echo "src/formats/idna_table.inc differs from what scripts/gen_idna_table.py generates here:"
  head -20 "$tmp/diff"
  exit 1
fi
echo "src/formats/idna_table.inc is current"
