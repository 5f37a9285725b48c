#!/usr/bin/env bash
# Native modules (argon2, msgpackr-extract, @parcel/watcher) ship prebuilt binaries, but npm falls back
# to compiling them with node-gyp when a prebuilt one does not load — seen on a minimal Debian root,
# where argon2's prebuilt binary failed and there was no Python, make or g++ to build it. So they are
# made sure of before `npm install`: installed with apt-get when we are root, else named exactly.
set -euo pipefail

missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
if [ "${#missing[@]}" = 0 ]; then echo "  build tools: python3, make and g++ present"; exit 0; fi

if [ "$(id -u)" != "0" ]; then
  echo "✗ building native modules needs ${missing[*]}, which this machine lacks. Run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
command -v apt-get >/dev/null || { echo "✗ ${missing[*]} missing and this machine has no apt-get; install them with its package manager" >&2; exit 1; }
echo "  installing ${missing[*]} (to build native modules)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || { echo "✗ apt-get update failed: Debian's package servers could not be reached" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { echo "✗ apt-get install ${missing[*]} failed (see the messages above)" >&2; exit 1; }
