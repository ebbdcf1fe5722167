#!/bin/bash
# M=K|S R=rounds: alternating solo process, two processes at once, DataParallel 2 threads (all img/s)
N="node --experimental-wasm-relaxed-simd --import tsx"
for r in $(seq ${R:-6}); do
  at=$(( $(date +%s%3N) + 2500 )); s=$($N /tmp/one.mts $at)
  at=$(( $(date +%s%3N) + 2500 )); p=$(echo $($N /tmp/one.mts $at & $N /tmp/one.mts $at; wait))
  at=$(( $(date +%s%3N) + 4000 )); d=$($N /tmp/dp-one.mts $at)
  echo "$s $p $d" | awk '{printf "solo %d procs %d (%.2f) dp %d (%.2f) dp/procs %.2f\n", $1, $2+$3, ($2+$3)/$1, $4, $4/$1, $4/($2+$3)}'
done
