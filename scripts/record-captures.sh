#!/usr/bin/env bash
# Re-records the real-capture corpus that the protocol tests replay (issue 7).
#
#   scripts/record-captures.sh [dhcp|tftp|rpc|all]     (default: all; needs root and scripts/install-deps.sh)
#
# Everything runs inside two private network namespaces created here ("capsrv" holds the servers on bridge
# br0 = 10.77.0.1/24 plus a tap for QEMU; "capcli" holds the command-line clients on eth0, MAC
# 02:00:00:77:00:10, 10.77.0.10/24 when a client needs a fixed address). Nothing touches the host's network.
# tcpdump captures on br0 inside capsrv (-s 0, UDP and TCP only), one pcap per scenario, written to
#   tests/Pxe.Dhcp.Tests/TestData/*.pcap   DHCP from udhcpc, dhclient and firmware (SeaBIOS+iPXE, OVMF) vs dnsmasq
#   tests/Pxe.Tftp.Tests/TestData/*.pcap   TFTP from curl, tftp-hpa, atftp and the firmware vs tftpd-hpa / dnsmasq
#   tests/Pxe.Nfs.Tests/TestData/*.pcap    ONC-RPC from rpcinfo, showmount, libnfs and the Linux kernel client
#                                          vs rpcbind + nfs-ganesha (FSAL VFS)
# Each folder's CAPTURES.md describes every file. Fixed MACs, addresses and file contents make the captures
# reproducible apart from timestamps, transaction ids, ports and sequence numbers. Keep file names stable:
# other tests load them by name, and the protocol test projects keep golden decodes of them (re-recording means
# regenerating those with PXE_UPDATE_GOLDEN=1). Takes about 6 minutes for `all` (four TCG VM boots).
# Tests of the corpus: tests/Pxe.Testing.Tests (dotnet test tests/Pxe.Testing.Tests --filter Category=Pcap).
#
# Every namespace, daemon and VM started here is removed on exit, including on failure (trap).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
conf=$here/capture
what=${1:-all}
case $what in dhcp|tftp|rpc|all) ;; *) echo "usage: $0 [dhcp|tftp|rpc|all]" >&2; exit 2 ;; esac

SRV=${CAP_SRV:-capsrv}
CLI=${CAP_CLI:-capcli}
case "$SRV$CLI" in cap*cap*) ;; *) echo "namespace names must start with cap" >&2; exit 2 ;; esac
SRV_IP=10.77.0.1
CLI_IP=10.77.0.10
CLI_MAC=02:00:00:77:00:10
VM_MAC=52:54:00:77:00:20
# CAPTURE_OUT=DIR writes DIR/{Dhcp,Tftp,Nfs}/*.pcap instead of the TestData folders (to try the recorder without
# replacing the checked-in corpus, whose golden decodes other tests compare against).
if [ -n "${CAPTURE_OUT:-}" ]; then
  DHCP_OUT=$CAPTURE_OUT/Dhcp TFTP_OUT=$CAPTURE_OUT/Tftp NFS_OUT=$CAPTURE_OUT/Nfs
else
  DHCP_OUT=$root/tests/Pxe.Dhcp.Tests/TestData
  TFTP_OUT=$root/tests/Pxe.Tftp.Tests/TestData
  NFS_OUT=$root/tests/Pxe.Nfs.Tests/TestData
fi
work=$(mktemp -d /tmp/pxe-capture.XXXXXX)
chmod 755 "$work"
pids=()
cap_pid=

log() { printf '[record-captures] %s\n' "$*" >&2; }

