#!/usr/bin/env bash
# Runs the benchmark suite (scenarios A, B, C) and writes bench/results/. Usage, from anywhere:
#   bench/run.sh [--scenarios A,B,C] [--key value ...]        (options: BENCHMARKS.md)
# Needs: the packaged gateway (./mvnw -B -q package -DskipTests at the root) and redis-server on PATH.
# Everything listens on 127.0.0.1 only; every child process is stopped by PID, also on failure.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$BENCH"
command -v redis-server >/dev/null || { echo "redis-server is needed: apt-get install -y redis-server" >&2; exit 2; }
[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || { echo "no packaged gateway: run ./mvnw -B -q package -DskipTests in $ROOT first" >&2; exit 2; }
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  "$ROOT/mvnw" -B -q -f "$BENCH/pom.xml" package
fi
mkdir -p "$BENCH/target/bench-run"
PIDS="$BENCH/target/bench-run/pids"
rm -f "$PIDS"
cleanup() {
  # the runner stops its children itself; this only catches leftovers if the runner itself was killed
  if [ -f "$PIDS" ]; then
    while read -r pid; do
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done < "$PIDS"
  fi
}
trap cleanup EXIT
java -jar "$BENCH/target/bench.jar" "$@" 2>&1 | tee "$BENCH/target/bench-run/runner.log"
