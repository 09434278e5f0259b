#!/usr/bin/env bash
# Writes the AOT cache for a packaged gateway the way the image build does (src/main/docker/Dockerfile.jvm's RUN: the
# training start with jvm.args and aot-training.args, its /deployments paths mapped to the quarkus-app directory), on one
# pinned core as the pod starts. For bench/ready-pairs.sh and bench/ready-variants.sh; bench/run.sh makes its own.
# Usage: JAVA=<Java 25 bin/java> bench/aot-cache.sh <quarkus-app dir> <cache file to write> [core, default 1]
set -euo pipefail
app=$(realpath "$1"); cache=$(realpath -m "$2"); core=${3:-1}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args=$(mktemp)
trap 'rm -f "$args"' EXIT
sed "s|/deployments/native|$app/native|g" "$root/src/main/docker/aot-training.args" > "$args"
taskset -c "$core" "${JAVA:-java}" -XX:ActiveProcessorCount=1 -XX:MaxRAM=512m -XX:AOTCacheOutput="$cache" \
  @"$root/src/main/docker/jvm.args" @"$args" -jar "$app/quarkus-run.jar" > "$cache.training.log" 2>&1
echo "wrote $cache (training start's output: $cache.training.log)"
