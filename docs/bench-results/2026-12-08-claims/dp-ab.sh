#!/bin/bash
# M=K|S R=rounds: alternating DataParallel 2-thread inference (256 images) of /tmp/base and /work/main
N="node --experimental-wasm-relaxed-simd --import tsx"
for r in $(seq ${R:-6}); do
  at=$(( $(date +%s%3N) + 4000 )); a=$(cd /tmp/base && $N /tmp/base/scratch-dp-one.mts $at)
  at=$(( $(date +%s%3N) + 4000 )); b=$(cd /work/main && $N /work/main/scratch-dp-one.mts $at)
  echo "$a $b" | awk '{printf "base %d work %d  x%.3f\n", $1, $2, $2/$1}'
done
