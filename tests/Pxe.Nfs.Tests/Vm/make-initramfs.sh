#!/bin/sh
# Builds the initramfs of the kernel-client test: busybox-static, the virtio-net and NFSv3 client modules of the
# Debian kernel (loaded in dependency order; the package ships no modules.dep) and the workload script as /init.
# usage: make-initramfs.sh KERNEL_ROOT INIT_SCRIPT OUTPUT
set -eu
kroot=$1; init=$2; out=$3
ver=$(ls "$kroot/lib/modules" | head -n 1)
mods="$kroot/lib/modules/$ver"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/proc" "$work/sys" "$work/dev" "$work/mnt" "$work/tmp" "$work/lib/modules"
cp /bin/busybox "$work/bin/busybox"
for a in sh mount umount insmod ip mkdir cat echo sync poweroff sleep ls cp rm mv ln mknod chmod chown truncate sha256sum find sort stat dd cmp head wc sed grep tr md5sum touch readlink printf test true uname cut mkfifo; do
  ln -s busybox "$work/bin/$a"
done
for m in virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio virtio_pci failover net_failover virtio_net sunrpc netfs fscache grace lockd nfs_acl nfs nfsv3; do
  f=$(find "$mods" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)
  [ -n "$f" ] || { echo "missing module $m" >&2; exit 1; }
  case "$f" in
    *.xz) xz -dc "$f" > "$work/lib/modules/$m.ko" ;;
    *.zst) zstd -qdc "$f" > "$work/lib/modules/$m.ko" ;;
    *) cp "$f" "$work/lib/modules/$m.ko" ;;
  esac
  echo "$m" >> "$work/lib/modules/order"
done
cp "$init" "$work/init"
chmod 755 "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
