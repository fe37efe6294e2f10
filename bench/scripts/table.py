#!/usr/bin/env python3
"""Turns JMH JSON results of the pyembed suite into markdown tables.

    python3 bench/scripts/table.py RESULTS.json [MORE.json ...] [--c bench/c/build/results-*.md]

Scores are the median iteration, "±" is half the min..max range of the iterations relative to it (this
machine is shared: a median is robust to a burst of load from other processes). Several JSON files are merged (a later file wins for the same benchmark + params). With --c, the rows of the
C baseline (bench/c/run.sh) are matched to the benchmarks they measure the same thing as.
"""
import argparse
import json
import re
import sys

RUNTIMES = ["EMBEDDED", "SYSTEM"]
PKG = "dev.pyembed.bench."

# pyembed benchmark -> (raw JNA benchmark it is compared with, C baseline case, description)
SINGLE = [
    ("ScopeBench.scopeEmpty", "ScopeBench.rawRestoreSave", "restore_save", "empty scope, outermost (Restore + Save)"),
    ("ScopeBench.scopeNested", None, "ensure_release_gil_held", "empty scope nested in an open one"),
    ("ScopeBench.scopeCallNoArgs", "ScopeBench.rawRestoreCallSave", "scope_call", "scope + f()"),
    ("ScopeBench.scopeCall3Args", None, None, "scope + f3(42, 'hello', [0..9])"),
    ("ScopeBench.scopeGetAttr", None, None, "scope + math.getAttr('pi') + close"),
    ("ScopeBench.scopeEval", None, None, "scope + eval('1+1')"),
    ("ScopeBench.inScopeCallNoArgs", "ScopeBench.rawCallInScope", "call_noargs_in_scope", "f() in an open scope"),
    ("ScopeBench.inScopeCall3Args", None, None, "f3(42, 'hello', [0..9]) in an open scope"),
    ("ScopeBench.inScopeGetAttr", None, None, "getAttr('pi') + close in an open scope"),
    ("ScopeBench.inScopeEval", None, None, "eval('1+1') in an open scope"),
    ("ScopeBench.rawRestoreSave", None, "restore_save", "JNA: Restore + Save"),
    ("ScopeBench.rawRestoreCallSave", None, "scope_call", "JNA: Restore + Call + DecRef + Save"),
    ("ScopeBench.rawRestoreCallConvertSave", None, None, "JNA: Restore + Call + AsLongLong + DecRef + Save"),
    ("ScopeBench.rawCallInScope", None, "call_noargs_in_scope", "JNA: Call + DecRef, GIL held"),
]
SPRING_GIL = [
    ("SpringGilBench.acquireGilDirect", "try (Gil gil = engine.acquireGil()) { f() }"),
    ("SpringGilBench.withGilDirect", "engine.withGil(gil -> f())"),
    ("SpringGilBench.withGilAnnotated", "@WithGil bean method through its proxy"),
]
# Python -> Java call -> the floor it is compared with
CALLBACKS = [
    ("CallbackBench.javaNoArgsReleasingGil", "CallbackBench.builtinNoArgs", "Java function(), GIL released"),
    ("CallbackBench.javaNoArgsKeepingGil", "CallbackBench.builtinNoArgs", "Java function(), GIL kept"),
    ("CallbackBench.javaOneArgKeepingGil", "CallbackBench.builtinOneArg", "Java function(1) -> 1, GIL kept"),
    ("CallbackBench.builtinNoArgs", "CallbackBench.emptyLoop", "int()"),
    ("CallbackBench.builtinOneArg", "CallbackBench.emptyLoop", "abs(1)"),
    ("CallbackBench.emptyLoop", None, "pass"),
]
CONVERSIONS = [
    ("ConversionBench.string1kRoundTrip", 1, "identity(1 KiB String)"),
    ("ConversionBench.string1mRoundTrip", 1, "identity(1 MiB String)"),
    ("ConversionBench.doubles1mOneCall", 1_000_000, "take(List<Double> of 10^6), one call"),
    ("ConversionBench.doubles1mOneByOne", 1_000_000, "take(Double) x 10^6 calls"),
    ("ConversionBench.dict1kToPython", 1000, "take(Map of 1,000)"),
    ("ConversionBench.dict1kToJava", 1000, "get_dict() -> Map of 1,000"),
    ("ConversionBench.dict1kRoundTrip", 1000, "identity(Map of 1,000)"),
]


