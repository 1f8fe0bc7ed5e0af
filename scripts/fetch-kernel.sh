#!/usr/bin/env bash
# Fetches the Debian kernel package that linux-image-amd64 points at, without installing it, and unpacks it
# into a cache folder. Prints the unpacked root (which holds boot/vmlinuz-* and lib/modules/<version>/).
# Used by the initramfs builder's tests, the capture recorder and the end-to-end boots.
# PXE_CACHE overrides the cache folder (default /var/cache/pxe).
set -euo pipefail
cache=${PXE_CACHE:-/var/cache/pxe}/kernel
mkdir -p "$cache"

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
  apt-get update -qq
  pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
fi
[ -n "$pkg" ] || { echo "fetch-kernel: cannot resolve linux-image-amd64" >&2; exit 1; }

root="$cache/$pkg"
if [ ! -f "$root/.unpacked" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq "$pkg" >&2)
  rm -rf "$root"
  mkdir -p "$root"
  dpkg -x "$tmp"/"$pkg"_*.deb "$root"
  touch "$root/.unpacked"
fi
echo "$root"
