#!/usr/bin/env python3
"""Keeps the README's examples true.

    python3 readme_test.py README.md TOOL_DIR      (or doc/gateway.md ...)

Two markers in the README, each on the line before a fenced block:

  <!-- tested-in: PATH -->   the block's lines appear, in order and
                             contiguous, in PATH (compared without leading
                             and trailing white space; #include lines only
                             have to appear somewhere), and PATH is built
                             and run by another test;
  <!-- tested-session -->    the block is a shell session: each "$ " line
                             (with "\\" continuations) is run from the
                             repository root with TOOL_DIR first on PATH, and
                             its standard output must equal the lines that
                             follow it, up to the next "$ " line.

Fails when a marked block goes stale, and when the README has no marked
blocks at all.
"""
import os
import re
import subprocess
import sys

MARK = re.compile(r"^<!-- (tested-in: (?P<path>\S+)|tested-session) -->\s*$")


def blocks(readme_lines):
    """(line number, marker match, block lines) for every marked block."""
    out = []
    i = 0
    while i < len(readme_lines):
        m = MARK.match(readme_lines[i])
        if m and i + 1 < len(readme_lines) and readme_lines[i + 1].startswith("```"):
            j = i + 2
            body = []
            while j < len(readme_lines) and not readme_lines[j].startswith("```"):
                body.append(readme_lines[j])
                j += 1
            out.append((i + 1, m, body))
            i = j
        i += 1
    return out


def contains(haystack, needle):
    """needle's lines appear contiguously in haystack, except its #include
    lines, which only have to appear somewhere (they sit at a file's top)."""
    hay = [l.strip() for l in haystack if l.strip()]
    nee = [l.strip() for l in needle if l.strip()]
    includes = [l for l in nee if l.startswith("#include")]
    nee = [l for l in nee if not l.startswith("#include")]
    if any(l not in hay for l in includes):
        return False
    return any(hay[k:k + len(nee)] == nee for k in range(len(hay) - len(nee) + 1))


def sessions(body):
    """[(command, expected output lines)] of a shell-session block."""
    out = []
    i = 0
    while i < len(body):
        line = body[i]
        if not line.startswith("$ "):
            raise ValueError(f"session line without a command before it: {line!r}")
        cmd = line[2:]
        while cmd.endswith("\\") and i + 1 < len(body):
            i += 1
            cmd = cmd[:-1] + " " + body[i].strip()
        expected = []
        while i + 1 < len(body) and not body[i + 1].startswith("$ "):
            i += 1
            expected.append(body[i])
        out.append((cmd, expected))
        i += 1
    return out


def main():
    readme, tool_dir = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.abspath(readme))
    while not os.path.exists(os.path.join(root, "CMakeLists.txt")) and os.path.dirname(root) != root:
        root = os.path.dirname(root)  # a document under doc/: paths are from the repository root
    with open(readme, encoding="utf-8") as f:
        lines = f.read().splitlines()
    found = blocks(lines)
    failures = 0
    if not found:
        print("README.md has no tested blocks")
        return 1
    env = dict(os.environ, PATH=os.path.abspath(tool_dir) + os.pathsep + os.environ["PATH"])
    for lineno, m, body in found:
        if m.group("path"):
            path = os.path.join(root, m.group("path"))
            with open(path, encoding="utf-8") as f:
                ok = contains(f.read().splitlines(), body)
            print(f"README.md:{lineno}: block in {m.group('path')}: {'ok' if ok else 'STALE'}")
            failures += not ok
            continue
        for cmd, expected in sessions(body):
            r = subprocess.run(["bash", "-c", cmd], cwd=root, env=env, capture_output=True, text=True)
            got = [l.rstrip() for l in r.stdout.splitlines()]
            want = [l.rstrip() for l in expected]
            ok = got == want
            print(f"README.md:{lineno}: $ {cmd}: {'ok' if ok else 'STALE'}")
            if not ok:
                print("  expected:\n" + "\n".join("    " + l for l in want))
                print("  got:\n" + "\n".join("    " + l for l in got))
                failures += 1
    print(f"{len(found)} tested README blocks, {failures} stale")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
