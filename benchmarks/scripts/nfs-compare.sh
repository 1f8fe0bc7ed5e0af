#!/usr/bin/env bash
# Side-by-side NFSv3 comparison of `pxe nfs` and nfs-ganesha 4.3 (FSAL VFS) with the same libnfs clients, in one run.
# Each server runs in a private network namespace of its own (same addresses, nothing leaves either), both export the
# same tmpfs tree as /export and both stay up for the whole run; the rounds alternate between them, so a change in the
# machine's load hits both alike and neither pays a restart (nor, for pxe, the JIT's warm-up) more than once.
#   1. sequential read of a 256 MiB file          (nfs-cp into a tmpfs)
#   2. recursive listing of a 10,000-entry dir     (nfs-ls -R: the first after start; the first of each round, when
#      both servers' 60 s attribute caches have expired; and again at once, from warm caches)
#   3. copy of a ~4,000-file root-fs-like tree     (nfs-cp per file, 4 in parallel, in 8 chunks alternating between
#      the servers so that the machine's drift over the minutes it takes hits both alike)
# Prints a Markdown table of wall times, ganesha/pxe ratios (> 1 means pxe is faster) and each server's CPU time
# (user + system of the processes in its namespace, read from /proc: less noisy than wall time).
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
best() { echo "if ($1 < $2) $1 else $2" | bc; }

