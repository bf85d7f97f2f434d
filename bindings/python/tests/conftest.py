"""The package in-tree (bindings/python) and the library the build made
($TOKENGUARD_LIBRARY, set by the ctest that runs these)."""
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TOOL = os.environ.get("TOKENGUARD_TOOL", os.path.join(REPO, "build", "dev", "tokenguard"))
