#!/usr/bin/env bash
# Runs the pyembed JMH suite and writes the JSON results plus a markdown summary.
#
#   bash bench/scripts/run.sh [full|quick] [extra JMH args...]
#
#   full  (default) 3 x 1 s warm-up, 5 x 1 s measurement, 1 fork per benchmark: ~17 min on 2 cores
#   quick           1 x 0.5 s warm-up, 2 x 0.5 s measurement: ~6 min, for a smoke run / rough numbers
#
# Environment:
#   JAVA_HOME  the JDK that runs the benchmarks (default: java on PATH)
#   RUNTIMES   comma list for -p runtime=... (default EMBEDDED,SYSTEM)
#   SKIP_BUILD=1  use the existing bench/target/benchmarks.jar
#   OUT        output folder (default bench/results)
#   WAIT_IDLE=N   first wait up to N minutes for the CPUs to be < 10% busy (shared machines)
# Extra arguments go to JMH, e.g. a benchmark regex: bash bench/scripts/run.sh quick 'ScopeBench'
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROFILE="${1:-full}"
shift || true
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
RUNTIMES="${RUNTIMES:-EMBEDDED,SYSTEM}"
OUT="${OUT:-$ROOT/bench/results}"

case "$PROFILE" in
    full) TIMING=(-f 1 -wi 3 -w 1s -i 5 -r 1s) ;;
    quick) TIMING=(-f 1 -wi 1 -w 500ms -i 2 -r 500ms) ;;
    *) echo "usage: $0 [full|quick] [JMH args...]" >&2; exit 2 ;;
esac

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    (cd "$ROOT" && ./mvnw -B -q -pl bench -am package -DskipTests)
fi

# busy share of all CPUs over one second: other processes skew every number here
cpu_busy_pct() {
    local a b total=0 idle i
    read -r -a a < <(grep '^cpu ' /proc/stat)
    sleep 1
    read -r -a b < <(grep '^cpu ' /proc/stat)
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    idle=$(( (b[4] - a[4]) + (b[5] - a[5]) ))
    echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}

if [[ -n "${WAIT_IDLE:-}" ]]; then
    deadline=$(( $(date +%s) + 60 * WAIT_IDLE ))
    while (( $(cpu_busy_pct) > 10 && $(date +%s) < deadline )); do sleep 4; done
fi

JDK_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
STAMP="$(date -u +%Y%m%dT%H%MZ)"
NAME="jdk${JDK_MAJOR}-${PROFILE}-${STAMP}"
mkdir -p "$OUT"
BUSY="$(cpu_busy_pct)"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cpus"
    echo "memory: $(free -g | awk '/^Mem:/{print $2}') GiB"
    echo "kernel: $(uname -r)"
    echo "java: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
    echo "python3 on PATH: $(python3 --version 2>&1 || echo none)"
    echo "profile: $PROFILE ${TIMING[*]}"
    echo "runtimes: $RUNTIMES"
    echo "cpu busy before start: ${BUSY}%"
} | tee "$OUT/$NAME.env"
if (( BUSY > 10 )); then
    echo "run.sh: WARNING: the machine was ${BUSY}% busy just before this run; numbers will be skewed" >&2
fi

"$JAVA" -jar "$ROOT/bench/target/benchmarks.jar" "${TIMING[@]}" -p runtime="$RUNTIMES" \
    -rf json -rff "$OUT/$NAME.json" "$@" 2>&1 | tee "$OUT/$NAME.log"

echo "cpu busy after the run (1 s sample): $(cpu_busy_pct)%" | tee -a "$OUT/$NAME.env"
python3 "$HERE/table.py" "$OUT/$NAME.json" | tee "$OUT/$NAME.md"
echo "run.sh: wrote $OUT/$NAME.{env,log,json,md}" >&2
