#!/usr/bin/env bash
# Side-by-side DHCP throughput: perfdhcp (Kea 2.2, package kea-admin) drives full DORA exchanges against
# `pxe dhcp`, Kea 2.2 (memfile, persist=true) and dnsmasq (--no-ping, lease file) in one run, with the same
# offered load, each server alone in a private network namespace. All three persist leases.
#
# perfdhcp behaves as a relay (giaddr = its address, source port 67), so every server answers relayed requests.
# On a 2-core machine perfdhcp runs single-threaded (-g single) on CPU 1, the server on CPU 0.
#
# Usage: benchmarks/scripts/dhcp-compare.sh [RATE] [SECONDS]   (root; defaults 10000 exchanges/s offered, 10 s)
# Env:   PXE_HOST_DLL  path to pxe.dll (default samples/Pxe.Host/bin/Release/net10.0/pxe.dll)
# Prints one line per server and the ratios; exits non-zero if a server did not answer at all.
set -euo pipefail

rate="${1:-10000}"
seconds="${2:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
pxe_dll="${PXE_HOST_DLL:-$root/samples/Pxe.Host/bin/Release/net10.0/pxe.dll}"
work="$(mktemp -d /tmp/dhcp-compare.XXXXXX)"
ns_srv="dhcpbs$$"
ns_cli="dhcpbc$$"
server_ip=10.88.0.1
client_ip=10.88.0.2
pool_start=10.88.16.0
pool_end=10.88.255.250
clients=60000

cleanup() {
  for ns in "$ns_srv" "$ns_cli"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$pxe_dll" ] || { echo "pxe.dll not found at $pxe_dll (build samples/Pxe.Host -c Release)" >&2; exit 2; }

ip netns add "$ns_srv"
ip netns add "$ns_cli"
ip -n "$ns_srv" link set lo up
ip -n "$ns_cli" link set lo up
ip -n "$ns_srv" link add dhbs0 type veth peer name dhbc0 netns "$ns_cli"
ip -n "$ns_srv" addr add "$server_ip/16" dev dhbs0
ip -n "$ns_cli" addr add "$client_ip/16" dev dhbc0
ip -n "$ns_srv" link set dhbs0 up
ip -n "$ns_cli" link set dhbc0 up

wait_port() { # wait until something listens on UDP 67 in the server namespace
  for _ in $(seq 1 100); do
    if ip netns exec "$ns_srv" ss -lun | grep -q ':67 '; then return 0; fi
    sleep 0.1
  done
  echo "server did not start" >&2
  return 1
}

run_perfdhcp() { # prints achieved 4-way exchanges per second
  local out="$work/perfdhcp-$1.txt"
  ip netns exec "$ns_cli" taskset -c 1 perfdhcp -4 -l dhbc0 -g single -r "$rate" -p "$seconds" -R "$clients" \
    -b mac=02:88:00:00:00:00 -W 2000000 "$server_ip" > "$out" 2>&1 || true
  local r
  r="$(grep -E '^Rate:' "$out" | head -1 | awk '{print $2}')"
  local drops
  drops="$(grep -E 'drops:' "$out" | awk '{print $2}' | paste -sd/ -)"
  echo "${r:-0} ${drops:-?}"
}

stop_server() {
  for p in $(ip netns pids "$ns_srv" 2>/dev/null); do kill -TERM "$p" 2>/dev/null || true; done
  sleep 1
  for p in $(ip netns pids "$ns_srv" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
}

declare -A result

# --- pxe dhcp ------------------------------------------------------------------------------------------
# pxe's lease-storm guard answers at most 5000 clients without a lease per second by default and counts the
# rest as a flood; Kea and dnsmasq have no such guard, and every one of perfdhcp's 60,000 clients is new, so the
# guard is raised above the offered load here (PXE_MAX_NEW_CLIENTS=5000 measures the default).
ip netns exec "$ns_srv" taskset -c 0 dotnet "$pxe_dll" dhcp --interface dhbs0 --server-ip "$server_ip" \
  --range "$pool_start-$pool_end" --subnet-mask 255.255.0.0 --lease-time 3600 --leases "$work/pxe.leases" \
  --max-new-clients "${PXE_MAX_NEW_CLIENTS:-1000000}" \
  > "$work/pxe.log" 2>&1 &
wait_port
sleep 1
result[pxe]="$(run_perfdhcp pxe)"
stop_server

# --- Kea 2.2, memfile persist=true ----------------------------------------------------------------------
mkdir -p "$work/kea"
cat > "$work/kea/kea-dhcp4.conf" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "dhbs0" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$work/kea/leases4.csv", "lfc-interval": 0 },
    "valid-lifetime": 3600,
    "subnet4": [ { "id": 1, "subnet": "10.88.0.0/16", "pools": [ { "pool": "$pool_start - $pool_end" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "$work/kea/kea.log" } ] } ]
} }
JSON
KEA_PIDFILE_DIR="$work/kea" KEA_LOCKFILE_DIR="$work/kea" ip netns exec "$ns_srv" taskset -c 0 kea-dhcp4 -c "$work/kea/kea-dhcp4.conf" \
  > "$work/kea/stdout.log" 2>&1 &
wait_port
sleep 1
result[kea]="$(run_perfdhcp kea)"
stop_server

# --- dnsmasq, --no-ping, lease file ---------------------------------------------------------------------
ip netns exec "$ns_srv" taskset -c 0 dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=dhbs0 --bind-interfaces \
  --dhcp-range="$pool_start,$pool_end,255.255.0.0,1h" --dhcp-leasefile="$work/dnsmasq.leases" --no-ping \
  --dhcp-authoritative --dhcp-lease-max=100000 --pid-file="$work/dnsmasq.pid" --log-facility="$work/dnsmasq.log" \
  > "$work/dnsmasq.out" 2>&1 &
wait_port
sleep 1
result[dnsmasq]="$(run_perfdhcp dnsmasq)"
stop_server

echo "offered load: $rate DORA/s for $seconds s, $clients distinct clients, perfdhcp -g single"
for s in pxe kea dnsmasq; do
  read -r r d <<< "${result[$s]}"
  printf '%-8s %10s exchanges/s   drops (DO/RA): %s\n' "$s" "$r" "$d"
done
read -r pxe _ <<< "${result[pxe]}"
read -r kea _ <<< "${result[kea]}"
read -r dm _ <<< "${result[dnsmasq]}"
awk -v p="$pxe" -v k="$kea" -v d="$dm" 'BEGIN {
  if (k > 0) printf "pxe/kea     = %.2f\n", p / k;
  if (d > 0) printf "pxe/dnsmasq = %.2f\n", p / d;
}'
awk -v p="$pxe" 'BEGIN { exit (p > 0) ? 0 : 1 }'
