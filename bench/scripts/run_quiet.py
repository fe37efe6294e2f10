#!/usr/bin/env python3
"""Runs the JMH suite one fork at a time on a shared machine, and keeps only runs that other processes left alone.

    python3 bench/scripts/run_quiet.py [--profile full|medium|quick] [--runtimes EMBEDDED,SYSTEM] [--java PATH]
                                       [--param NAME=V1,V2 ...] [--jmh-args "..."]
                                       [--out bench/results/NAME.json] [--max-attempts 4] [--threshold 5]
                                       [REGEX]

For every benchmark x parameter combination: wait until the CPUs are idle, run that one fork, and measure how much
CPU time processes *other than this run* used meanwhile ("interference", % of all CPUs over the run's wall time).
Above --threshold percent the run is repeated (up to --max-attempts; the least disturbed attempt is kept). The
merged JMH JSON goes to --out, the interference of every kept run to OUT.interference.tsv. Linux only (/proc).

Running it again with the same --out resumes: runs already kept below the threshold are skipped, the others are
tried again and replaced only by a less disturbed attempt. So on a busy shared machine, repeat it until the
interference column is low everywhere (or accept and report what it says).
"""
import argparse
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "target", "benchmarks.jar")
PROFILES = {
    "full": ["-f", "1", "-wi", "3", "-w", "1s", "-i", "5", "-r", "1s"],
    # shorter forks fit better into the idle gaps of a shared machine; the median of 6 iterations is reported
    "medium": ["-f", "1", "-wi", "3", "-w", "500ms", "-i", "6", "-r", "500ms"],
    "quick": ["-f", "1", "-wi", "1", "-w", "500ms", "-i", "2", "-r", "500ms"],
}
NCPU = os.cpu_count()
HZ = os.sysconf("SC_CLK_TCK")


def cpu_busy_seconds():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    idle = v[3] + v[4]
    return (sum(v) - idle) / HZ


def idle_pct(seconds=1.0):
    a = cpu_busy_seconds()
    time.sleep(seconds)
    return 100 * (cpu_busy_seconds() - a) / (seconds * NCPU)


def wait_idle(limit_s, quiet_pct=10, needed=2):
    """Waits until `needed` consecutive 1 s samples are below quiet_pct busy, or limit_s passed."""
    deadline = time.time() + limit_s
    ok = 0
    while time.time() < deadline:
        ok = ok + 1 if idle_pct() < quiet_pct else 0
        if ok >= needed:
            return True
    return False


def list_benchmarks(java, regex):
    out = subprocess.run([java, "-jar", JAR, "-lp", regex], capture_output=True, text=True, check=True).stdout
    benches = []
    for line in out.splitlines():
        if line.startswith("dev."):
            benches.append((line.strip(), {}))
        m = re.match(r'\s+param "(\w+)" = \{(.*)\}', line)
        if m and benches:
            benches[-1][1][m.group(1)] = [v.strip() for v in m.group(2).split(",")]
    return benches


def run_one(java, bench, params, timing):
    """Runs one fork; returns (results, interference %, wall s)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        path = tmp.name
    cmd = [java, "-jar", JAR, "^" + re.escape(bench) + "$", *timing, "-rf", "json", "-rff", path]
    for k, v in params.items():
        cmd += ["-p", f"{k}={v}"]
    while True:
        before_children = os.times()
        busy0 = cpu_busy_seconds()
        t0 = time.time()
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wall = time.time() - t0
        busy = cpu_busy_seconds() - busy0
        after_children = os.times()
        if "Unable to acquire the JMH lock" not in proc.stdout:
            break
        # another JMH run (someone else's) holds /tmp/jmh.lock: never measure beside it, wait for it to end
        time.sleep(10)
        wait_idle(60)
    ours = (after_children.children_user - before_children.children_user) + \
           (after_children.children_system - before_children.children_system)
    interference = max(0.0, 100 * (busy - ours) / (wall * NCPU))
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:])
        raise SystemExit(f"run_quiet: {bench} {params} failed (exit {proc.returncode})")
    with open(path) as f:
        results = json.load(f)
    os.unlink(path)
    return results, interference, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("regex", nargs="?", default=".*")
    ap.add_argument("--profile", default="full", choices=PROFILES)
    ap.add_argument("--runtimes", default="EMBEDDED,SYSTEM")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=V1,V2",
                    help="the values of a benchmark @Param to run (instead of its declared ones); repeatable")
    ap.add_argument("--java", default="java")
    ap.add_argument("--jmh-args", default="", help="more JMH arguments, shell-quoted, e.g. \"-jvmArgsAppend '-Xmx2g -Dx=y'\"")
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-attempts", type=int, default=4)
    ap.add_argument("--threshold", type=float, default=5.0, help="max interference in %% of all CPUs")
    ap.add_argument("--wait", type=float, default=300, help="max seconds to wait for idle CPUs before each attempt")
    args = ap.parse_args()

    timing = PROFILES[args.profile] + shlex.split(args.jmh_args)
    kept = load_kept(args.out)
    runs = []
    for bench, params in list_benchmarks(args.java, args.regex):
        if "runtime" in params:
            params["runtime"] = args.runtimes.split(",")
        for override in args.param:
            name, values = override.split("=", 1)
            if name in params:
                params[name] = values.split(",")
        keys = sorted(params)
        for combo in itertools.product(*(params[k] for k in keys)):
            runs.append((bench, dict(zip(keys, combo))))
    print(f"run_quiet: {len(runs)} runs, profile {args.profile}", flush=True)
    for n, (bench, params) in enumerate(runs, 1):
        key = (bench, json.dumps(params, sort_keys=True))
        best = kept.get(key)
        if best is not None and best[1] <= args.threshold:
            continue
        for attempt in range(1, args.max_attempts + 1):
            waited = time.time()
            wait_idle(args.wait)
            results, interference, wall = run_one(args.java, bench, params, timing)
            print(f"[{n}/{len(runs)}] {bench.split('.', 3)[-1]} {params} attempt {attempt}: "
                  f"{wall:.0f} s, interference {interference:.1f}% (waited {time.time() - waited - wall:.0f} s)",
                  flush=True)
            if best is None or interference < best[1]:
                best = (results, interference, time.strftime("%Y-%m-%dT%H:%M:%S"))
            if interference <= args.threshold:
                break
        kept[key] = best
        save_kept(args.out, kept)
    print(f"run_quiet: wrote {args.out}", flush=True)


def load_kept(out):
    """{(benchmark, params json): (results, interference, when)} from an earlier invocation."""
    if not (os.path.exists(out) and os.path.exists(out + ".interference.tsv")):
        return {}
    with open(out) as f:
        results = json.load(f)
    kept = {}
    with open(out + ".interference.tsv") as f:
        next(f)
        for line in f:
            bench, params, pct, when = line.rstrip("\n").split("\t")
            p = json.loads(params)
            mine = [r for r in results if r["benchmark"] == bench and r.get("params", {}) == p]
            if mine:
                kept[(bench, json.dumps(p, sort_keys=True))] = (mine, float(pct), when)
    return kept


def save_kept(out, kept):
    with open(out, "w") as f:
        json.dump([r for results, _, _ in kept.values() for r in results], f, indent=1)
    with open(out + ".interference.tsv", "w") as f:
        f.write("benchmark\tparams\tinterference_pct\twhen\n")
        for (bench, params), (_, pct, when) in kept.items():
            f.write(f"{bench}\t{params}\t{pct:.1f}\t{when}\n")


if __name__ == "__main__":
    main()
