#!/usr/bin/env bash
# Ready time and CPU until ready of the production build, with and without its AppCDS archive, in interleaved pairs:
# one pinned core and the image's flags as in bench/run.sh, Redis up, CloudBase/SMS settings that are never called.
# Usage: bench/ready-pairs.sh <quarkus-app dir> <app-cds.jsa made for it> [pairs, default 8] [core, default 1]
# Prints one line per start: archive yes|no, ms from exec to the first 200 on /q/health/ready, process CPU ms until then.
set -euo pipefail
app=$(realpath "$1"); archive=$(realpath "$2"); pairs=${3:-8}; core=${4:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes > /dev/null
trap 'redis-cli -p "$redis_port" shutdown nosave > /dev/null 2>&1 || true' EXIT
settings=(-Dquarkus.profile=prod -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_port"
  -Dquarkus.redis.hosts=redis://127.0.0.1:"$redis_port" -Dgateway.cloudbase.url=http://127.0.0.1:9 -Dgateway.cloudbase.env-id=pairs-env
  -Dgateway.cloudbase.directory=http -Dgateway.cloudbase.secret-id=AKIDpairs -Dgateway.cloudbase.secret-key=pairs-cloudbase-secret-key
  -Dgateway.flow.code-hmac-key=pairs-only-code-hmac-key-0123456789abcdef -Dgateway.sms.endpoint=http://127.0.0.1:9/
  -Dgateway.sms.secret-id=AKIDpairs -Dgateway.sms.secret-key=pairs-secret-key -Dgateway.sms.sdk-app-id=1400000000
  -Dgateway.sms.template-id=100000 -Dgateway.sms.sign-name=Pairs -Dquarkus.mailer.host=smtp.pairs.invalid
  -Dquarkus.mailer.from=no-reply@pairs.invalid)
one() {
  local flag=() start end ticks pid
  [[ $1 == yes ]] && flag=(-XX:SharedArchiveFile="$archive")
  start=$(date +%s%N)
  taskset -c "$core" java -XX:ActiveProcessorCount=1 -XX:MaxRAM=512m @"$root/src/main/docker/jvm.args" "${flag[@]}" "${settings[@]}" \
    -jar "$app/quarkus-run.jar" > /dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$http_port/q/health/ready" > /dev/null 2>&1; do sleep 0.005; done
  end=$(date +%s%N)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$1 $(( (end - start) / 1000000 )) $(( ticks * 1000 / $(getconf CLK_TCK) ))"
  kill "$pid"; wait "$pid" 2> /dev/null || true
}
for ((i = 0; i < pairs; i++)); do one yes; one no; done
