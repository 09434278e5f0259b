#!/usr/bin/env bash
# Ready time, the image before and after the change to Java 25 and an AOT cache, interleaved start by start on one
# pinned core with the image's flags (bench/ready-lib.sh: Redis up, production settings, nothing called upstream).
# Usage: OLD_JAVA=<Java 17 bin/java> NEW_JAVA=<Java 25 bin/java> \
#   ready-ab.sh <old quarkus-app (fast-jar)> <its AppCDS archive> <new quarkus-app (aot-jar)> <its AOT cache> <rounds>
# Prints one line per start: label, ms from exec to the first 200 on /q/health/ready, process CPU ms until then.
set -euo pipefail
old_app=$(realpath "$1"); old_archive=$(realpath "$2"); new_app=$(realpath "$3"); new_cache=$(realpath "$4"); rounds=$5
core=${CORE:-1}
app=$new_app
# shellcheck source=bench/ready-lib.sh
. "$(dirname "$0")/../../ready-lib.sh"
echo "# variant ready_ms cpu_ms_until_ready"
for ((i = 0; i < rounds; i++)); do
  app=$old_app JAVA=$OLD_JAVA start_once java17-appcds -XX:SharedArchiveFile="$old_archive"
  app=$new_app JAVA=$NEW_JAVA start_once java25-aot -XX:AOTCache="$new_cache"
  app=$new_app JAVA=$NEW_JAVA start_once java25-no-cache
done