def variant(params):
    """The parameter besides runtime that a class has: busy (ContentionBench, LatencyBench) or metrics (SpringGilBench);
    with pyembed's Java caller queue on (queueMicros > 0) a "/q<micros>" suffix, e.g. "false/q1000"."""
    v = params.get("busy", params.get("metrics"))
    q = params.get("queueMicros")
    return v if q in (None, "0") else f"{v}/q{q}"


QUEUE = "q5000"  # the queue setting the tables show beside "off" (5 ms, CPython's switch interval)


def load_interference(paths):
    """{(benchmark, runtime, variant): % of all CPUs used by other processes during the run} (run_quiet.py)."""
    out = {}
    for path in paths:
        try:
            with open(path + ".interference.tsv") as f:
                next(f)
                for line in f:
                    bench, params, pct, _ = line.rstrip("\n").split("\t")
                    p = json.loads(params)
                    out[(bench.removeprefix(PKG), p.get("runtime"), variant(p))] = float(pct)
        except FileNotFoundError:
            pass
    return out


def disturbed(interference, threshold=10):
    rows = sorted((v, k) for k, v in interference.items() if v > threshold)
    if not rows:
        return []
    out = [f"## Runs during which other processes used more than {threshold}% of the CPUs", "",
           "| benchmark | runtime | busy / metrics | interference |", "|---|---|---|---|"]
    out += [f"| {k[0]} | {k[1] or ''} | {k[2] or ''} | {v:.0f}% |" for v, k in reversed(rows)]
    return out


def load(paths):
    results = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                name = r["benchmark"].removeprefix(PKG)
                params = r.get("params", {})
                key = (name, params.get("runtime"), variant(params))
                results[key] = r
    return results


def load_c(paths):
    """{(runtime, case, threads): ns_per_op}"""
    rows = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cells) < 4 or not re.fullmatch(r"[0-9.]+", cells[3] or "x"):
                    continue
                case, python, threads, ns = cells[0], cells[1], int(cells[2]), float(cells[3])
                runtime = "EMBEDDED" if python.startswith("embedded") else "SYSTEM"
                rows[(runtime, case, threads)] = ns
    return rows


def score(r):
    """The median iteration (robust to a burst of load from other processes); SampleTime: the mean of samples."""
    m = r["primaryMetric"]
    if r["mode"] == "sample":
        return m["score"]
    return m["scorePercentiles"]["50.0"]


def ns_per_op(r):
    """ns per operation; for throughput: aggregate (wall time / all threads' operations)."""
    unit = r["primaryMetric"]["scoreUnit"]
    if unit == "ops/s":
        return 1e9 / score(r)
    scale = {"ns/op": 1, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}[unit]
    return score(r) * scale


def err_pct(r):
    """Half the min..max range of the iterations, relative to the median."""
    m = r["primaryMetric"]
    p = m["scorePercentiles"]
    med = score(r)
    if r["mode"] == "sample" or not med or len(m.get("rawData", [[]])[0]) < 2:
        return ""
    return f"±{50 * (p['100.0'] - p['0.0']) / med:.0f}%"


def fmt_ns(ns):
    if ns is None:
        return ""
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:,.0f} ns"


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else ""


def single_thread(results, c):
    out = ["## One thread (AverageTime, ns per operation)", ""]
    head = "| operation |"
    sep = "|---|"
    for rt in RUNTIMES:
        head += f" {rt} | vs JNA floor | C | vs C |"
        sep += "---|---|---|---|"
    out += [head, sep]
    for name, raw, ccase, desc in SINGLE:
        if not any((name, rt, None) in results for rt in RUNTIMES):
            continue
        row = f"| {desc} (`{name.split('.')[1]}`) |"
        for rt in RUNTIMES:
            r = results.get((name, rt, None))
            ns = ns_per_op(r) if r else None
            rr = results.get((raw, rt, None)) if raw else None
            raw_ns = ns_per_op(rr) if rr else None
            c_ns = c.get((rt, ccase, 1)) if ccase else None
            row += f" {fmt_ns(ns)} {err_pct(r) if r else ''} | {ratio(ns, raw_ns)} | {fmt_ns(c_ns)} | {ratio(ns, c_ns)} |"
        out.append(row)
    return out


