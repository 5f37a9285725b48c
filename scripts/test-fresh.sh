#!/usr/bin/env bash
# `npm run test:fresh`: the README's two commands on a machine that has nothing. Builds a minimal
# Debian root (debootstrap), puts this machine's Node.js and npm into it with this machine's npm
# configuration and trusted certificates, clones the repository into it with nothing beside it, and
# runs `npm run platform` (until /health answers and a printed account signs in, then Ctrl-C) and
# `npm test` there — in network, process and mount namespaces of its own, so that no PostgreSQL,
# Redis or NATS of this machine can be seen, with outbound traffic only to the package registries
# this machine uses. Everything it makes is removed at the end, whatever happens. Needs root.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "✗ the fresh-machine test needs root (namespaces, debootstrap, chroot)" >&2; exit 1; }
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SUITE="${FRESH_SUITE:-bookworm}"
MIRROR="${FRESH_MIRROR:-http://deb.debian.org/debian}"
ID="$$"; NS="yxfresh$ID"; VETH="yxf$ID"; NET="10.213.$(( ID % 250 )).";
WORK="$(mktemp -d /tmp/yixiang-fresh.XXXXXX)"; ROOT="$WORK/root"
FORWARD_BEFORE="$(cat /proc/sys/net/ipv4/ip_forward)"
RULES=()
started=$(date +%s)
step() { echo "» $* ($(( $(date +%s) - started )) s since start)"; }

cleanup() {
  local status=$?
  set +e
  step "cleaning up"
  for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$NS" 2>/dev/null
  ip link del "$VETH" 2>/dev/null
  # Each rule taken back as it was added (-A or -I become -D); none may stay behind on the host.
  for rule in "${RULES[@]}"; do rule="${rule/-A /-D }"; eval "iptables ${rule/-I /-D }" 2>/dev/null; done
  if iptables-save 2>/dev/null | grep -q "${NET}0/30"; then echo "✗ firewall rules for ${NET}0/30 were left behind" >&2; status=1; fi
  echo "$FORWARD_BEFORE" > /proc/sys/net/ipv4/ip_forward
  # Mounts live in the test's own mount namespace and went with it; a stray one is undone here.
  grep -o " $ROOT[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf --one-file-system "$WORK"
  [ ! -e "$WORK" ] || echo "✗ could not remove $WORK" >&2
  echo "fresh-machine test: $([ $status = 0 ] && echo passed || echo FAILED) after $(( $(date +%s) - started )) s"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in debootstrap iptables ip unshare chroot; do
  command -v "$tool" >/dev/null && continue
  step "installing $tool's package"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap iptables iproute2 util-linux coreutils >/dev/null
done

step "building a minimal Debian $SUITE root (debootstrap --variant=minbase, $MIRROR)"
debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; exit 1; }

step "adding this machine's Node.js $(node --version) and npm $(npm --version), npm configuration and certificates"
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
mkdir -p "$ROOT$NODE_PREFIX/bin" "$ROOT$NODE_PREFIX/lib" "$ROOT$NODE_PREFIX/include" "$ROOT/etc/ssl/certs" "$ROOT/usr/etc"
cp -a "$NODE_PREFIX/bin/node" "$ROOT$NODE_PREFIX/bin/"
cp -a "$NODE_PREFIX/lib/node_modules" "$ROOT$NODE_PREFIX/lib/"
[ -d "$NODE_PREFIX/include/node" ] && cp -a "$NODE_PREFIX/include/node" "$ROOT$NODE_PREFIX/include/"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT$NODE_PREFIX/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOT$NODE_PREFIX/bin/npx"
for f in /etc/npmrc /usr/etc/npmrc /root/.npmrc "$NODE_PREFIX/etc/npmrc"; do [ -f "$f" ] && mkdir -p "$ROOT$(dirname "$f")" && cp "$f" "$ROOT$f"; done # self-contained: chroot path
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# Packages install without starting services (as in a container image); the project's scripts start them.
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"; chmod +x "$ROOT/usr/sbin/policy-rc.d"

step "cloning the repository into the root, with nothing beside it"
mkdir -p "$ROOT/work"
git clone -q --no-hardlinks "$REPO" "$ROOT/work/yixiang" # self-contained: chroot path
cp "$REPO/scripts/fresh/inside.sh" "$WORK/inside.sh"; cp "$WORK/inside.sh" "$ROOT/work/inside.sh" # self-contained: chroot path

step "a network namespace of its own ($NS), reaching only the package registries"
ip netns add "$NS"
ip link add "$VETH" type veth peer name eth0 netns "$NS"
ip addr add "${NET}1/30" dev "$VETH"; ip link set "$VETH" up
ip netns exec "$NS" ip addr add "${NET}2/30" dev eth0
ip netns exec "$NS" ip link set eth0 up; ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip route add default via "${NET}1"
echo 1 > /proc/sys/net/ipv4/ip_forward
allowed=()
for host in $(grep -oE '^nameserver [0-9.]+' /etc/resolv.conf | awk '{print $2}'); do allowed+=("$host"); done
registry_host="$(npm config get registry | sed -E 's#^[a-z]+://([^/:]+).*#\1#')"
mirror_host="$(echo "$MIRROR" | sed -E 's#^[a-z]+://([^/:]+).*#\1#')"
for host in "$registry_host" "$mirror_host" deb.debian.org; do
  for ip in $(getent ahostsv4 "$host" | awk '{print $1}' | sort -u); do allowed+=("$ip"); done
done
add_rule() { iptables "$@"; RULES+=("$*"); }
add_rule -t nat -A POSTROUTING -s "${NET}0/30" -j MASQUERADE
for ip in $(printf '%s\n' "${allowed[@]}" | sort -u); do
  add_rule -I FORWARD -s "${NET}0/30" -d "$ip" -j ACCEPT
done
add_rule -I FORWARD -d "${NET}0/30" -m state --state ESTABLISHED,RELATED -j ACCEPT
add_rule -A FORWARD -s "${NET}0/30" -j DROP
echo "  outbound allowed to: $(printf '%s ' "${allowed[@]}" | tr ' ' '\n' | sort -u | tr '\n' ' ')"

step "running the two commands inside (own network, process and mount namespaces)"
ip netns exec "$NS" unshare --pid --fork --mount --propagation private bash -c '
  set -e
  ROOT="$1"
  mount -t proc proc "$ROOT/proc"
  mount --rbind /dev "$ROOT/dev"
  mount -t tmpfs -o size=2g tmpfs "$ROOT/dev/shm"
  mount -t tmpfs tmpfs "$ROOT/tmp"
  mount -t sysfs sysfs "$ROOT/sys" || true
  exec chroot "$ROOT" /usr/bin/env -i bash /work/inside.sh # self-contained: chroot path
' fresh "$ROOT"
