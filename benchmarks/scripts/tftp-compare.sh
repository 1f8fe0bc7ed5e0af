#!/usr/bin/env bash
# Side-by-side TFTP throughput: the same clients and files against `pxe tftp`, tftpd-hpa and dnsmasq, one server
# at a time, in one run, inside a private network namespace (nothing leaves the machine). Needs root.
#
#   benchmarks/scripts/tftp-compare.sh [ROUNDS]
#
# Cases on loopback (no delay): curl at blksize 512 and 1468 on a 64 MiB file, and at 65464 on the same file eight
# times in a row (one 64 MiB download at that size takes ~0.13 s, too short to time); atftp with blksize 1468 +
# windowsize 16 on the same file; 32 concurrent curl clients (blksize 1468) on a 4 MiB file.
# Cases on a modelled LAN (lan-*): every packet is held LAN_DELAY_US (default 250 µs) each way, so a round trip
# takes about 0.5 ms as between two machines on a switched LAN: curl at blksize 1468 and atftp with blksize 1468 +
# windowsize 16 on an 8 MiB file. The kernel here has no qdiscs (no netem), so the delay comes from linkdelay.c
# (built below) through an iptables NFQUEUE rule in the namespace; it applies to every server alike.
# Every download is checked by SHA-256.
# Prints seconds per case and server (best of ROUNDS rounds, default 3, servers interleaved) and the ratios pxe/tftpd-hpa, pxe/dnsmasq
# (> 1 means pxe is faster).
set -euo pipefail

ROUNDS="${1:-3}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PXE="$REPO/samples/Pxe.Host/bin/Release/net10.0/pxe"
NS="tftpbench$$"
ADDR=192.0.2.1
LAN_DELAY_US="${LAN_DELAY_US:-250}"
WORK="$(mktemp -d /tmp/pxe-tftp-compare.XXXXXX)"
ROOT="$WORK/root"
OUT="$WORK/out"
SERVER_PID=""
DELAY_PID=""
NFQUEUE_RULE=(OUTPUT -d "$ADDR" -p udp -j NFQUEUE --queue-num 0 --queue-bypass)

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n "$DELAY_PID" ]]; then kill "$DELAY_PID" 2>/dev/null || true; wait "$DELAY_PID" 2>/dev/null || true; fi
  for p in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  ip netns delete "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -x "$PXE" ]]; then
  dotnet build "$REPO/samples/Pxe.Host" -c Release >/dev/null
fi

mkdir -p "$ROOT" "$OUT"
cc -O2 -Wall -o "$WORK/linkdelay" "$REPO/benchmarks/scripts/linkdelay.c" -lnetfilter_queue -lnfnetlink
head -c $((64 * 1024 * 1024)) /dev/urandom > "$ROOT/big.bin"
head -c $((8 * 1024 * 1024)) /dev/urandom > "$ROOT/lan.bin"
head -c $((4 * 1024 * 1024)) /dev/urandom > "$ROOT/four.bin"
BIG_SHA="$(sha256sum "$ROOT/big.bin" | cut -d' ' -f1)"
LAN_SHA="$(sha256sum "$ROOT/lan.bin" | cut -d' ' -f1)"
FOUR_SHA="$(sha256sum "$ROOT/four.bin" | cut -d' ' -f1)"

# A namespace with loopback and a veth pair holding a documentation address: tftpd-hpa resolves its listen
# address with AI_ADDRCONFIG and fails in a loopback-only namespace.
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip link add tb0 type veth peer name tb1
ip netns exec "$NS" ip addr add "$ADDR/24" dev tb0
ip netns exec "$NS" ip link set tb0 up
ip netns exec "$NS" ip link set tb1 up
in_ns() { ip netns exec "$NS" "$@"; }
# Background processes start with `ip netns exec` itself, not through in_ns: `in_ns cmd &` forks a subshell, and
# $! would name that subshell, so a kill would leave the real server running (and holding port 69).

start_server() {
  case "$1" in
    pxe) ip netns exec "$NS" "$PXE" tftp --root "$ROOT" --listen "$ADDR:69" --max-block-size 65464 --max-transfers 256 >"$WORK/server.log" 2>&1 & ;;
    tftpd-hpa) ip netns exec "$NS" /usr/sbin/in.tftpd -L -s "$ROOT" -a "$ADDR:69" -B 65464 >"$WORK/server.log" 2>&1 & ;;
    dnsmasq) ip netns exec "$NS" /usr/sbin/dnsmasq --no-daemon --port=0 --enable-tftp --tftp-root="$ROOT" --listen-address="$ADDR" \
               --bind-interfaces --tftp-max=256 --user=root --group=root --pid-file= --conf-file=/dev/null >"$WORK/server.log" 2>&1 & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    if in_ns curl -s -o /dev/null --max-time 2 "tftp://$ADDR/four.bin" && kill -0 "$SERVER_PID" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server $1 did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  for p in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
}