cleanup() {
  local rc=$?
  set +e
  [ -n "$cap_pid" ] && kill -INT "$cap_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.3
  for ns in "$CLI" $SRV; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns delete "$ns"
    fi
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_srv() { ip netns exec "$SRV" "$@"; }
# run_waitable CMD... : run CMD in the background and wait for it. Bash runs traps only between foreground
# commands; waiting this way lets Ctrl-C or a kill end a long VM run at once, and the cleanup then stops CMD.
run_waitable() { "$@" & local p=$!; pids+=("$p"); wait "$p"; }
in_cli() { ip netns exec "$CLI" "$@"; }

setup_network() {
  for ns in "$SRV" $CLI; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
      ip netns delete "$ns"
    fi
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # No IPv6: iPXE would wait ~13 s for a router advertisement, and the corpus is IPv4.
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  ip -n "$SRV" link add br0 address 02:00:00:77:00:01 type bridge
  ip -n "$SRV" addr add $SRV_IP/24 dev br0
  ip -n "$SRV" link set br0 up
  ip -n "$SRV" link add veth-cli address 02:00:00:77:00:11 type veth peer name eth0 netns "$CLI"
  ip -n "$SRV" link set veth-cli master br0 up
  ip -n "$CLI" link set eth0 address $CLI_MAC up
  ip -n "$SRV" tuntap add dev tap0 mode tap
  ip -n "$SRV" link set tap0 master br0 up
  # Bridge ports forward at once (no STP listening delay).
  ip -n "$SRV" link set br0 type bridge forward_delay 0 stp_state 0
}

cli_address() { ip -n "$CLI" addr flush dev eth0; ip -n "$CLI" addr add $CLI_IP/24 dev eth0; }
cli_no_address() { ip -n "$CLI" addr flush dev eth0; }

# start_bg NAME CMD... : start a daemon in the background, remember its pid.
start_bg() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
}

stop_bg() {
  local name=$1 pid
  eval "pid=\${pid_$name:-}"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  eval "pid_$name="
}

# cap_start FILE [COUNT] : capture UDP and TCP on br0 into FILE, at most COUNT packets. CAP_LINK="-i any" (Linux
# cooked v2) or CAP_LINK="-i any -y LINUX_SLL" (v1) replaces the bridge, for the replay helper's link-type tests.
cap_start() {
  local file=$1 count=${2:-20000} link
  read -r -a link <<<"${CAP_LINK:--i br0}"
  rm -f "$file"
  : >"$work/tcpdump.log"
  ip netns exec "$SRV" tcpdump "${link[@]}" -B 16384 -s 0 -U -n --immediate-mode -Z root -c "$count" -w "$file" 'udp or tcp' >"$work/tcpdump.log" 2>&1 &
  cap_pid=$!
  for _ in $(seq 100); do
    grep -q 'listening on' "$work/tcpdump.log" && return 0
    sleep 0.05
  done
  log "tcpdump did not start: $(cat "$work/tcpdump.log")"
  return 1
}

cap_stop() {
  sleep 0.5
  kill -INT "$cap_pid" 2>/dev/null || true
  wait "$cap_pid" 2>/dev/null || true
  cap_pid=
  log "$(tail -n 3 "$work/tcpdump.log" | grep captured || true) -> ${1:-}"
}

# Deterministic pseudo-random bytes: AES-128-CTR keystream with a fixed key.
fixed_bytes() { head -c "$1" /dev/zero | openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000; }

make_tftp_root() {
  mkdir -p "$work/tftp"
  # 1,000 bytes of text (blksize 8 => 125 blocks), 65,536 bytes (an exact multiple of 512: ends with an empty DATA),
  # the iPXE images the firmware fetches, and the iPXE script.
  { yes 'Pxe capture corpus: small text file for TFTP.' || true; } | head -c 1000 >"$work/tftp/small.txt"
  fixed_bytes 65536 >"$work/tftp/medium.bin"
  cp /usr/lib/ipxe/undionly.kpxe /usr/lib/ipxe/snponly.efi "$work/tftp/"
  cp "$conf/boot.ipxe" "$work/tftp/boot.ipxe"
  chmod -R a+rX "$work/tftp"
}

