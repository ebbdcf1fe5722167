#!/bin/bash
# per 0.5 s: steal ticks of cpu0 and cpu1 (USER_HZ 100), with a timestamp
prev0=0; prev1=0
for i in $(seq ${1:-40}); do
  read -r _ _ _ _ _ _ _ _ s0 _ < <(grep "^cpu0 " /proc/stat); read -r _ _ _ _ _ _ _ _ s1 _ < <(grep "^cpu1 " /proc/stat)
  [ $prev0 -gt 0 ] && echo "$(date +%s.%N | cut -c1-14) steal cpu0 $((s0-prev0)) cpu1 $((s1-prev1))"
  prev0=$s0; prev1=$s1; sleep 0.5
done
