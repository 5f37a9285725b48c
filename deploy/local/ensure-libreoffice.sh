#!/usr/bin/env bash
# The spreadsheet acceptance test opens the exported .xlsx files with LibreOffice headless (Debian's
# libreoffice-calc-nogui, no desktop) and reads them back as CSV. Installs it with apt-get when
# missing and run as root; otherwise says what to run.
set -euo pipefail
SOFFICE="${SOFFICE_PATH:-$(command -v soffice || echo /usr/bin/soffice)}"
if [ -x "$SOFFICE" ]; then
  echo "  libreoffice: ready at $SOFFICE"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "  installing libreoffice-calc-nogui with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-calc-nogui >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-calc-nogui >/dev/null; }
  SOFFICE="$(command -v soffice || echo /usr/bin/soffice)"
  [ -x "$SOFFICE" ] && { echo "  libreoffice: ready at $SOFFICE"; exit 0; }
fi
echo "  missing: libreoffice-calc-nogui. Run: sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui   (or set SOFFICE_PATH to a soffice binary)" >&2
exit 1
