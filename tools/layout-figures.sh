#!/usr/bin/env bash
# The layout figures of pyembed-core (issue 16): source files per package, the largest files, and the class
# dependencies from the internal packages back to the API package. Run from the repository root after a build
# (`./mvnw -q -pl core package -DskipTests`); jdeps comes from $JAVA_HOME (JDK 22+ reads the multi-release classes).
set -euo pipefail
cd "$(dirname "$0")/.."
src=core/src/main
echo "source files per package:"
find "$src/java" "$src/java22" -name '*.java' ! -name package-info.java \
  | sed -E "s|^$src/java(22)?/||; s|/[^/]*$||; s|/|.|g" | sort | uniq -c
echo "package-private top-level types in the API package (machinery):" \
  "$(grep -L -E '^public .*(class|interface|enum|record) ' "$src"/java/dev/pyembed/*.java | grep -vc package-info || true)"
echo "largest source files (lines):"
find "$src/java" "$src/java22" -name '*.java' -exec wc -l {} + | grep -v ' total$' | sort -rn | head -5 \
  | sed -E "s|$src/java(22)?/||"
jdeps=${JAVA_HOME:+$JAVA_HOME/bin/}jdeps
if [ -d core/target/classes/dev ] && command -v "$jdeps" >/dev/null; then
  edges=$("$jdeps" -verbose:class -filter:none core/target/classes/dev 2>/dev/null \
    | awk '$1 ~ /^dev\.pyembed\.internal\./ && $3 ~ /^dev\.pyembed\.[A-Z]/ {a=$1; b=$3; sub(/\$.*/, "", a); sub(/\$.*/, "", b); print a, b}' | sort -u)
  echo "class dependencies internal -> API package: $(grep -c . <<<"$edges" || true)"
  awk '{split($1, p, "."); print "  dev.pyembed.internal." p[4]}' <<<"$edges" | sort | uniq -c
  echo "API types the C binding and the runtimes use: $(awk '$1 ~ /internal\.(capi|runtime)\./ {print $2}' <<<"$edges" | sort -u | sed 's/.*\.//' | tr '\n' ' ')"
else
  echo "(build core first for the dependency figures)"
fi
