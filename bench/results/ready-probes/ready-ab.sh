#!/usr/bin/env bash
# Ready time, the image's AOT cache trained by a start that ends at once (before) and by one that first answers its own
# probes (after, TrainingProbes), interleaved start by start on one pinned core with the image's flags
# (bench/ready-lib.sh: Redis up, production settings, nothing called upstream). Each cache made by bench/aot-cache.sh
# of its own build.
# Usage: JAVA=<Java 25 bin/java> ready-ab.sh <before quarkus-app> <its AOT cache> <after quarkus-app> <its AOT cache> <rounds>
# Prints one line per start: label, ms from exec to the first 200 on /q/health/ready, process CPU ms until then.
set -euo pipefail
before_app=$(realpath "$1"); before_cache=$(realpath "$2"); after_app=$(realpath "$3"); after_cache=$(realpath "$4"); rounds=$5
core=${CORE:-1}
app=$after_app
# shellcheck source=bench/ready-lib.sh
. "$(dirname "$0")/../../ready-lib.sh"
echo "# variant ready_ms cpu_ms_until_ready"
for ((i = 0; i < rounds; i++)); do
  app=$before_app start_once before -XX:AOTCache="$before_cache"
  app=$after_app start_once after -XX:AOTCache="$after_cache"
done
