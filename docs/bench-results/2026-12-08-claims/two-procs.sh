#!/bin/bash
# M=K|S: one process alone, then two at once; each runs one.mts (model.infer(128) for 2 s from a given start)
cd "$(dirname "$0")"
N="node --experimental-wasm-relaxed-simd --import tsx"
for r in 1 2 3; do
  at=$(( $(date +%s%3N) + 2500 )); solo=$($N one.mts $at)
  at=$(( $(date +%s%3N) + 2500 )); a=$($N one.mts $at & $N one.mts $at; wait)
  echo "$M solo $solo two procs" $a
done
