#!/usr/bin/env bash
# Writes the AOT cache for a packaged gateway the way the image build does: src/main/docker/Dockerfile.jvm's training
# start (its exec-form RUN, read from the file; aot-training.args with it), its /deployments paths mapped to the
# quarkus-app directory, on one pinned core as the pod starts. For bench/ready-pairs.sh and bench/ready-variants.sh;
# bench/run.sh makes its own the same way (Targets.aotCache).
# Usage: JAVA=<Java 25 bin/java> bench/aot-cache.sh <quarkus-app dir> <cache file to write> [core, default 1]
set -euo pipefail
app=$(realpath "$1"); cache=$(realpath -m "$2"); core=${3:-1}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args=$(mktemp)
trap 'rm -f "$args"' EXIT
map="s|/deployments/app.aot|$cache|g; s|/deployments/jvm.args|$root/src/main/docker/jvm.args|g; s|/deployments/aot-training.args|$args|g;
  s|/deployments/quarkus-run.jar|$app/quarkus-run.jar|g; s|/deployments/native|$app/native|g"
sed "$map" "$root/src/main/docker/aot-training.args" > "$args"
# the RUN's arguments after its "java", one per line, paths mapped
mapfile -t run < <(python3 -c 'import json, sys
for line in open(sys.argv[1]):
    if line.startswith("RUN ["):
        print("\n".join(json.loads(line[4:])[1:]))
        break' "$root/src/main/docker/Dockerfile.jvm" | sed "$map")
taskset -c "$core" "${JAVA:-java}" -XX:ActiveProcessorCount=1 -XX:MaxRAM=512m "${run[@]}" > "$cache.training.log" 2>&1
echo "wrote $cache (training start's output: $cache.training.log)"
