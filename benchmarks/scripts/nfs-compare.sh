#!/usr/bin/env bash
# Side-by-side NFSv3 comparison of `pxe nfs` and nfs-ganesha 4.3 (FSAL VFS) with the same libnfs clients, in one run,
# inside a private network namespace (nothing leaves it). Both servers export the same tmpfs tree as /export.
#   1. sequential read of a 256 MiB file          (nfs-cp into a tmpfs)
#   2. recursive listing of a 10,000-entry dir     (nfs-ls -R; best of the rounds, and the first, with cold caches)
#   3. copy of a ~4,000-file root-fs-like tree     (nfs-cp per file, 4 in parallel)
# Prints a Markdown table of wall times and ganesha/pxe ratios (> 1 means pxe is faster).
# Usage: sudo benchmarks/scripts/nfs-compare.sh [ROUNDS]   (needs: nfs-ganesha nfs-ganesha-vfs rpcbind libnfs-utils)
set -euo pipefail
rounds=${1:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
pxe="$repo/samples/Pxe.Host/bin/Release/net10.0/pxe.dll"
[ -f "$pxe" ] || dotnet build "$repo/samples/Pxe.Host" -c Release >/dev/null
ns=nfscmp$$
work=$(mktemp -d /tmp/nfs-compare.XXXXXX)
chmod 755 "$work"
cleanup() {
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  ip netns delete "$ns" 2>/dev/null || true
  umount "$work/export" 2>/dev/null || true
  umount "$work/out" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ip link add v0 type veth peer name v1
ip netns exec "$ns" ip addr add 10.78.0.1/24 dev v0
ip netns exec "$ns" ip addr add 10.78.0.2/24 dev v1
ip netns exec "$ns" ip link set v0 up
ip netns exec "$ns" ip link set v1 up
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
  ip netns exec "$ns" unshare -m --propagation private sh -c "
    mount -t tmpfs tmpfs /run; mkdir -p /run/ganesha /run/rpcbind
    mount -t tmpfs tmpfs /var/lib/nfs; mkdir -p /var/lib/nfs/ganesha
    rpcbind -f -w & sleep 0.3
    exec ganesha.nfsd -F -f $work/ganesha.conf -L $work/ganesha.log -p /run/ganesha/pid" &
  server_pid=$!
}
start_pxe() {
  ip netns exec "$ns" dotnet "$pxe" nfs --export "$work/export=/export" --read-write --no-root-squash --listen "$ip" > "$work/pxe.log" 2>&1 &
  server_pid=$!
}
wait_ready() {
  for _ in $(seq 1 100); do
    if ip netns exec "$ns" nfs-ls "nfs://$ip/export/?version=3" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "server did not come up" >&2; exit 1
}
stop_server() {
  for p in $(ip netns pids "$ns"); do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in $(ip netns pids "$ns"); do kill -9 "$p" 2>/dev/null || true; done
  wait "$server_pid" 2>/dev/null || true
}
now() { date +%s.%N; }
run() { ip netns exec "$ns" "$@"; }

measure() { # name -> prints "read list tree cold_list" seconds (best of rounds; cold_list: the first listing after start)
  local best_read=999999 best_list=999999 best_tree=999999 cold_list="" t0 t1 d
  for _ in $(seq 1 "$rounds"); do
    t0=$(now); run nfs-cp "nfs://$ip/export/big.bin?version=3" "$work/out/big.bin" >/dev/null; t1=$(now)
    cmp -s "$work/export/big.bin" "$work/out/big.bin" || { echo "256 MiB read differs" >&2; exit 1; }
    rm -f "$work/out/big.bin"
    d=$(echo "$t1 - $t0" | bc); best_read=$(echo "if ($d < $best_read) $d else $best_read" | bc)
    t0=$(now); n=$(run nfs-ls -R "nfs://$ip/export/many?version=3" | wc -l); t1=$(now)
    [ "$n" -ge 10000 ] || { echo "listing returned $n entries" >&2; exit 1; }
    d=$(echo "$t1 - $t0" | bc); best_list=$(echo "if ($d < $best_list) $d else $best_list" | bc)
    [ -n "$cold_list" ] || cold_list=$d
    rm -rf "$work/out/copy"; mkdir -p "$work/out/copy"
    (cd "$work/out/copy" && awk -F/ 'NF > 1 { NF--; print }' OFS=/ "$work/files.txt" | sort -u | xargs -r mkdir -p)
    t0=$(now)
    xargs -P 4 -I{} ip netns exec "$ns" nfs-cp "nfs://$ip/export/rootfs/{}?version=3" "$work/out/copy/{}" < "$work/files.txt" >/dev/null
    t1=$(now)
    d=$(echo "$t1 - $t0" | bc); best_tree=$(echo "if ($d < $best_tree) $d else $best_tree" | bc)
    diff -r "$work/export/rootfs" "$work/out/copy" >/dev/null || { echo "tree copy differs" >&2; exit 1; }
  done
  echo "$best_read $best_list $best_tree $cold_list"
}

start_ganesha; wait_ready; read -r g_read g_list g_tree g_cold < <(measure); stop_server
start_pxe; wait_ready; read -r p_read p_list p_tree p_cold < <(measure); stop_server

mib=256
ratio() { echo "scale=2; $1 / $2" | bc; }
echo "| workload (libnfs 4.0, best of $rounds, one run) | nfs-ganesha 4.3 VFS | pxe nfs | ganesha time / pxe time |"
echo "|---|---|---|---|"
printf '| sequential read 256 MiB (nfs-cp) | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %s |\n' "$g_read" "$(echo "$mib / $g_read" | bc -l)" "$p_read" "$(echo "$mib / $p_read" | bc -l)" "$(ratio "$g_read" "$p_read")"
printf '| list 10,000 entries (nfs-ls -R) | %.3f s (%.0f entries/s) | %.3f s (%.0f entries/s) | %s |\n' "$g_list" "$(echo "10000 / $g_list" | bc -l)" "$p_list" "$(echo "10000 / $p_list" | bc -l)" "$(ratio "$g_list" "$p_list")"
printf '| list 10,000 entries, first time after start (cold caches) | %.3f s | %.3f s | %s |\n' "$g_cold" "$p_cold" "$(ratio "$g_cold" "$p_cold")"
printf '| copy %d-file tree (nfs-cp per file, 4 parallel) | %.2f s | %.2f s | %s |\n' "$nfiles" "$g_tree" "$p_tree" "$(ratio "$g_tree" "$p_tree")"
