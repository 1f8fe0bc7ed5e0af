#!/usr/bin/env bash
# Side-by-side archiving: `pxe cpio create DIR -o FILE --gzip` against `find . | cpio -o -H newc | gzip` (GNU cpio
# 2.13 and gzip 1.12, level 6 like .NET's CompressionLevel.Optimal) on the same generated tree in the same run.
#
# The tree: FILES files (default 10,000) of about TOTAL_MB MiB in all (default 500), in 100 directories; each file is
# half random bytes and half repetitive text, so gzip does real work on both halves. It is generated once per run
# from a fixed seed (python3), so every run archives the same bytes.
#
# The tree is read once before timing (page cache warm for both), and the order of the two alternates per round.
# On a shared machine single rounds vary a lot: the script prints the median and the best round of each.
#
# Usage: benchmarks/scripts/initcpio-compare.sh [TOTAL_MB] [FILES] [ROUNDS]   (defaults 500 10000 5)
# Env:   PXE_HOST_DLL  path to pxe.dll (default samples/Pxe.Host/bin/Release/net10.0/pxe.dll)
# Prints each round's wall time, the medians, output sizes and the ratio reference/pxe (> 1 means pxe is faster).
set -euo pipefail

total_mb="${1:-500}"
files="${2:-10000}"
rounds="${3:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
pxe_dll="${PXE_HOST_DLL:-$root/samples/Pxe.Host/bin/Release/net10.0/pxe.dll}"
work="$(mktemp -d /tmp/initcpio-compare.XXXXXX)"
trap 'rm -rf "$work"' EXIT

[ -f "$pxe_dll" ] || { echo "pxe.dll not found at $pxe_dll (build samples/Pxe.Host -c Release)" >&2; exit 2; }
for tool in cpio gzip python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done

tree="$work/tree"
python3 - "$tree" "$total_mb" "$files" <<'PY'
import os, random, sys
root, total_mb, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261129)
size = total_mb * 1024 * 1024 // files
text = b"".join(b"line %06d: the quick brown fox jumps over the lazy initramfs\n" % i for i in range(4096))
for i in range(files):
    d = os.path.join(root, "d%03d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    n = max(1, int(size * rng.uniform(0.5, 1.5)))
    half = n // 2
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        f.write(rng.randbytes(half))
        f.write((text * (1 + (n - half) // len(text)))[: n - half])
PY
actual_mb=$(du -sm --apparent-size "$tree" | cut -f1)
echo "tree: $(find "$tree" -type f | wc -l) files, ${actual_mb} MiB"
sync
tar -C "$tree" -cf - . > /dev/null

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Each run reports "wall cpu": wall-clock seconds and CPU seconds (user + system, all processes of the pipeline).
# On a loaded machine the wall time depends on the other load (a 3-process pipeline gets 3 scheduler shares, one
# process gets one); the CPU time is the cost of the work itself.
TIMEFORMAT='%R %U %S'
measure() {
  local t
  t=$( { time "$@" > /dev/null 2>&1; } 2>&1 )
  awk '{ printf "%.2f %.2f", $1, $2 + $3 }' <<< "$t"
}
pxe_run() { dotnet "$pxe_dll" cpio create "$tree" -o "$work/pxe.cpio.gz" --gzip; }
ref_run() { (cd "$tree" && find . | cpio -o --quiet -H newc | gzip -6 > "$work/ref.cpio.gz"); }

: > "$work/pxe.times"
: > "$work/ref.times"
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    p=$(measure pxe_run); g=$(measure ref_run)
  else
    g=$(measure ref_run); p=$(measure pxe_run)
  fi
  echo "round $r: pxe wall ${p% *} s cpu ${p#* } s | find|cpio|gzip wall ${g% *} s cpu ${g#* } s"
  echo "$p" >> "$work/pxe.times"
  echo "$g" >> "$work/ref.times"
done

# Both archives must hold the same files (names and contents).
(cd "$work" && mkdir a b && (cd a && gzip -dc ../pxe.cpio.gz | cpio -id --quiet) && (cd b && gzip -dc ../ref.cpio.gz | cpio -id --quiet) && diff -r a b >/dev/null) \
  || { echo "the two archives differ" >&2; exit 1; }

pw=$(cut -d ' ' -f 1 "$work/pxe.times" | median); pc=$(cut -d ' ' -f 2 "$work/pxe.times" | median)
gw=$(cut -d ' ' -f 1 "$work/ref.times" | median); gc=$(cut -d ' ' -f 2 "$work/ref.times" | median)
echo "median: pxe cpio create --gzip wall ${pw} s cpu ${pc} s ($(stat -c %s "$work/pxe.cpio.gz") bytes); find|cpio -o -H newc|gzip -6 wall ${gw} s cpu ${gc} s ($(stat -c %s "$work/ref.cpio.gz") bytes)"
echo "ratio reference/pxe (> 1: pxe cheaper): cpu $(awk -v g="$gc" -v p="$pc" 'BEGIN { printf "%.2f", g / p }'), wall $(awk -v g="$gw" -v p="$pw" 'BEGIN { printf "%.2f", g / p }')"
