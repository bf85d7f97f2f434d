#!/usr/bin/env python3
"""Regenerates the whole catalog: every OpenAPI document and every example.

    python3 schemas/tools/regenerate.py [UPSTREAM_DIR] [--out DIR]

UPSTREAM_DIR holds the upstream per-operation descriptions (default:
../shared/upstream beside this repository, which every developer machine and
CI have); DIR is where the documents and examples go (default: schemas/, in
place). The committed files are exactly what this writes: ctest's
catalog_is_regenerated runs it into the build folder and fails when they
differ. The build embeds schemas/*.openapi.json; nothing reads the upstream
folder at build or run time.
"""
import argparse
import os
import subprocess
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(TOOLS))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream", nargs="?", default=os.path.join(os.path.dirname(REPO), "shared", "upstream"))
    parser.add_argument("--out", default=os.path.join(REPO, "schemas"))
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.upstream, "SOURCES.md")):
        print(f"regenerate: no upstream descriptions at {args.upstream} (expected SOURCES.md and the "
              "per-operation JSON files there); pass the folder as the first argument", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    for step in (["assemble_catalog.py", args.upstream, args.out], ["make_examples.py", args.out]):
        subprocess.run([sys.executable, os.path.join(TOOLS, step[0])] + step[1:], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
