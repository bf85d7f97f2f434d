#!/usr/bin/env python3
"""Checks that each catalog document is valid OpenAPI 3.0, with Python's
openapi-spec-validator. Exits 77 (ctest's skip code) with a clear message
when the validator is not installed."""
import json
import sys

try:
    from openapi_spec_validator import validate
except ImportError:
    print("SKIP: Python's openapi-spec-validator is not installed (pip install openapi-spec-validator)")
    sys.exit(77)

failed = 0
for path in sys.argv[1:]:
    try:
        validate(json.load(open(path)))
        print(f"valid OpenAPI 3.0: {path}")
    except Exception as e:  # the validator raises several exception types
        print(f"INVALID: {path}: {str(e)[:2000]}")
        failed += 1
sys.exit(1 if failed else 0)
