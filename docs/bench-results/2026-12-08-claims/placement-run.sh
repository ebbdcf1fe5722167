#!/bin/bash
cd /work/main
M=S REPS=6000 node --experimental-wasm-relaxed-simd --import tsx scratch/dpt2.mts > /tmp/pin1.txt 2>&1 &
sleep 4
P=$(pgrep -f "scratch/dpt2.mts" | head -1)
W=$(for t in /proc/$P/task/*; do echo "${t##*/} $(awk '{print $14+$15}' $t/stat)"; done | sort -k2 -n -r | sed -n 2p | cut -d' ' -f1)
echo "main $P worker $W (of $(pgrep -fc scratch/dpt2.mts) dpt2 processes)"
for i in 1 2 3 4 5 6; do python3 /tmp/placement.py $P $P $W 2; done
kill $P; wait
grep step /tmp/pin1.txt
