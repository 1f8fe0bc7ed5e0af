#!/usr/bin/env bash
# Side-by-side NFSv3 comparison of `pxe nfs` and nfs-ganesha 4.3 (FSAL VFS) with the same libnfs clients, in one run.
# Each server runs in a private network namespace of its own (same addresses, nothing leaves either), both export the
# same tmpfs tree as /export and both stay up for the whole run; the rounds alternate between them, so a change in the
# machine's load hits both alike and neither pays a restart (nor, for pxe, the JIT's warm-up) more than once.
#   1. sequential read of a 256 MiB file          (nfs-cp into a tmpfs)
#   2. recursive listing of a 10,000-entry dir     (nfs-ls -R: the first after start; the first of each round, when
#      both servers' 60 s attribute caches have expired; and again at once, from warm caches)
#   3. copy of a ~4,000-file root-fs-like tree     (nfs-cp per file, 4 in parallel)
# Prints a Markdown table of wall times and ganesha/pxe ratios (> 1 means pxe is faster).
# Usage: sudo benchmarks/scripts/nfs-compare.sh [ROUNDS]   (needs: nfs-ganesha nfs-ganesha-vfs rpcbind libnfs-utils)
set -euo pipefail
rounds=${1:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
pxe="$repo/samples/Pxe.Host/bin/Release/net10.0/pxe.dll"
[ -f "$pxe" ] || dotnet build "$repo/samples/Pxe.Host" -c Release >/dev/null
ns_ganesha=nfsg$$
ns_pxe=nfsp$$
work=$(mktemp -d /tmp/nfs-compare.XXXXXX)
chmod 755 "$work"
cleanup() {
  for ns in "$ns_ganesha" "$ns_pxe"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
  done
  umount "$work/export" 2>/dev/null || true
  umount "$work/out" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for ns in "$ns_ganesha" "$ns_pxe"; do
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  ip netns exec "$ns" ip link add v0 type veth peer name v1
  ip netns exec "$ns" ip addr add 10.78.0.1/24 dev v0
  ip netns exec "$ns" ip addr add 10.78.0.2/24 dev v1
  ip netns exec "$ns" ip link set v0 up
  ip netns exec "$ns" ip link set v1 up
done
ip=10.78.0.1

# --- the tree (tmpfs: FSAL VFS needs file handles) ---
mkdir -p "$work/export"
mount -t tmpfs -o mode=755,size=1200m tmpfs "$work/export"
mkdir -p "$work/out"
mount -t tmpfs -o mode=755,size=1200m tmpfs "$work/out"
head -c $((256 * 1024 * 1024)) /dev/urandom > "$work/export/big.bin"
mkdir -p "$work/export/many"
(cd "$work/export/many" && seq -f 'entry-%05g' 1 10000 | xargs touch)
mkdir -p "$work/export/rootfs"
python3 - "$work/export/rootfs" <<'PY'
import os, random, sys
random.seed(4000)
root = sys.argv[1]
dirs = [root]
for i in range(250):
    d = os.path.join(random.choice(dirs), f"d{i}")
    os.makedirs(d, exist_ok=True)
    dirs.append(d)
for i in range(4000):
    size = random.choice([0, 100, 700, 2000, 4096, 9000, 30000, 120000])
    with open(os.path.join(random.choice(dirs), f"f{i}"), "wb") as f:
        f.write(os.urandom(size))
PY
(cd "$work/export/rootfs" && find . -type f | sed 's|^\./||' | sort) > "$work/files.txt"
nfiles=$(wc -l < "$work/files.txt")

cat > "$work/ganesha.conf" <<CONF
NFS_CORE_PARAM { Protocols = 3; NFS_Port = 2049; MNT_Port = 20048; Bind_Addr = $ip; Enable_NLM = false; Enable_RQUOTA = false; Mount_Path_Pseudo = true; }
NFS_KRB5 { Active_krb5 = false; }
NFSV4 { Graceless = true; }
EXPORT { Export_Id = 1; Path = $work/export; Pseudo = /export; Protocols = 3; Transports = TCP, UDP; SecType = sys;
         Access_Type = RW; Squash = No_Root_Squash; FSAL { Name = VFS; } CLIENT { Clients = *; Access_Type = RW; } }
LOG { Default_Log_Level = WARN; }
CONF

start_ganesha() {
  ip netns exec "$ns_ganesha" unshare -m --propagation private sh -c "
    mount -t tmpfs tmpfs /run; mkdir -p /run/ganesha /run/rpcbind
    mount -t tmpfs tmpfs /var/lib/nfs; mkdir -p /var/lib/nfs/ganesha
    rpcbind -f -w & sleep 0.3
    exec ganesha.nfsd -F -f $work/ganesha.conf -L $work/ganesha.log -p /run/ganesha/pid" &
}
start_pxe() {
  ip netns exec "$ns_pxe" dotnet "$pxe" nfs --export "$work/export=/export" --read-write --no-root-squash --listen "$ip" > "$work/pxe.log" 2>&1 &
}
wait_ready() { # namespace
  for _ in $(seq 1 100); do
    if ip netns exec "$1" nfs-ls "nfs://$ip/export/?version=3" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "server in $1 did not come up" >&2; exit 1
}
now() { date +%s.%N; }
run() { ip netns exec "$ns" "$@"; }
best() { echo "if ($1 < $2) $1 else $2" | bc; }

declare -A BEST COLD
measure_round() { # server: one round of the three workloads against it, keeping the best times
  local server=$1 t0 t1 d n
  ns=ns_$server; ns=${!ns}
  t0=$(now); run nfs-cp "nfs://$ip/export/big.bin?version=3" "$work/out/big.bin" >/dev/null; t1=$(now)
  cmp -s "$work/export/big.bin" "$work/out/big.bin" || { echo "256 MiB read differs ($server)" >&2; exit 1; }
  rm -f "$work/out/big.bin"
  d=$(echo "$t1 - $t0" | bc); BEST[$server/read]=$(best "$d" "${BEST[$server/read]:-999999}")
  t0=$(now); n=$(run nfs-ls -R "nfs://$ip/export/many?version=3" | wc -l); t1=$(now)
  [ "$n" -ge 10000 ] || { echo "listing returned $n entries ($server)" >&2; exit 1; }
  d=$(echo "$t1 - $t0" | bc); BEST[$server/list]=$(best "$d" "${BEST[$server/list]:-999999}")
  [ -n "${COLD[$server]:-}" ] || COLD[$server]=$d
  # Again at once: both servers now answer from their attribute caches (a round lasts longer than their 60 s).
  t0=$(now); n=$(run nfs-ls -R "nfs://$ip/export/many?version=3" | wc -l); t1=$(now)
  [ "$n" -ge 10000 ] || { echo "listing returned $n entries ($server)" >&2; exit 1; }
  d=$(echo "$t1 - $t0" | bc); BEST[$server/relist]=$(best "$d" "${BEST[$server/relist]:-999999}")
  rm -rf "$work/out/copy"; mkdir -p "$work/out/copy"
  (cd "$work/out/copy" && awk -F/ 'NF > 1 { NF--; print }' OFS=/ "$work/files.txt" | sort -u | xargs -r mkdir -p)
  t0=$(now)
  xargs -P 4 -I{} ip netns exec "$ns" nfs-cp "nfs://$ip/export/rootfs/{}?version=3" "$work/out/copy/{}" < "$work/files.txt" >/dev/null
  t1=$(now)
  diff -r "$work/export/rootfs" "$work/out/copy" >/dev/null || { echo "tree copy differs ($server)" >&2; exit 1; }
  d=$(echo "$t1 - $t0" | bc); BEST[$server/tree]=$(best "$d" "${BEST[$server/tree]:-999999}")
}

start_ganesha; wait_ready "$ns_ganesha"
start_pxe; wait_ready "$ns_pxe"
for _ in $(seq 1 "$rounds"); do
  for server in ganesha pxe; do measure_round "$server"; done
done
g_read=${BEST[ganesha/read]} g_list=${BEST[ganesha/list]} g_relist=${BEST[ganesha/relist]} g_tree=${BEST[ganesha/tree]} g_cold=${COLD[ganesha]}
p_read=${BEST[pxe/read]} p_list=${BEST[pxe/list]} p_relist=${BEST[pxe/relist]} p_tree=${BEST[pxe/tree]} p_cold=${COLD[pxe]}

mib=256
ratio() { echo "scale=2; $1 / $2" | bc; }
echo "| workload (libnfs 4.0, best of $rounds interleaved rounds, one run) | nfs-ganesha 4.3 VFS | pxe nfs | ganesha time / pxe time |"
echo "|---|---|---|---|"
printf '| sequential read 256 MiB (nfs-cp) | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %s |\n' "$g_read" "$(echo "$mib / $g_read" | bc -l)" "$p_read" "$(echo "$mib / $p_read" | bc -l)" "$(ratio "$g_read" "$p_read")"
printf '| list 10,000 entries (nfs-ls -R), first time after start | %.3f s | %.3f s | %s |\n' "$g_cold" "$p_cold" "$(ratio "$g_cold" "$p_cold")"
printf '| list 10,000 entries, first in a round (attribute caches expired) | %.3f s (%.0f entries/s) | %.3f s (%.0f entries/s) | %s |\n' "$g_list" "$(echo "10000 / $g_list" | bc -l)" "$p_list" "$(echo "10000 / $p_list" | bc -l)" "$(ratio "$g_list" "$p_list")"
printf '| list 10,000 entries again at once (attribute caches warm) | %.3f s (%.0f entries/s) | %.3f s (%.0f entries/s) | %s |\n' "$g_relist" "$(echo "10000 / $g_relist" | bc -l)" "$p_relist" "$(echo "10000 / $p_relist" | bc -l)" "$(ratio "$g_relist" "$p_relist")"
printf '| copy %d-file tree (nfs-cp per file, 4 parallel) | %.2f s | %.2f s | %s |\n' "$nfiles" "$g_tree" "$p_tree" "$(ratio "$g_tree" "$p_tree")"