# The modelled LAN: linkdelay first, then the rule (with --queue-bypass a packet passes when nobody listens).
lan_on() { # server
  printf '%s: ' "$1" >>"$WORK/linkdelay.log"
  ip netns exec "$NS" "$WORK/linkdelay" 0 "$LAN_DELAY_US" 600 2>>"$WORK/linkdelay.log" &
  DELAY_PID=$!
  sleep 0.3
  in_ns iptables -A "${NFQUEUE_RULE[@]}"
}

lan_off() {
  in_ns iptables -D "${NFQUEUE_RULE[@]}"
  kill "$DELAY_PID" 2>/dev/null || true
  wait "$DELAY_PID" 2>/dev/null || true
  DELAY_PID=""
}

check() { # file expected-sha
  local got; got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [[ "$got" != "$2" ]]; then echo "checksum mismatch for $1" >&2; exit 1; fi
  rm -f "$1"
}

now() { date +%s.%N; }

run_case() { # case -> prints seconds
  local t0 t1
  case "$1" in
    curl-512|curl-1468)
      t0=$(now); in_ns curl -sS --fail --tftp-blksize "${1#curl-}" -o "$OUT/c.bin" "tftp://$ADDR/big.bin"; t1=$(now)
      check "$OUT/c.bin" "$BIG_SHA" ;;
    curl-65464x8)
      t0=$(now)
      for i in $(seq 1 8); do in_ns curl -sS --fail --tftp-blksize 65464 -o "$OUT/c$i.bin" "tftp://$ADDR/big.bin"; done
      t1=$(now)
      for i in $(seq 1 8); do check "$OUT/c$i.bin" "$BIG_SHA"; done ;;
    atftp-w16)
      t0=$(now); in_ns atftp --option "blksize 1468" --option "windowsize 16" -g -r big.bin -l "$OUT/a.bin" "$ADDR" 69 >/dev/null 2>&1; t1=$(now)
      check "$OUT/a.bin" "$BIG_SHA" ;;
    lan-curl-1468)
      t0=$(now); in_ns curl -sS --fail --max-time 120 --tftp-blksize 1468 -o "$OUT/l.bin" "tftp://$ADDR/lan.bin"; t1=$(now)
      check "$OUT/l.bin" "$LAN_SHA" ;;
    lan-atftp-w16)
      t0=$(now); in_ns timeout 120 atftp --option "blksize 1468" --option "windowsize 16" -g -r lan.bin -l "$OUT/m.bin" "$ADDR" 69 >/dev/null 2>&1; t1=$(now)
      check "$OUT/m.bin" "$LAN_SHA" ;;
    curl-32x)
      t0=$(now)
      local pids=()
      for i in $(seq 1 32); do in_ns curl -sS --fail --tftp-blksize 1468 -o "$OUT/p$i.bin" "tftp://$ADDR/four.bin" & pids+=($!); done
      for p in "${pids[@]}"; do wait "$p"; done
      t1=$(now)
      for i in $(seq 1 32); do check "$OUT/p$i.bin" "$FOUR_SHA"; done ;;
  esac
  echo "$t1 - $t0" | bc -l
}

CASES=(curl-512 curl-1468 curl-65464x8 atftp-w16 curl-32x)
LAN_CASES=(lan-curl-1468 lan-atftp-w16)
SERVERS=(pxe tftpd-hpa dnsmasq)
declare -A BEST
record() { # server case: runs the case, keeps the best time
  local s key="$1/$2"
  s="$(run_case "$2")"
  if [[ -z "${BEST[$key]:-}" ]] || (( $(echo "$s < ${BEST[$key]}" | bc -l) )); then BEST[$key]="$s"; fi
}
# Rounds interleave the servers, so load from anything else on the machine hits all three alike.
for _ in $(seq 1 "$ROUNDS"); do
  for server in "${SERVERS[@]}"; do
    start_server "$server"
    for c in "${CASES[@]}"; do record "$server" "$c"; done
    lan_on "$server"
    for c in "${LAN_CASES[@]}"; do record "$server" "$c"; done
    lan_off
    stop_server
  done
done

printf '\n%-14s %12s %12s %12s %12s %12s\n' case pxe tftpd-hpa dnsmasq pxe/hpa pxe/dnsmasq
for c in "${CASES[@]}" "${LAN_CASES[@]}"; do
  p="${BEST[pxe/$c]}"; h="${BEST[tftpd-hpa/$c]}"; d="${BEST[dnsmasq/$c]}"
  printf '%-14s %11.2fs %11.2fs %11.2fs %11.2fx %11.2fx\n' "$c" "$p" "$h" "$d" "$(echo "$h / $p" | bc -l)" "$(echo "$d / $p" | bc -l)"
done
echo "linkdelay, per server and round:"; cat "$WORK/linkdelay.log"
echo "(lan-*: ${LAN_DELAY_US} µs each way through NFQUEUE; seconds, best of $ROUNDS; ratio = reference time / pxe time, > 1 means pxe is faster; $(nproc) cores, $(uname -r))"