# ---------------------------------------------------------------------------------------------------- DHCP ---
dnsmasq_dhcp() {
  # dnsmasq as a PXE-aware DHCP server with TFTP (for the firmware): BIOS PXE gets undionly.kpxe, EFI x64 PXE gets
  # snponly.efi, iPXE (option 175 present) gets the script; PXELINUX options 209/210 forced; iPXE told not to wait
  # for proxyDHCP (175.176). No option 43: with PXE discovery control in it, OVMF waits for boot-server discovery.
  start_bg dnsmasq ip netns exec "$SRV" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --user=root \
    --interface=br0 --bind-interfaces --log-facility=- --log-dhcp \
    --dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h --no-ping --dhcp-authoritative \
    --dhcp-leasefile="$work/dnsmasq.leases" \
    --dhcp-match=set:ipxe,175 --dhcp-match=set:efi64,option:client-arch,7 \
    --dhcp-boot=tag:!ipxe,tag:!efi64,undionly.kpxe,,$SRV_IP \
    --dhcp-boot=tag:!ipxe,tag:efi64,snponly.efi,,$SRV_IP \
    --dhcp-boot=tag:ipxe,boot.ipxe,,$SRV_IP \
    --dhcp-option-force=209,pxelinux.cfg/default --dhcp-option-force=210,/pxe/ \
    --dhcp-option=encap:175,176,1 \
    --enable-tftp --tftp-root="$work/tftp"
  sleep 1
}

udhcpc_capture() {
  local name=$1 desc=$2; shift 2
  log "dhcp: $name ($desc)"
  rm -f "$work/dnsmasq.leases"
  cap_start "$DHCP_OUT/$name.pcap" 50
  in_cli timeout 20 udhcpc -i eth0 -f -q -n -t 4 -T 2 -A 1 -s /bin/true "$@" >"$work/udhcpc.log" 2>&1 || { cat "$work/udhcpc.log" >&2; return 1; }
  cap_stop "$name"
}

record_dhcp() {
  make_tftp_root
  cli_no_address
  dnsmasq_dhcp
  udhcpc_capture udhcpc-plain 'busybox udhcpc, default options'
  udhcpc_capture udhcpc-pxe-bios 'PXE vendor class, arch 0' -V PXEClient:Arch:00000:UNDI:002001 -x 0x5d:0000 -x 0x5e:010201
  udhcpc_capture udhcpc-pxe-efi64 'PXE vendor class, arch 7' -V PXEClient:Arch:00007:UNDI:003016 -x 0x5d:0007 -x 0x5e:010310
  udhcpc_capture udhcpc-ipxe-userclass 'user class iPXE' -V PXEClient:Arch:00000:UNDI:002001 -x 0x5d:0000 -x 0x4d:69505845
  udhcpc_capture udhcpc-request-209-210 'asks for options 209 and 210' -O 209 -O 210

  log "dhcp: dhclient-efi64"
  rm -f "$work/dnsmasq.leases"
  cap_start "$DHCP_OUT/dhclient-efi64.pcap" 50
  in_cli timeout 30 dhclient -1 -v -cf "$conf/dhclient.conf" -lf "$work/dhclient.leases" -pf "$work/dhclient.pid" \
    -sf /bin/true eth0 >"$work/dhclient.log" 2>&1 || { cat "$work/dhclient.log" >&2; return 1; }
  in_cli timeout 20 dhclient -r -v -cf "$conf/dhclient.conf" -lf "$work/dhclient.leases" -pf "$work/dhclient.pid" \
    -sf /bin/true eth0 >>"$work/dhclient.log" 2>&1 || true
  cap_stop dhclient-efi64
  cli_no_address

  # Real firmware on the tap: SeaBIOS + the virtio-net iPXE ROM; OVMF + the NIC's iPXE EFI ROM; OVMF's own PXE.
  firmware_capture ipxe-bios 45 -boot n
  cp /usr/share/OVMF/OVMF_VARS.fd "$work/vars.fd"
  firmware_capture ipxe-efi 75 -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
    -drive if=pflash,format=raw,file="$work/vars.fd"
  cp /usr/share/OVMF/OVMF_VARS.fd "$work/vars.fd"
  FIRMWARE_ROMFILE=1 firmware_capture ovmf-pxe 120 -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
    -drive if=pflash,format=raw,file="$work/vars.fd"
  stop_bg dnsmasq
}

