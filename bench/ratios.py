#!/usr/bin/env python3
"""Prints tokenguard/baseline ratios from a Google Benchmark JSON file.

Each goal pairs a tokenguard benchmark with its baseline from the same run
(same process, randomly interleaved repetitions), compares medians, and says
whether the ratio meets the goal. It reports; it never fails the build.

The parse + validate goal is a ratio measured inside one benchmark
(BM_ParseValidateRatio times nlohmann's parse and tokenguard's parse +
validate in alternating batches) and read from its `ratio` counter.

The bytes-path goals are counters of BM_CheckRatio (the whole check from
bytes over simdjson's DOM parse and over nlohmann's parse, interleaved),
its allocations per check, BM_ServiceTokenList's ns per byte at every size,
and, with --ajv-rounds DIR, the whole check over Ajv's JSON.parse + validate
(node, the same schema and payload). Node runs in its own process, so that
ratio is taken in rounds that alternate the two (scripts/run.sh writes
DIR/N.check.json, a short BM_CheckRatio run, and DIR/N.ajv.json,
bench/ajv/bench.js --quick, for each round N): the row gives the median of
the rounds' ratios and their range.

Four tables have no goal: the user-token request part by part
(BM_UserTokenParts), the check phase by phase (BM_CheckPhases), a floor
under the user-token check (BM_UserTokenFloor), and SoftwareOne's get and
list responses with and without the verdict-only plan
(BM_SoftwareOneResponse).

usage: python3 bench/ratios.py build/bench/grammar_bench.json [build/bench/validate_bench.json [--ajv-rounds DIR]]
"""
import glob
import json
import os
import statistics
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


# (label, benchmark with the counter, counter, goal: at most)
BYTES_GOALS = [
    ("check from bytes / simdjson parse, service-token response", "BM_CheckRatio/0", "over_simdjson", 3.0),
    ("check from bytes / simdjson parse, user-token request", "BM_CheckRatio/1", "over_simdjson", 3.0),
    ("check from bytes / nlohmann parse, service-token response", "BM_CheckRatio/0", "over_nlohmann", 0.25),
    ("check from bytes / nlohmann parse, user-token request", "BM_CheckRatio/1", "over_nlohmann", 0.25),
    ("heap allocations per check, service-token response", "BM_CheckRatio/0", "allocs_per_check", 0),
    ("heap allocations per check, user-token request (2 warnings)", "BM_CheckRatio/1", "allocs_per_check", 0),
    ("check from bytes / simdjson parse, user-token request, result reused", "BM_CheckRatio/3", "over_simdjson", 3.0),
    ("check from bytes / nlohmann parse, user-token request, result reused", "BM_CheckRatio/3", "over_nlohmann", 0.25),
    ("heap allocations per check, user-token request, result reused", "BM_CheckRatio/3", "allocs_per_check", 0),
]
LIST_SIZES = [1, 10, 100, 1000, 10000]
# (Ajv's case, tokenguard's benchmark, what the row says of it)
AJV_CASES = [("service-token update response", "BM_CheckRatio/0", ""),
             ("user-token update request", "BM_CheckRatio/1", ""),
             ("user-token update request", "BM_CheckRatio/3", ", result reused")]


def medians(path, field="real_time"):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") == "median" and field in b:
            out[b["run_name"]] = b[field]
    return out


def main():
    ajv_rounds = None
    if "--ajv-rounds" in sys.argv:
        i = sys.argv.index("--ajv-rounds")
        ajv_rounds = sys.argv[i + 1]
        del sys.argv[i:i + 2]
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
        bytes_path(sys.argv[2], ajv_rounds)
        user_token_parts(sys.argv[2])
        check_phases(sys.argv[2])
        user_token_floor(sys.argv[2])
        softwareone_responses(sys.argv[2])


def bytes_path(path, ajv_rounds):
    print()
    print("| bytes path | value | goal | met |")
    print("| --- | ---: | ---: | --- |")
    for label, name, counter, goal in BYTES_GOALS:
        m = medians(path, counter)
        if name not in m:
            print(f"| {label} | missing | | |")
            continue
        # (three digits below 1, so that a ratio just past its goal does not
        # print as the goal itself)
        value = f"{m[name]:.3f}" if 0 < m[name] < 1 else f"{m[name]:.2f}"
        print(f"| {label} | {value} | {goal:g} | {'yes' if m[name] <= goal else 'no'} |")
    per_byte = medians(path, "ns_per_byte")
    for n in LIST_SIZES:
        name = f"BM_ServiceTokenList/{n}"
        if name in per_byte:
            v = per_byte[name]
            print(f"| service_tokens.list, {n} tokens: ns per byte | {v:.2f} | 3 | {'yes' if v <= 3 else 'no'} |")
    if ajv_rounds:
        ajv_rows(ajv_rounds)


