#!/usr/bin/env python3
"""Prints tokenguard/baseline ratios from a Google Benchmark JSON file.

Each goal pairs a tokenguard benchmark with its baseline from the same run
(same process, randomly interleaved repetitions), compares medians, and says
whether the ratio meets the goal. It reports; it never fails the build.

The parse + validate goal is a ratio measured inside one benchmark
(BM_ParseValidateRatio times nlohmann's parse and tokenguard's parse +
validate in alternating batches) and read from its `ratio` counter.

usage: python3 bench/ratios.py build/bench/grammar_bench.json [build/bench/validate_bench.json]
"""
import json
import sys

# (label, tokenguard benchmark, baseline benchmark, goal: ratio at most)
GOALS = [
    ("duration 2h45m", "BM_Duration_Tokenguard/0", "BM_Duration_Absl/0", 1 / 3),
    ("duration 1h2m3.456789s", "BM_Duration_Tokenguard/1", "BM_Duration_Absl/1", 1 / 3),
    ("duration 300ms", "BM_Duration_Tokenguard/2", "BM_Duration_Absl/2", 1 / 3),
    ("cidr 199.27.128.0/21", "BM_Cidr_Tokenguard/0", "BM_Cidr_InetPton/0", 1 / 2),
    ("cidr 2400:cb00::/32", "BM_Cidr_Tokenguard/1", "BM_Cidr_InetPton/1", 1 / 2),
    ("date-time ...12345Z", "BM_DateTime_Tokenguard/0", "BM_DateTime_Strptime/0", 1 / 3),
    ("date-time ...+00:20", "BM_DateTime_Tokenguard/1", "BM_DateTime_Strptime/1", 1 / 3),
]


# (label, benchmark with a `ratio` counter, goal: ratio at most)
COUNTER_GOALS = [
    ("parse + validate, service-token response", "BM_ParseValidateRatio/0", 1.25),
    ("parse + validate, user-token request", "BM_ParseValidateRatio/1", 1.25),
]


def medians(path, field="real_time"):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") == "median" and field in b:
            out[b["run_name"]] = b[field]
    return out


def main():
    m = medians(sys.argv[1])
    print(f"| case | tokenguard (ns) | baseline (ns) | ratio | goal | met |")
    print(f"| --- | ---: | ---: | ---: | ---: | --- |")
    for label, ours, base, goal in GOALS:
        if ours not in m or base not in m:
            print(f"| {label} | missing | missing | | | |")
            continue
        r = m[ours] / m[base]
        print(f"| {label} | {m[ours]:.1f} | {m[base]:.1f} | {r:.2f} | {goal:.2f} | {'yes' if r <= goal else 'no'} |")
    if len(sys.argv) > 2:
        ratio = medians(sys.argv[2], "ratio")
        parse = medians(sys.argv[2], "parse_ns")
        both = medians(sys.argv[2], "parse_validate_ns")
        for label, name, goal in COUNTER_GOALS:
            if name not in ratio:
                print(f"| {label} | missing | missing | | | |")
                continue
            r = ratio[name]
            print(f"| {label} | {both[name]:.1f} | {parse[name]:.1f} | {r:.2f} | {goal:.2f} | {'yes' if r <= goal else 'no'} |")


if __name__ == "__main__":
    main()
