#!/bin/sh
# Runs rpcbind and nfs-ganesha for the ONC-RPC captures, inside the server namespace, under `unshare -m` so the
# fixed host paths they use (/run/rpcbind*, /run/ganesha, /var/lib/nfs) are private tmpfs mounts and never clash
# with the host or other namespaces. Usage (from scripts/record-captures.sh):
#   ip netns exec capsrv unshare -m --propagation private sh rpc-servers.sh CONFIG EXPORT-DIR TREE-DIR LOG-DIR
# The export is a fresh tmpfs (FSAL VFS needs file handles, which tmpfs provides) filled from TREE-DIR.
set -eu
config=$1 export_dir=$2 tree=$3 logs=$4
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/ganesha /run/rpcbind /run/netns
mount -t tmpfs -o mode=755 tmpfs /var/lib/nfs
mkdir -p /var/lib/nfs/ganesha "$export_dir"
mount -t tmpfs -o mode=755,size=16m tmpfs "$export_dir"
cp -a "$tree/." "$export_dir/"
rpcbind -f -w &
rpcbind_pid=$!
sleep 0.3
ganesha.nfsd -F -f "$config" -L "$logs/ganesha.log" -p /run/ganesha/ganesha.pid -N NIV_EVENT &
ganesha_pid=$!
trap 'kill $ganesha_pid $rpcbind_pid 2>/dev/null; wait; exit 0' TERM INT
wait
