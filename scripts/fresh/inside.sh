#!/usr/bin/env bash
# Runs inside the fresh root (see scripts/test-fresh.sh): the README's two commands on a clone that
# has nothing beside it, on a machine with nothing but Node.js and npm.
set -euo pipefail
export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CI=true
cd /work/yixiang # self-contained: chroot path
elapsed() { echo "  ($(( $(date +%s) - $1 )) s)"; }

echo "» fresh root: npm run platform"
t=$(date +%s)
# In a session of its own, so that Ctrl-C can be sent to its whole process group as a terminal does.
setsid npm run platform > /work/platform.log 2>&1 & # self-contained: chroot path
platform=$!
if ! node scripts/fresh/check-platform.js /work/platform.log 1500; then # self-contained: chroot path
  kill -INT -- "-$platform" 2>/dev/null || true; wait "$platform" || true
  tail -40 /work/platform.log; exit 1 # self-contained: chroot path
fi
elapsed "$t"

echo "» fresh root: Ctrl-C stops the platform"
t=$(date +%s)
kill -INT -- "-$platform"
wait "$platform" || true
sleep 1
left=$(for p in /proc/[0-9]*; do cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null || true); case "$cmd" in *dist/apps/*|*dist/deploy/local/stack/platform*) echo "$cmd";; esac; done)
[ -z "$left" ] || { echo "✗ processes left after Ctrl-C:"; echo "$left"; exit 1; }
elapsed "$t"

echo "» fresh root: npm test"
t=$(date +%s)
npm test
elapsed "$t"
