#!/bin/bash
# How this folder was made (run from the repository's root, gateway built with -Dprod, bench/ built): the memory phase
# of the plain gateway at 50 and 300 flows in flight, and beside it, every ~6 s, the gateway's in-flight gauge and
# `jmap -histo:live` (a full collection and a class histogram at one safepoint).
OUT=${1:-bench-side-by-side}
mkdir -p "$OUT"
BENCH_SKIP_BUILD=1 bench/run.sh --phases memory --targets gateway --heap-concurrency 50,300 --b-concurrency 300 \
  --warmup 30:30,60:30,90:30 --warmup-settle-max-s 120 --results "$OUT/res" > "$OUT/run.log" 2>&1 &
B=$!
until grep -q 'settled' "$OUT/run.log"; do sleep 2; kill -0 $B 2>/dev/null || exit 1; done
i=0
while kill -0 $B 2>/dev/null; do
  pid=$(pgrep -f 'quarkus-run.jar' | head -1)
  port=$(tr ' ' '\n' < bench/target/bench-run/gateway-memory-command.txt 2>/dev/null | sed -n 's/-Dquarkus.http.port=//p')
  if [ -n "$pid" ] && [ -n "$port" ]; then
    f=$(curl -s --max-time 2 "http://127.0.0.1:$port/q/metrics" | awk '/^gateway_http_in_flight/ {print $2}')
    i=$((i+1))
    echo "$(date +%T) n=$i inflight=$f" >> "$OUT/samples.txt"
    jmap -histo:live "$pid" > "$OUT/histo-$i-$f.txt" 2>/dev/null
  fi
  sleep 6
done
