#!/usr/bin/env bash
# Ready time and CPU until ready of the production build, with and without its AOT cache, in interleaved pairs:
# one pinned core and the image's flags as in bench/run.sh, Redis up, CloudBase/SMS settings that are never called.
# Usage: JAVA=<Java 25 bin/java> bench/ready-pairs.sh <quarkus-app dir> <AOT cache made for it (bench/aot-cache.sh)> [pairs, default 8] [core, default 1]
# Prints one line per start: cache yes|no, ms from exec to the first 200 on /q/health/ready, process CPU ms until then.
set -euo pipefail
app=$(realpath "$1"); cache=$(realpath "$2"); pairs=${3:-8}; core=${4:-1}
# shellcheck source=bench/ready-lib.sh
. "$(dirname "$0")/ready-lib.sh"
for ((i = 0; i < pairs; i++)); do start_once yes -XX:AOTCache="$cache"; start_once no; done
