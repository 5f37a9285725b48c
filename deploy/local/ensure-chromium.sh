#!/usr/bin/env bash
# The web tests drive Debian's Chromium (never a downloaded browser) and need a CJK font so that
# screenshots show Chinese. Installs both with apt-get when missing and run as root; otherwise says
# what to run.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-wqy-microhei); fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "  chromium: ready at $CHROMIUM"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "  installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
  [ -x "$CHROMIUM" ] && { echo "  chromium: ready at $CHROMIUM"; exit 0; }
fi
echo "  missing: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}   (or set CHROMIUM_PATH to a Chromium binary)" >&2
exit 1