# firmware_capture NAME SECONDS QEMU-ARGS... : boot a VM from the network for SECONDS. The iPXE script ends in
# iPXE's shell (Debian's iPXE has no poweroff), so the time limit is what stops the VM; the capture is complete long
# before (the last TFTP ACK comes 15-30 s into the boot).
firmware_capture() {
  local name=$1 seconds=$2; shift 2
  local nic="virtio-net-pci,netdev=n0,mac=$VM_MAC,bootindex=1"
  [ -n "${FIRMWARE_ROMFILE:-}" ] && nic="$nic,romfile="
  log "dhcp+tftp: firmware $name (up to $seconds s)"
  rm -f "$work/dnsmasq.leases"
  cap_start "$work/$name.pcap" 4000
  run_waitable ip netns exec "$SRV" timeout "$seconds" qemu-system-x86_64 -accel tcg -m 256 -nographic -monitor none -serial "file:$work/$name.serial" \
    -no-reboot -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "$nic" "$@" >"$work/$name.qemu" 2>&1 || true
  cap_stop "$name"
  log "  console: $(tr -d '\r' <"$work/$name.serial" | grep -a -E 'iPXE|PXE|poweroff|shell|Boot|Start' | tail -n 6 | tr '\n' '|')"
  # The DHCP folder keeps the whole boot; the TFTP folder gets the same capture without DHCP.
  cp "$work/$name.pcap" "$DHCP_OUT/firmware-$name.pcap"
  tcpdump -Z root -r "$work/$name.pcap" -w "$TFTP_OUT/firmware-$name.pcap" 'not (udp port 67 or udp port 68)' 2>/dev/null
}

# ---------------------------------------------------------------------------------------------------- TFTP ---
tftp_capture() {
  local name=$1; shift
  log "tftp: $name"
  rm -rf "$work/get"; mkdir -p "$work/get"
  cap_start "$TFTP_OUT/$name.pcap"
  (cd "$work/get" && in_cli timeout 30 "$@") >"$work/client.log" 2>&1 || log "  (client exit $?: $(head -c 300 "$work/client.log"))"
  cap_stop "$name"
}

tftp_clients() {
  local server=$1 u="tftp://$SRV_IP"
  tftp_capture "curl-default-$server" curl -sS -o got $u/medium.bin
  tftp_capture "curl-blksize8-$server" curl -sS -o got --tftp-blksize 8 $u/small.txt
  tftp_capture "curl-blksize512-$server" curl -sS -o got --tftp-blksize 512 $u/medium.bin
  tftp_capture "curl-blksize1468-$server" curl -sS -o got --tftp-blksize 1468 $u/medium.bin
  tftp_capture "curl-blksize65464-$server" curl -sS -o got --tftp-blksize 65464 $u/medium.bin
  tftp_capture "curl-no-options-$server" curl -sS -o got --tftp-no-options $u/medium.bin
  tftp_capture "curl-not-found-$server" curl -sS -o got $u/missing.bin
  tftp_capture "tftp-hpa-$server" tftp -m binary $SRV_IP -c get medium.bin got
  tftp_capture "atftp-tsize-$server" atftp --option "tsize 0" -g -r medium.bin -l got $SRV_IP
  tftp_capture "atftp-blksize1468-windowsize16-$server" atftp --option "blksize 1468" --option "windowsize 16" -g -r medium.bin -l got $SRV_IP
  if [ "$server" = hpa ]; then
    # The same transfer seen on every interface of the server namespace (bridge and bridge port: each packet twice).
    CAP_LINK="-i any" tftp_capture "curl-blksize1468-hpa-any-sll2" curl -sS -o got --tftp-blksize 1468 $u/medium.bin
    CAP_LINK="-i any -y LINUX_SLL" tftp_capture "curl-blksize1468-hpa-any-sll" curl -sS -o got --tftp-blksize 1468 $u/medium.bin
  fi
}