def conversions(results):
    out = ["## Conversions, in an open scope (AverageTime)", "",
           "| operation | " + " | ".join(f"{rt} per op | per element" for rt in RUNTIMES) + " |",
           "|---|" + "---|---|" * len(RUNTIMES)]
    for name, n, desc in CONVERSIONS:
        if not any((name, rt, None) in results for rt in RUNTIMES):
            continue
        row = f"| {desc} (`{name.split('.')[1]}`) |"
        for rt in RUNTIMES:
            r = results.get((name, rt, None))
            ns = ns_per_op(r) if r else None
            row += f" {fmt_ns(ns)} {err_pct(r) if r else ''} | {fmt_ns(ns / n) if ns and n > 1 else ''} |"
        out.append(row)
    return out


def handoffs(r):
    m = (r or {}).get("secondaryMetrics", {}).get("handoffs")
    return f"{m['scorePercentiles']['50.0']:,.0f}" if m else ""


def pct(r, base):
    return f"{100 * score(r) / score(base):.0f}%" if r and base else ""


def ops_cell(r):
    return f"{score(r):,.0f} {err_pct(r)}" if r else ""


def contention(results, c):
    out = ["## Contention: N threads, each scope + f() (Throughput, all threads together)", ""]
    for rt in RUNTIMES:
        base = results.get(("ContentionBench.threads01", rt, "false"))
        if base is None:
            continue
        base_ops = score(base)
        out += [f"### {rt}", "",
                "| threads | pyembed ops/s | ns/op (aggregate) | % of 1 thread | GIL handoffs/s | JNA cached state ops/s | "
                "JNA handoffs/s | JNA naive Ensure ops/s | naive / pyembed time | C cached ns/op | pyembed vs C | "
                "C naive ns/op | busy Python thread: pyembed ops/s | C busy ns/op | pyembed + Java lock ops/s | "
                "% of 1 thread | pyembed + synchronized ops/s | pyembed, caller queue 5 ms: ops/s | % of 1 thread (queue off) |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for n in (1, 2, 4, 8, 16):
            r = results.get((f"ContentionBench.threads{n:02d}", rt, "false"))
            if r is None:
                continue
            ops = score(r)
            cached = results.get((f"RawThreadsBench.cached{n:02d}", rt, None))
            naive = results.get((f"RawThreadsBench.naive{n:02d}", rt, None))
            busy = results.get((f"ContentionBench.threads{n:02d}", rt, "true"))
            c_cached = c.get((rt, "contention_cached_ts", n))
            c_naive = c.get((rt, "contention_naive_ensure", n))
            c_busy = c.get((rt, "contention_cached_ts_busy_bg", n))
            locked = results.get((f"LockedContentionBench.pyembed{n:02d}", rt, None))
            locked_base = results.get(("LockedContentionBench.pyembed01", rt, None))
            sync = results.get((f"LockedContentionBench.sync{n:02d}", rt, None))
            queued = results.get((f"ContentionBench.threads{n:02d}", rt, f"false/{QUEUE}"))
            cells = [str(n), f"{ops:,.0f} {err_pct(r)}", f"{ns_per_op(r):,.0f}", f"{100 * ops / base_ops:.0f}%",
                     handoffs(r), ops_cell(cached), handoffs(cached), ops_cell(naive), ratio(ns_per_op(naive), ns_per_op(r)) if naive else "",
                     fmt_ns(c_cached), ratio(ns_per_op(r), c_cached), fmt_ns(c_naive), ops_cell(busy),
                     fmt_ns(c_busy), ops_cell(locked), pct(locked, locked_base), ops_cell(sync),
                     ops_cell(queued), pct(queued, base)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return out


def latency(results):
    out = ["## Latency of one scope + f() per thread (SampleTime)", "",
           "| runtime | busy Python thread (/caller queue) | threads | samples | mean | p50 | p90 | p99 | p99.9 | max |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for rt in RUNTIMES:
        for busy in ("false", "true", f"false/{QUEUE}", f"true/{QUEUE}"):
            for n in (1, 2, 8, 16):
                r = results.get((f"LatencyBench.threads{n:02d}", rt, busy))
                if r is None:
                    continue
                m = r["primaryMetric"]
                p = m["scorePercentiles"]
                scale = {"ns/op": 1, "us/op": 1e3, "ms/op": 1e6}[m["scoreUnit"]]
                samples = sum(sum(c for _, c in it) for it in m.get("rawDataHistogram", [[]])[0]) \
                    if m.get("rawDataHistogram") else ""
                out.append(f"| {rt} | {busy} | {n} | {samples if samples == '' else format(samples, ',')} | {fmt_ns(m['score'] * scale)} | "
                           + " | ".join(fmt_ns(p[k] * scale) for k in ("50.0", "90.0", "99.0", "99.9", "100.0"))
                           + " |")
    return out


def lifecycle(results):
    out = ["## Engine start / close (SingleShotTime, one JVM, re-initialized each time)", "",
           "| runtime | start | close |", "|---|---|---|"]
    for rt in RUNTIMES:
        s = results.get(("LifecycleBench.start", rt, None))
        c = results.get(("LifecycleBench.close", rt, None))
        if s or c:
            out.append(f"| {rt} | {fmt_ns(ns_per_op(s)) if s else ''} {err_pct(s) if s else ''} | "
                       f"{fmt_ns(ns_per_op(c)) if c else ''} {err_pct(c) if c else ''} |")
    return out


def spring_gil(results):
    if not any(key[0].startswith("SpringGilBench.") for key in results):
        return []
    out = ["## Spring Boot: scope + f() with the starter (AverageTime, one thread)", "",
           "on / off: what pyembed's Micrometer listener (and, for @WithGil, the python.calls aspect) adds; "
           "vs acquireGil: the same metrics setting, against acquireGil.", ""]
    head, sep = "| operation |", "|---|"
    for rt in RUNTIMES:
        head += f" {rt} metrics off | on | on / off | off vs acquireGil | on vs acquireGil |"
        sep += "---|---|---|---|---|"
    out += [head, sep]
    for name, desc in SPRING_GIL:
        if not any((name, rt, m) in results for rt in RUNTIMES for m in ("off", "on")):
            continue
        row = f"| {desc} (`{name.split('.')[1]}`) |"
        for rt in RUNTIMES:
            off, on = results.get((name, rt, "off")), results.get((name, rt, "on"))
            base_off = results.get(("SpringGilBench.acquireGilDirect", rt, "off"))
            base_on = results.get(("SpringGilBench.acquireGilDirect", rt, "on"))
            off_ns, on_ns = (ns_per_op(off) if off else None), (ns_per_op(on) if on else None)
            row += (f" {fmt_ns(off_ns)} {err_pct(off) if off else ''} | {fmt_ns(on_ns)} {err_pct(on) if on else ''} |"
                    f" {ratio(on_ns, off_ns)} | {ratio(off_ns, ns_per_op(base_off) if base_off else None)} |"
                    f" {ratio(on_ns, ns_per_op(base_on) if base_on else None)} |")
        out.append(row)
    return out


def spring_startup(results):
    out = ["## Spring Boot context start / close (SingleShotTime, one JVM, CPython re-initialized each time)", "",
           "| application | runtime | start | close |", "|---|---|---|---|"]
    rows = [("without pyembed", None, "Without")] + [("with pyembed", rt, "With") for rt in RUNTIMES]
    for label, rt, suffix in rows:
        s = results.get((f"SpringStartupBench.start{suffix}Pyembed", rt, None))
        c = results.get((f"SpringStartupBench.close{suffix}Pyembed", rt, None))
        if s or c:
            out.append(f"| {label} | {rt or ''} | {fmt_ns(ns_per_op(s)) if s else ''} {err_pct(s) if s else ''} | "
                       f"{fmt_ns(ns_per_op(c)) if c else ''} {err_pct(c) if c else ''} |")
    return out


def callbacks(results):
    out = ["## Python calling Java (AverageTime, per call of a Python loop of 1,000 in one scope)", "",
           "| call | " + " | ".join(f"{rt} | minus its floor" for rt in RUNTIMES) + " |",
           "|---|" + "---|---|" * len(RUNTIMES)]
    for name, floor, desc in CALLBACKS:
        if not any((name, rt, None) in results for rt in RUNTIMES):
            continue
        row = f"| {desc} (`{name.split('.')[1]}`) |"
        for rt in RUNTIMES:
            r = results.get((name, rt, None))
            f = results.get((floor, rt, None)) if floor else None
            ns = ns_per_op(r) if r else None
            row += f" {fmt_ns(ns)} {err_pct(r) if r else ''} | {fmt_ns(ns - ns_per_op(f)) if ns is not None and f else ''} |"
        out.append(row)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json", nargs="+")
    ap.add_argument("--c", nargs="*", default=[], help="bench/c/build/results-*.md")
    args = ap.parse_args()
    results = load(args.json)
    c = load_c(args.c)
    lines = []
    for part in (single_thread(results, c), conversions(results), contention(results, c), latency(results),
                 lifecycle(results), spring_gil(results), spring_startup(results), callbacks(results),
                 disturbed(load_interference(args.json))):
        if len(part) > 4:
            lines += part + [""]
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
