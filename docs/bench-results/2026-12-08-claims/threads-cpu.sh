#!/bin/bash
# per-thread CPU seconds of the renderer over a 3 s window
P=$(pgrep -f "type=renderer" | head -1)
declare -A a
for t in /proc/$P/task/*; do id=${t##*/}; read -r -a s < $t/stat 2>/dev/null; n=$(cat $t/comm); a[$id]="$n ${s[13]} ${s[14]}"; done
T0=$(date +%s.%N); sleep 3; T1=$(date +%s.%N)
for t in /proc/$P/task/*; do id=${t##*/}; read -r -a s < $t/stat 2>/dev/null; set -- ${a[$id]}; [ -z "$1" ] && continue; d=$(( (${s[13]} + ${s[14]}) - ($2 + $3) )); [ $d -gt 0 ] && echo "$1 ($id): $(echo "scale=2; $d / 100 / ($T1 - $T0)" | bc) cores (utime $(( ${s[13]} - $2 )) stime $(( ${s[14]} - $3 )) ticks)"; done