record_tftp() {
  make_tftp_root
  cli_address
  start_bg tftpd ip netns exec "$SRV" in.tftpd -L -v -u root -a $SRV_IP:69 -s "$work/tftp"
  sleep 0.5
  tftp_clients hpa
  stop_bg tftpd
  start_bg dnsmasq ip netns exec "$SRV" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --user=root \
    --interface=br0 --bind-interfaces --log-facility=- --enable-tftp --tftp-root="$work/tftp"
  sleep 0.5
  tftp_clients dnsmasq
  stop_bg dnsmasq
}

# ----------------------------------------------------------------------------------------------------- RPC ---
make_export_tree() {
  local t=$work/rpc/tree
  mkdir -p "$t/dir/sub" "$t/empty"
  printf 'hello from the Pxe capture corpus\n' >"$t/hello.txt"
  fixed_bytes 65536 >"$t/data.bin"
  printf 'notes in a subdirectory\n' >"$t/dir/sub/notes.txt"
  { seq 1 2000 || true; } >"$t/dir/numbers.txt"
  ln -s ../hello.txt "$t/dir/link-to-hello"
  touch -d '2024-01-02 03:04:05 UTC' "$t/hello.txt" "$t/data.bin" "$t/dir/sub/notes.txt" "$t/dir/numbers.txt"
  chmod -R a+rX "$t"
}

start_rpc_servers() {
  mkdir -p "$work/rpc/logs"
  make_export_tree
  sed -e "s|@EXPORT@|$work/rpc/export|g" -e "s|@WORK@|$work|g" "$conf/ganesha.conf" >"$work/rpc/ganesha.conf"
  start_bg rpc ip netns exec "$SRV" unshare -m --propagation private sh "$conf/rpc-servers.sh" \
    "$work/rpc/ganesha.conf" "$work/rpc/export" "$work/rpc/tree" "$work/rpc/logs"
  # Ready when ganesha has registered NFS v3 with rpcbind.
  for _ in $(seq 150); do
    if in_cli rpcinfo -p $SRV_IP 2>/dev/null | grep -q ' 100003 *3 *tcp'; then return 0; fi
    sleep 0.2
  done
  log "nfs-ganesha did not come up:"; cat "$work/rpc.log" "$work/rpc/logs/ganesha.log" >&2 || true
  return 1
}

rpc_capture() {
  local name=$1; shift
  log "rpc: $name"
  rm -rf "$work/get"; mkdir -p "$work/get"
  cap_start "$NFS_OUT/$name.pcap"
  (cd "$work/get" && in_cli timeout 60 "$@") >"$work/client.log" 2>&1 || { log "  client failed: $(head -c 600 "$work/client.log")"; return 1; }
  cap_stop "$name"
}

