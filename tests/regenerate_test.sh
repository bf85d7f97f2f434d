#!/usr/bin/env bash
# The committed catalog is what schemas/tools/regenerate.py makes from the
# upstream descriptions: regenerates into a scratch folder and compares every
# document and example. Skipped (exit 77, said clearly) without the upstream
# folder.
set -euo pipefail
src=${1:?usage: regenerate_test.sh SOURCE_DIR [UPSTREAM_DIR]}
upstream=${2:-$src/../shared/upstream}
if [[ ! -f $upstream/SOURCES.md ]]; then
  echo "SKIPPED: no upstream descriptions at $upstream, so the catalog cannot be regenerated here"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/schemas/tools/regenerate.py" "$upstream" --out "$tmp" > "$tmp/log"
status=0
for f in "$src"/schemas/*.openapi.json; do
  cmp -s "$f" "$tmp/$(basename "$f")" || { echo "differs: schemas/$(basename "$f")"; status=1; }
done
for f in "$tmp"/*.openapi.json; do
  [[ -f $src/schemas/$(basename "$f") ]] || { echo "not committed: schemas/$(basename "$f")"; status=1; }
done
if ! diff -r -q "$src/schemas/examples/catalog" "$tmp/examples/catalog" > "$tmp/diff"; then
  sed 's#'"$tmp"'#(regenerated)#g' "$tmp/diff" | head -20
  status=1
fi
if ((status)); then
  echo "the committed catalog differs from what schemas/tools/regenerate.py makes: run it and commit the result"
else
  echo "the committed catalog is what schemas/tools/regenerate.py makes ($(ls "$tmp"/*.openapi.json | wc -l) documents)"
fi
exit $status
