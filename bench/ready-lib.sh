# Shared by bench/ready-pairs.sh and bench/ready-variants.sh (sourced, not run): a Redis for the gateway to be ready
# against, the production settings of a start that never calls an upstream, and one start measured until ready.
# Needs $core (the CPU to pin the gateway to) and $app (the quarkus-app directory) set by the caller; JAVA=<bin/java>
# (default: java on PATH) is the JVM, the image's Java 25 for its AOT cache.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
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

# start_once <label> [JVM flag ...]: one start pinned to $core with the image's flags and native library path plus these; prints the label, ms
# from exec to the first 200 on /q/health/ready and the process's CPU ms until then, then stops it.
start_once() {
  local label=$1 start end ticks pid
  shift
  start=$(date +%s%N)
  taskset -c "$core" "${JAVA:-java}" -XX:ActiveProcessorCount=1 -XX:MaxRAM=512m -Djava.library.path="$app/native" @"$root/src/main/docker/jvm.args" "$@" "${settings[@]}" \
    -jar "$app/quarkus-run.jar" > /dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$http_port/q/health/ready" > /dev/null 2>&1; do sleep 0.005; done
  end=$(date +%s%N)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$label $(( (end - start) / 1000000 )) $(( ticks * 1000 / $(getconf CLK_TCK) ))"
  kill "$pid"; wait "$pid" 2> /dev/null || true
}
