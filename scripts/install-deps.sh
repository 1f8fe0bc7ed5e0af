#!/usr/bin/env bash
# Installs every Debian package the build, the tests, the capture recorder and the benchmarks need.
# Idempotent: packages already present are skipped, so a warm machine pays only for the dpkg query.
# Add a package here (one per line, sorted) when a test starts driving a new real peer.
# `install-deps.sh demo` installs only what `pxe demo` needs (QEMU, the iPXE ROMs, static busybox).
set -euo pipefail

packages=(
  atftp
  bash
  bc
  busybox-static
  chromium
  cpio
  curl
  dnsmasq
  e2fsprogs
  gcc
  gzip
  iproute2
  iptables
  ipxe
  ipxe-qemu
  isc-dhcp-client
  kea-admin
  kea-dhcp4-server
  libnetfilter-queue-dev
  libnfs-utils
  libpcap0.8
  nfs-common
  nfs-ganesha
  nfs-ganesha-vfs
  nftables
  ovmf
  procps
  psmisc
  qemu-system-x86
  rpcbind
  shellcheck
  squashfs-tools
  tcpdump
  tftp-hpa
  tftpd-hpa
  tmux
  tshark
  udhcpc
  xz-utils
  zstd
)

if [ "${1:-}" = demo ]; then
  packages=(busybox-static iproute2 ipxe ipxe-qemu ovmf qemu-system-x86)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}; run as root (or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer once, non-interactively.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  # Services from these packages must not start on the host: tests start their own copies in namespaces.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1; fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
fi

# Daemons that a package may have started anyway would hold ports 67/69/111/2049 on the host.
for svc in dnsmasq tftpd-hpa rpcbind nfs-ganesha kea-dhcp4-server; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
done
pkill -x dnsmasq 2>/dev/null || true
pkill -x in.tftpd 2>/dev/null || true
pkill -x rpcbind 2>/dev/null || true
pkill -x ganesha.nfsd 2>/dev/null || true
exit 0