def counters(path, counter):
    """The counter of each benchmark of a run without repetitions."""
    with open(path) as f:
        data = json.load(f)
    return {b["run_name"]: b[counter] for b in data["benchmarks"]
            if b.get("run_type") == "iteration" and counter in b}


def ajv_rows(directory):
    """The whole check over Ajv's JSON.parse + validate, per alternating
    round (DIR/N.check.json and DIR/N.ajv.json): the median of the rounds'
    ratios, and their range."""
    rounds = []
    for check_path in sorted(glob.glob(os.path.join(directory, "*.check.json"))):
        ajv_path = check_path[:-len(".check.json")] + ".ajv.json"
        if os.path.exists(ajv_path):
            with open(ajv_path) as f:
                rounds.append((counters(check_path, "check_ns"), json.load(f)))
    for label, name, note in AJV_CASES:
        pairs = [(check[name], ajv[label]["from_text_ns"]) for check, ajv in rounds
                 if name in check and label in ajv]
        if not pairs:
            print(f"| check from bytes / Ajv JSON.parse + validate, {label}{note} | missing | 0.1 | |")
            continue
        ratios = [c / a for c, a in pairs]
        r = statistics.median(ratios)
        print(f"| check from bytes / Ajv JSON.parse + validate, {label}{note} "
              f"({statistics.median(c for c, _ in pairs):.0f} / {statistics.median(a for _, a in pairs):.0f} ns; "
              f"{len(pairs)} rounds, {min(ratios):.3f}-{max(ratios):.3f}) | {r:.3f} | 0.1 | {'yes' if r <= 0.1 else 'no'} |")


def counter_table(path, title, benchmark, labels, columns):
    """One row per label (benchmark/0, /1, ...; a benchmark of one label
    takes no argument), one column per (heading, counter, format); nothing
    when the run has none of them."""
    values = {counter: medians(path, counter) for _, counter, _ in columns}
    rows = [(label, benchmark if len(labels) == 1 else f"{benchmark}/{k}") for k, label in enumerate(labels)]
    first = values[columns[0][1]]
    if not any(name in first for _, name in rows):
        return
    print()
    print(f"| {title} | " + " | ".join(heading for heading, _, _ in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for label, name in rows:
        if name in first:
            print(f"| {label} | " + " | ".join(format(values[c][name], f) for _, c, f in columns) + " |")


# BM_UserTokenParts: the user-token request with parts taken away
# (reported, no goal).
def user_token_parts(path):
    counter_table(path, "user-token request", "BM_UserTokenParts",
                  ["the example (2 warnings)", "the same work, no finding", "without condition and not_before",
                   "the example, its schema alone (semantic checks off)"],
                  [("check (ns)", "check_ns", ".0f"), ("simdjson parse (ns)", "simdjson_ns", ".0f"),
                   ("ratio", "over_simdjson", ".2f")])


# BM_CheckPhases: the check's phases as prefixes of it (reported, no goal).
def check_phases(path):
    counter_table(path, "check phase by phase", "BM_CheckPhases",
                  ["user-token request (2 warnings)", "user-token request, no finding", "service-token response"],
                  [("simdjson parse (ns)", "simdjson_ns", ".0f"), ("tape load (ns)", "load_ns", ".0f"),
                   ("+ plan (ns)", "plan_ns", ".0f"), ("+ semantic (ns)", "semantic_ns", ".0f"),
                   ("whole check (ns)", "check_ns", ".0f"), ("semantic alone (ns)", "semantic_alone_ns", ".0f"),
                   ("plan ratio", "plan_over_simdjson", ".2f"), ("ratio", "over_simdjson", ".2f")])


# BM_UserTokenFloor: a lower bound on the user-token check, the work any
# check of that example has to do (reported, no goal).
def user_token_floor(path):
    counter_table(path, "user-token request, a floor under its check", "BM_UserTokenFloor",
                  ["the example (2 warnings)"],
                  [("simdjson parse (ns)", "simdjson_ns", ".0f"), ("+ grammars (ns)", "grammars_ns", ".0f"),
                   ("+ coverage and warnings' text (ns)", "floor_ns", ".0f"), ("whole check (ns)", "check_ns", ".0f"),
                   ("grammars ratio", "grammars_over_simdjson", ".2f"), ("floor ratio", "floor_over_simdjson", ".2f"),
                   ("check ratio", "over_simdjson", ".2f")])


# BM_SoftwareOneResponse: the responses the gateway checks most, with the
# verdict-only plan and without it (reported, no goal).
def softwareone_responses(path):
    counter_table(path, "SoftwareOne", "BM_SoftwareOneResponse", ["get response", "list response"],
                  [("check (ns)", "check_ns", ".0f"), ("full path (ns)", "full_path_ns", ".0f"),
                   ("simdjson parse (ns)", "simdjson_ns", ".0f"), ("ratio", "over_simdjson", ".2f"),
                   ("allocations", "allocs_per_check", "g")])


if __name__ == "__main__":
    main()