# The kernel's own NFS client: direct kernel boot of the Debian kernel with a busybox initramfs that configures
# eth0 statically, mounts the export over TCP, lists and copies the tree, unmounts and powers off.
make_kernel_initramfs() {
  local kroot=$1 out=$2 ver modroot ir=$work/initramfs m f
  # shellcheck disable=SC2012
  ver=$(basename "$(ls -d "$kroot"/lib/modules/*/ | head -n 1)")
  modroot=$kroot/lib/modules/$ver/kernel
  mkdir -p "$ir"/{bin,dev,proc,sys,mnt,copy,modules}
  cp /bin/busybox "$ir/bin/busybox"
  for m in virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio virtio_pci failover net_failover virtio_net \
           sunrpc netfs fscache grace lockd nfs nfs_acl nfsv3; do
    f=$(find "$modroot" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" -o -name "$m.ko.gz" | head -n 1)
    if [ -z "$f" ]; then log "  (module $m not in this kernel: built in)"; continue; fi
    case $f in
      *.xz) xz -dc "$f" ;; *.zst) zstd -qdc "$f" ;; *.gz) gzip -dc "$f" ;; *) cat "$f" ;;
    esac >"$ir/modules/$m.ko"
    echo "$m" >>"$ir/modules/order"
  done
  cat >"$ir/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in \$(cat /modules/order); do insmod /modules/\$m.ko || echo "insmod \$m failed"; done
ip link set lo up; ip link set eth0 up; ip addr add 10.77.0.20/24 dev eth0
sleep 1
echo CAPTURE: mounting
if mount -t nfs -o vers=3,proto=tcp,mountproto=tcp,nolock,addr=$SRV_IP $SRV_IP:/export /mnt; then
  ls -lR /mnt
  cp -a /mnt/. /copy/ && echo CAPTURE: copied \$(find /copy | wc -l) entries
  md5sum /copy/data.bin /copy/hello.txt
  echo 'written by the kernel client' >/mnt/from-kernel.txt
  umount /mnt
  echo CAPTURE: done
fi
poweroff -f
INIT
  chmod 755 "$ir/init"
  (cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
}

record_rpc() {
  cli_address
  start_rpc_servers
  local u=nfs://$SRV_IP/export
  rpc_capture rpcinfo-dump rpcinfo -p $SRV_IP
  rpc_capture rpcinfo-null-calls sh -c "rpcinfo -t $SRV_IP nfs 3 && rpcinfo -u $SRV_IP mountd 3 && rpcinfo -t $SRV_IP 100005 3"
  rpc_capture showmount-exports showmount -e $SRV_IP
  rpc_capture libnfs-ls-recursive nfs-ls -R "$u"
  rpc_capture libnfs-cat nfs-cat "$u/hello.txt"
  rpc_capture libnfs-cp-read nfs-cp "$u/data.bin" got.bin
  fixed_bytes 20000 >"$work/upload.bin"
  rpc_capture libnfs-cp-write nfs-cp "$work/upload.bin" "$u/uploaded.bin"

  local kroot kernel
  kroot=$("$root/scripts/fetch-kernel.sh")
  # shellcheck disable=SC2012
  kernel=$(ls "$kroot"/boot/vmlinuz-* | head -n 1)
  make_kernel_initramfs "$kroot" "$work/initrd.gz"
  log "rpc: kernel-nfs-client (direct kernel boot, up to 120 s)"
  cap_start "$NFS_OUT/kernel-nfs-client.pcap"
  run_waitable ip netns exec "$SRV" timeout 120 qemu-system-x86_64 -accel tcg -m 256 -nographic -monitor none -no-reboot \
    -serial "file:$work/kernel.serial" -kernel "$kernel" -initrd "$work/initrd.gz" \
    -append "console=ttyS0 panic=-1 loglevel=4" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "virtio-net-pci,netdev=n0,mac=$VM_MAC,romfile=" \
    >"$work/kernel.qemu" 2>&1 || true
  cap_stop kernel-nfs-client
  grep -q 'CAPTURE: done' "$work/kernel.serial" || { log "kernel client did not finish:"; tail -n 40 "$work/kernel.serial" >&2; return 1; }
  grep 'CAPTURE:' "$work/kernel.serial" >&2
  stop_bg rpc
}

mkdir -p "$DHCP_OUT" "$TFTP_OUT" "$NFS_OUT"
setup_network
case $what in
  dhcp) record_dhcp ;;
  tftp) record_tftp ;;
  rpc) record_rpc ;;
  all) record_dhcp; record_tftp; record_rpc ;;
esac
log "done"
