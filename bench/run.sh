#!/usr/bin/env bash
# Runs the benchmark suite and writes one run's artefacts to bench/results/ (or --results). Usage, from anywhere:
#   bench/run.sh [--phases ready,capacity,cost,features,memory] [--key value ...]    (bench/run.sh --help lists the options)
# The full default run takes 75 minutes and more on a quiet 2-core machine (BENCHMARKS.md, Commands).
# Needs: the packaged gateway (./mvnw -B -q package -Dprod -DskipTests at the root, the production build), redis-server and taskset on PATH, 2 cores,
# and the image's Java (25) to run the runner and, with it, every program under test: BENCH_JAVA=<its bin/java> when `java` on PATH is older.
# The runner (load driver + simulator) and redis-server run pinned to the harness core (--harness-cpus, default 0); the
# program under test is pinned by the runner to the other one (--target-cpus, default 1).
# Everything listens on 127.0.0.1 only; every child process is stopped by PID, also on failure.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$BENCH"
command -v redis-server >/dev/null || { echo "redis-server is needed: apt-get install -y redis-server" >&2; exit 2; }
command -v taskset >/dev/null || { echo "taskset is needed: apt-get install -y util-linux" >&2; exit 2; }
JAVA="${BENCH_JAVA:-java}"
# the image runs Java 25 with an AOT cache (src/main/docker/Dockerfile.jvm); the targets run on the runner's own java
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ " $* " != *" --help "* ]] && [ "${java_major:-0}" -lt 25 ]; then
  echo "$JAVA is Java ${java_major:-?}; the image runs Java 25: set BENCH_JAVA to a Java 25 bin/java (e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)" >&2
  exit 2
fi
HARNESS_CPUS=0
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --harness-cpus) HARNESS_CPUS="${args[$((i + 1))]}" ;;
    --harness-cpus=*) HARNESS_CPUS="${args[$i]#--harness-cpus=}" ;;
  esac
done
[[ " $* " == *" --help "* ]] || [ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || { echo "no packaged gateway: run ./mvnw -B -q package -Dprod -DskipTests in $ROOT first" >&2; exit 2; }
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  "$ROOT/mvnw" -B -q -f "$BENCH/pom.xml" package
fi
mkdir -p "$BENCH/target/bench-run"
PIDS="$BENCH/target/bench-run/pids"
rm -f "$PIDS"
RUNNER=""
cleanup() {
  # the runner stops its children itself (also on SIGTERM); this stops the runner if run.sh is stopped, then any leftovers
  if [ -n "$RUNNER" ] && kill -0 "$RUNNER" 2>/dev/null; then
    kill "$RUNNER" 2>/dev/null || true
    wait "$RUNNER" 2>/dev/null || true
  fi
  if [ -f "$PIDS" ]; then
    while read -r pid; do
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done < "$PIDS"
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT
taskset -c "$HARNESS_CPUS" "$JAVA" -jar "$BENCH/target/bench.jar" "$@" > >(tee "$BENCH/target/bench-run/runner.log") 2>&1 &
RUNNER=$!
wait "$RUNNER"
