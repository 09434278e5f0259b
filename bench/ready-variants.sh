#!/usr/bin/env bash
# Ready time and CPU until ready of the production build under JVM flag variants, interleaved round by round: the image's
# AOT cache, one pinned core and the image's flags as in bench/ready-pairs.sh, plus each variant's extra flags.
# Usage: JAVA=<Java 25 bin/java> bench/ready-variants.sh <quarkus-app dir> <AOT cache made for it (bench/aot-cache.sh)> <rounds> <label=flags> [...]
#   e.g. bench/ready-variants.sh target/quarkus-app target/app.aot 5 shipped= c1-only=-XX:TieredStopAtLevel=1
# Prints one line per start: label, ms from exec to the first 200 on /q/health/ready, process CPU ms until then.
# CORE=<cpu> pins to another core than 1. With PROFILER=<libasyncProfiler.so> one more start of the first variant
# writes CPU samples until ready (collapsed stacks, itimer) to ready-profile.collapsed in the current directory.
set -euo pipefail
app=$(realpath "$1"); cache=$(realpath "$2"); rounds=$3; shift 3
core=${CORE:-1}
# shellcheck source=bench/ready-lib.sh
. "$(dirname "$0")/ready-lib.sh"
echo "# variant ready_ms cpu_ms_until_ready"
for ((i = 0; i < rounds; i++)); do
  # shellcheck disable=SC2086 # a variant's flags are separate words
  for variant in "$@"; do start_once "${variant%%=*}" -XX:AOTCache="$cache" ${variant#*=}; done
done
if [ -n "${PROFILER:-}" ]; then
  first=$1
  # shellcheck disable=SC2086
  start_once "${first%%=*}+profiler" -XX:AOTCache="$cache" ${first#*=} \
    -agentpath:"$PROFILER"=start,event=itimer,interval=1ms,cstack=vm,collapsed,file="$PWD/ready-profile.collapsed"
fi
