#!/bin/sh
# /init of the kernel-client test. Kernel command line: nfsserver=IP nfsexport=PATH guestip=IP mountproto=tcp|udp (first mount)
# Mounts over TCP (MOUNT over mountproto), runs the file-system workload, prints WAITING while the host restarts
# the server, then goes on through the old handles, remounts and verifies everything. Markers: "NFSTEST ...".
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko; done
for kv in $(cat /proc/cmdline); do case "$kv" in nfsserver=*|nfsexport=*|mountproto=*|guestip=*) eval "$kv";; esac; done
ip link set lo up
ip addr add "$guestip/24" dev eth0
ip link set eth0 up
sleep 1
say() { echo "NFSTEST $*"; }
fail() { say "FAIL $*"; sync; poweroff -f; }
mount -t nfs -o vers=3,proto=tcp,mountproto=$mountproto,nolock,addr=$nfsserver "$nfsserver:$nfsexport" /mnt || fail "mount"
say "MOUNTED $mountproto"
if true; then
  # copy a tree out of the server and checksum it
  (cd /mnt/seed && find . -type f | sort | while read f; do sha256sum "$f"; done) > /tmp/seed.sum || fail "read seed"
  say "SEEDFILES $(wc -l < /tmp/seed.sum)"
  # copy it back in, under work/
  mkdir -p /mnt/work || fail "mkdir"
  cp -r /mnt/seed /mnt/work/copy || fail "cp in"
  (cd /mnt/work/copy && find . -type f | sort | while read f; do sha256sum "$f"; done) > /tmp/copy.sum
  cmp /tmp/seed.sum /tmp/copy.sum || fail "copy differs"
  say "COPY OK"
  mv /mnt/work/copy /mnt/work/renamed || fail "rename"
  ln -s renamed/a.txt /mnt/work/link || fail "symlink"
  [ "$(readlink /mnt/work/link)" = "renamed/a.txt" ] || fail "readlink"
  ln /mnt/work/renamed/a.txt /mnt/work/hard || fail "hard link"
  [ "$(stat -c %h /mnt/work/hard)" = 2 ] || fail "nlink"
  mknod /mnt/work/null c 1 3 || fail "mknod"
  [ "$(stat -c %t:%T /mnt/work/null)" = "1:3" ] || fail "rdev $(stat -c %t:%T /mnt/work/null)"
  mkfifo /mnt/work/fifo 2>/dev/null || mknod /mnt/work/fifo p || fail "fifo"
  echo data > /mnt/work/perm && chmod 640 /mnt/work/perm && chown 1234:5678 /mnt/work/perm || fail "chmod/chown"
  [ "$(stat -c %a:%u:%g /mnt/work/perm)" = "640:1234:5678" ] || fail "perm $(stat -c %a:%u:%g /mnt/work/perm)"
  dd if=/dev/urandom of=/mnt/work/big bs=1M count=24 2>/dev/null || fail "big write"
  truncate -s 5000000 /mnt/work/big || fail "truncate"
  [ "$(stat -c %s /mnt/work/big)" = 5000000 ] || fail "size"
  sha256sum /mnt/work/big | cut -d' ' -f1 > /tmp/big.sum
  say "BIGSUM $(cat /tmp/big.sum)"
  rm /mnt/work/hard || fail "rm"
  mkdir /mnt/work/gone && rmdir /mnt/work/gone || fail "rmdir"
  sync
  exec 3< /mnt/work/renamed/a.txt
  say "WAITING"
  # the host restarts the server now; everything below goes through handles issued before the restart
  sleep 4
  [ "$(cat /mnt/work/renamed/a.txt)" = "$(cat /mnt/seed/a.txt)" ] || fail "old handle read"
  [ "$(cat <&3)" = "$(cat /mnt/seed/a.txt)" ] || fail "open file after restart"
  [ "$(sha256sum /mnt/work/big | cut -d' ' -f1)" = "$(cat /tmp/big.sum)" ] || fail "big after restart"
  echo more > /mnt/work/after-restart || fail "write after restart"
  say "OLD HANDLES OK"
  exec 3<&-
  umount /mnt || fail "umount"
  # the second mount asks MOUNT over UDP (the kernel has no NFS over UDP: CONFIG_NFS_DISABLE_UDP_SUPPORT)
  mount -t nfs -o vers=3,proto=tcp,mountproto=udp,nolock,addr=$nfsserver "$nfsserver:$nfsexport" /mnt || fail "remount"
  say "MOUNTED udp"
  [ -f /mnt/work/renamed/a.txt ] || fail "renamed missing"
  [ "$(readlink /mnt/work/link)" = "renamed/a.txt" ] || fail "link missing"
  [ "$(stat -c %a:%u:%g /mnt/work/perm)" = "640:1234:5678" ] || fail "perm lost"
  [ "$(cat /mnt/work/after-restart)" = more ] || fail "after-restart"
  (cd /mnt/work/renamed && find . -type f | sort | while read f; do sha256sum "$f"; done) > /tmp/again.sum
  cmp /tmp/seed.sum /tmp/again.sum || fail "tree differs after remount"
  say "REMOUNT OK"
fi
umount /mnt
sync
poweroff -f
