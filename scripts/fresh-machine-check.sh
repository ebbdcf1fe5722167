#!/usr/bin/env bash
# The fresh-machine check (docs/fresh-machine.md): clones this repository into a temporary folder and runs the
# README's two commands there, `npm install` then `npm test`, with every system Chromium out of reach (empty mounts
# over it in a private mount namespace, so nothing outside this command is touched), then `npm start` to see the
# studio served as a web page. Needs root (unshare -m). Usage: scripts/fresh-machine-check.sh [commit]  (default HEAD)
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=${1:-HEAD}
work=$(mktemp -d /tmp/cnn-studio-fresh-XXXXXX)
git clone -q "$repo" "$work/cnn-studio"
git -C "$work/cnn-studio" checkout -q "$commit"
echo "fresh-machine: clean clone of $(git -C "$work/cnn-studio" rev-parse --short HEAD) in $work/cnn-studio"

export WORK="$work/cnn-studio"
unshare -m --propagation private bash -euo pipefail -c '
  # What a machine without a browser has: no Chromium binary, no Chromium install folder, no Playwright browsers.
  empty=$(mktemp); chmod 0644 "$empty"
  for p in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable \
           /usr/lib/chromium /opt/google/chrome "$HOME/.cache/ms-playwright"; do
    if [ -d "$p" ]; then mount -t tmpfs -o size=1m tmpfs "$p"; echo "fresh-machine: $p is an empty folder here"
    elif [ -e "$p" ]; then mount --bind "$empty" "$p"; echo "fresh-machine: $p is an empty, non-executable file here"; fi
  done
  if command -v chromium >/dev/null 2>&1 && chromium --version >/dev/null 2>&1; then echo "fresh-machine: a system Chromium still runs: $(command -v chromium)"; exit 3; fi
  cd "$WORK"
  t0=$(date +%s)
  npm install --no-audit --no-fund
  t1=$(date +%s); echo "fresh-machine: npm install: exit 0 in $((t1 - t0)) s"
  set +e
  npm test 2>&1 | tee test.log; rc=${PIPESTATUS[0]}
  t2=$(date +%s); echo "fresh-machine: npm test: exit $rc in $((t2 - t1)) s"
  grep -E "^e2e: |Tests .*(passed|failed)|^ +[0-9]+ (passed|failed|skipped|flaky)" test.log | sed "s/\x1b\[[0-9;]*m//g"
  # npm start: where no Electron binary can be had it says so and serves the web page; fetch it, then stop it.
  setsid npm start > start.log 2>&1 & spid=$!; url=""
  for _ in $(seq 1 120); do url=$(grep -o "http://127.0.0.1:[0-9]*/" start.log | head -1); [ -n "$url" ] && break; sleep 1; done
  echo "fresh-machine: npm start printed:"; grep "^start:" start.log || cat start.log
  if [ -n "$url" ] && curl -fsS "$url" | grep -q "<title>"; then echo "fresh-machine: npm start: the studio answers at $url"; else echo "fresh-machine: npm start: no page"; rc=4; fi
  kill -- -"$spid" 2>/dev/null || true
  exit $rc
'