declare -A BEST COLD CPU LISTED_AT
server_cpu() { # server -> CPU ticks (user + system) used so far by every process in its namespace (ganesha: with rpcbind)
  local ns=ns_$1 t=0 p; ns=${!ns}
  for p in $(ip netns pids "$ns"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
timed() { # server workload command...: runs the command in the server's namespace, keeps its best time and adds up its server CPU
  local server=$1 what=$2 t0 t1 c0 d; shift 2
  ns=ns_$server; ns=${!ns}
  c0=$(server_cpu "$server"); t0=$(now)
  ip netns exec "$ns" "$@"
  t1=$(now)
  CPU[$server/$what]=$(( ${CPU[$server/$what]:-0} + $(server_cpu "$server") - c0 ))
  d=$(echo "$t1 - $t0" | bc)
  LAST=$d
  BEST[$server/$what]=$(best "$d" "${BEST[$server/$what]:-999999}")
}
measure_round() { # server: one round of the read and the listings against it, keeping the best times
  local server=$1 n
  timed "$server" read nfs-cp "nfs://$ip/export/big.bin?version=3" "$work/out/big.bin" >/dev/null
  cmp -s "$work/export/big.bin" "$work/out/big.bin" || { echo "256 MiB read differs ($server)" >&2; exit 1; }
  rm -f "$work/out/big.bin"
  # Both servers keep listed attributes 60 s: wait until this server's last listing is older than that.
  if [ -n "${LISTED_AT[$server]:-}" ]; then
    local wait; wait=$(echo "${LISTED_AT[$server]} + 61 - $(now)" | bc)
    if [ "$(echo "$wait > 0" | bc)" = 1 ]; then sleep "$wait"; fi
  fi
  timed "$server" list sh -c "nfs-ls -R 'nfs://$ip/export/many?version=3' > '$work/out/listing'"
  n=$(wc -l < "$work/out/listing")
  [ "$n" -ge 10000 ] || { echo "listing returned $n entries ($server)" >&2; exit 1; }
  [ -n "${COLD[$server]:-}" ] || COLD[$server]=$LAST
  # Again at once: both servers now answer from their attribute caches.
  timed "$server" relist sh -c "nfs-ls -R 'nfs://$ip/export/many?version=3' > '$work/out/listing'"
  LISTED_AT[$server]=$(now)
  n=$(wc -l < "$work/out/listing")
  [ "$n" -ge 10000 ] || { echo "listing returned $n entries ($server)" >&2; exit 1; }
}
# The tree copy is 4,000 client processes: bound by the client and long enough for the machine's load to drift, so
# it is cut into chunks that alternate between the servers (the first server of each chunk alternating too), and a
# round's time per server is the sum over its chunks. One `ip netns exec` per chunk: its own cost (a mount namespace
# and sysfs) would otherwise be paid per file.
chunks=8
split -n "l/$chunks" -d "$work/files.txt" "$work/chunk."
tree_round() { # round number
  local server c i order
  declare -A sum=([ganesha]=0 [pxe]=0)
  for server in ganesha pxe; do
    rm -rf "$work/out/copy-$server"; mkdir -p "$work/out/copy-$server"
    (cd "$work/export/rootfs" && find . -type d) | (cd "$work/out/copy-$server" && xargs mkdir -p)
  done
  for ((i = 0; i < chunks; i++)); do
    c=$(printf '%s/chunk.%02d' "$work" "$i")
    if (( (i + $1) % 2 == 0 )); then order="ganesha pxe"; else order="pxe ganesha"; fi
    for server in $order; do
      timed "$server" chunk xargs -P 4 -I{} nfs-cp "nfs://$ip/export/rootfs/{}?version=3" "$work/out/copy-$server/{}" < "$c" >/dev/null
      sum[$server]=$(echo "${sum[$server]} + $LAST" | bc)
    done
  done
  for server in ganesha pxe; do
    diff -r "$work/export/rootfs" "$work/out/copy-$server" >/dev/null || { echo "tree copy differs ($server)" >&2; exit 1; }
    BEST[$server/tree]=$(best "${sum[$server]}" "${BEST[$server/tree]:-999999}")
    CPU[$server/tree]=${CPU[$server/chunk]}
  done
}

start_ganesha; wait_ready "$ns_ganesha"
start_pxe; wait_ready "$ns_pxe"
for round in $(seq 1 "$rounds"); do
  for server in ganesha pxe; do measure_round "$server"; done
  tree_round "$round"
done
g_read=${BEST[ganesha/read]} g_list=${BEST[ganesha/list]} g_relist=${BEST[ganesha/relist]} g_tree=${BEST[ganesha/tree]} g_cold=${COLD[ganesha]}
p_read=${BEST[pxe/read]} p_list=${BEST[pxe/list]} p_relist=${BEST[pxe/relist]} p_tree=${BEST[pxe/tree]} p_cold=${COLD[pxe]}

mib=256
ratio() { echo "scale=2; $1 / $2" | bc; }
cpu() { # server workload -> mean server CPU seconds per round
  local ticks=${CPU[$1/$2]:-0} hz; hz=$(getconf CLK_TCK)
  echo "scale=2; $ticks / $hz / $rounds" | bc | sed 's/^\./0./'
}
echo "| workload (libnfs 4.0, best of $rounds interleaved rounds, one run) | nfs-ganesha 4.3 VFS | pxe nfs | ganesha time / pxe time | server CPU per round, ganesha / pxe |"
echo "|---|---|---|---|---|"
printf '| sequential read 256 MiB (nfs-cp) | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %s | %s / %s s |\n' "$g_read" "$(echo "$mib / $g_read" | bc -l)" "$p_read" "$(echo "$mib / $p_read" | bc -l)" "$(ratio "$g_read" "$p_read")" "$(cpu ganesha read)" "$(cpu pxe read)"
printf '| list 10,000 entries (nfs-ls -R), first time after start | %.3f s | %.3f s | %s | |\n' "$g_cold" "$p_cold" "$(ratio "$g_cold" "$p_cold")"
printf '| list 10,000 entries, first in a round (attribute caches expired) | %.3f s (%.0f entries/s) | %.3f s (%.0f entries/s) | %s | %s / %s s |\n' "$g_list" "$(echo "10000 / $g_list" | bc -l)" "$p_list" "$(echo "10000 / $p_list" | bc -l)" "$(ratio "$g_list" "$p_list")" "$(cpu ganesha list)" "$(cpu pxe list)"
printf '| list 10,000 entries again at once (attribute caches warm) | %.3f s (%.0f entries/s) | %.3f s (%.0f entries/s) | %s | %s / %s s |\n' "$g_relist" "$(echo "10000 / $g_relist" | bc -l)" "$p_relist" "$(echo "10000 / $p_relist" | bc -l)" "$(ratio "$g_relist" "$p_relist")" "$(cpu ganesha relist)" "$(cpu pxe relist)"
printf '| copy %d-file tree (nfs-cp per file, 4 parallel, %d alternating chunks) | %.2f s | %.2f s | %s | %s / %s s |\n' "$nfiles" "$chunks" "$g_tree" "$p_tree" "$(ratio "$g_tree" "$p_tree")" "$(cpu ganesha tree)" "$(cpu pxe tree)"
