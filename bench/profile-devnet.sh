#!/usr/bin/env bash
# Profiles a 3-signer devnet under LoadTool with JFR and prints where the CPU went per transaction.
#
#   bench/profile-devnet.sh [--rate 1500] [--duration 30] [--warmup 30] [--port-offset 940] [--out DIR]
#
# 1. starts `amchain devnet` (fresh data directory under DIR, no platform contracts) with
#    -XX:+DebugNonSafepoints so that samples name the inlined method, not the enclosing one;
# 2. warms it with a LoadTool run of --warmup seconds (not recorded: the JIT's first minutes are
#    not what a node that runs for days spends its CPU on);
# 3. starts JFR (settings=profile) in every node with jcmd, runs the measured LoadTool run,
#    dumps the recordings to DIR/node-I.jfr;
# 4. prints JfrBreakdown's table (DIR/summary.md): share of CPU samples and µs per included
#    transaction for each stage, the hot methods and threads.
# Needs node/target/amchain.jar and bench/target/benchmarks.jar
# (mvn -B -q -pl node,bench -am package -DskipTests). Stops the devnet on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate=1500 duration=30 warmup=30 offset=940 out=/tmp/amchain-profile accounts=600
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --port-offset) offset="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --accounts) accounts="$2"; shift 2 ;;
    *) echo "profile-devnet: unknown option $1" >&2; exit 2 ;;
  esac
done
node_jar="$root/node/target/amchain.jar"
bench_jar="$root/bench/target/benchmarks.jar"
for jar in "$node_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "profile-devnet: $jar missing: mvn -B -q -pl node,bench -am package -DskipTests" >&2; exit 2; }
done
data="$out/devnet"
rm -rf "$data" "$out"/node-*.jfr
mkdir -p "$out"

AMCHAIN_NODE_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" \
  java -jar "$node_jar" devnet --datadir "$data" --port-offset "$offset" --no-platform \
  >"$out/devnet.log" 2>&1 &
devnet=$!
stop() {
  kill -TERM "$devnet" 2>/dev/null || true
  wait "$devnet" 2>/dev/null || true
}
trap stop EXIT

rpc=""
for i in 0 1 2; do rpc="$rpc${rpc:+,}http://127.0.0.1:$((8545 + offset + i))"; done
echo "[profile] waiting for the devnet (log: $out/devnet.log)"
for _ in $(seq 1 360); do
  if curl -sf -H 'content-type: application/json' \
      -d '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' \
      "http://127.0.0.1:$((8545 + offset + 2))" >/dev/null 2>&1 \
      && [ -f "$data/node-2/node.pid" ]; then
    break
  fi
  kill -0 "$devnet" 2>/dev/null || { echo "profile-devnet: the devnet stopped" >&2; tail -20 "$out/devnet.log" >&2; exit 1; }
  sleep 0.5
done

load() {
  java -cp "$bench_jar" io.amchain.bench.LoadTool --datadir "$data" --rpc "$rpc" \
    --rate "$rate" --accounts "$accounts" --connections 12 --warmup 0 --duration "$1"
}
echo "[profile] warm-up: $warmup s at $rate/s (not recorded)"
load "$warmup" >"$out/warmup.log"
grep '^\[bench\] \(sustained\|included\)' "$out/warmup.log" || true

for i in 0 1 2; do
  jcmd "$(cat "$data/node-$i/node.pid")" JFR.start name=profile settings=profile >/dev/null
done
echo "[profile] recording: $duration s at $rate/s"
load "$duration" | tee "$out/load.log" | grep '^\[bench\]'
for i in 0 1 2; do
  pid="$(cat "$data/node-$i/node.pid")"
  jcmd "$pid" JFR.dump name=profile filename="$out/node-$i.jfr" >/dev/null
  jcmd "$pid" JFR.stop name=profile >/dev/null
done
included="$(sed -n 's/^\[bench\] included \([0-9]*\) of .*/\1/p' "$out/load.log")"
java -cp "$bench_jar" io.amchain.bench.JfrBreakdown --transactions "${included:-0}" \
  "$out"/node-*.jfr | tee "$out/summary.md"
echo "[profile] load average after: $(cut -d' ' -f1-3 /proc/loadavg); recordings in $out"
