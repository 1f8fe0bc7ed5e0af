namespace Pxe.Initcpio;

/// <summary>The ash text shared by the RAM-root hooks. Values from options are inserted through <see cref="ShellQuoting"/>.</summary>
internal static class PxeHookScripts
{
    /// <summary>Network, copy and failure helpers; identical in both hooks, so defining them twice is harmless.</summary>
    public static string Common(PxeRamHookOptions o) => $$"""
        # pxe_fail MESSAGE: say clearly what went wrong and drop to the emergency shell (pxe_failure=poweroff powers off).
        pxe_fail() {
            err "pxe: $*"
            launch_interactive_shell
            return 1
        }

        # pxe_wait_udev: let udev finish renaming devices before the network is configured (the seed copied while udev ran).
        pxe_wait_udev() {
            if command -v udevadm >/dev/null 2>&1; then
                udevadm settle --timeout=30
            fi
        }

        # pxe_pick_iface [DEVICE]: the device named by ip=, else the one whose MAC is BOOTIF=01-aa-bb-..., else the first non-loopback one.
        pxe_pick_iface() {
            local want="$1" tries=0 d n mac
            while [ "$tries" -lt {{ShellQuoting.Quote(o.InterfaceWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))}} ]; do
                if [ -n "$want" ]; then
                    [ -e "/sys/class/net/$want" ] && { echo "$want"; return 0; }
                elif [ -n "${BOOTIF}" ]; then
                    mac=$(echo "${BOOTIF#01-}" | tr -- '-ABCDEF' ':abcdef')
                    for d in /sys/class/net/*; do
                        [ "$(cat "$d/address" 2>/dev/null)" = "$mac" ] && { echo "${d##*/}"; return 0; }
                    done
                else
                    for d in /sys/class/net/*; do
                        n=${d##*/}
                        [ "$n" = lo ] || [ ! -e "$d" ] && continue
                        echo "$n"
                        return 0
                    done
                fi
                sleep 1
                tries=$((tries + 1))
            done
            return 1
        }

        # pxe_write_udhcpc_script: the script busybox udhcpc calls with bound/renew/deconfig.
        pxe_write_udhcpc_script() {
            mkdir -p /run/pxe
            # The single-quoted lines are the script's own text, expanded when udhcpc runs it.
            # shellcheck disable=SC2016
            {
                echo '#!/bin/sh'
                echo 'case "$1" in'
                echo 'bound|renew)'
                echo '    ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up'
                echo '    for r in $router; do route add default gw "$r" dev "$interface"; break; done'
                echo '    : > /etc/resolv.conf'
                echo '    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done'
                echo '    echo "$ip" > /run/pxe/address'
                echo '    ;;'
                echo 'deconfig) ifconfig "$interface" 0.0.0.0 up ;;'
                echo 'esac'
            } > /run/pxe/udhcpc.sh
            chmod 755 /run/pxe/udhcpc.sh
        }

        # pxe_net_up: configure the network from ip= as in the kernel's nfsroot.rst: ip=dhcp, or
        # ip=<client>:<server>:<gateway>:<netmask>:<hostname>:<device>:<autoconf> (autoconf off/none = static).
        pxe_net_up() {
            local conf="${ip:-dhcp}" client="" gw="" mask="" host="" dev="" autoconf="dhcp" iface oldifs
            case "$conf" in
                dhcp|on|any|both|bootp) ;;
                *)
                    oldifs=$IFS
                    IFS=:
                    set -f
                    # shellcheck disable=SC2086
                    set -- $conf
                    set +f
                    IFS=$oldifs
                    client=$1 gw=$3 mask=$4 host=$5 dev=$6 autoconf=${7:-off}
                    ;;
            esac
            pxe_wait_udev
            iface=$(pxe_pick_iface "$dev") || { pxe_fail "no network interface appeared (ip=$conf BOOTIF=${BOOTIF:-unset}); is the NIC driver in the image?"; return 1; }
            ip link set dev "$iface" up
            case "$autoconf" in
                dhcp|on|any|both|bootp|"")
                    pxe_write_udhcpc_script
                    msg ":: pxe: requesting an address with DHCP on $iface"
                    udhcpc -i "$iface" -s /run/pxe/udhcpc.sh -n -q -f -t {{ShellQuoting.Quote(o.DhcpAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture))}} -T 2 ${host:+-x hostname:"$host"} \
                        || { pxe_fail "no DHCP lease on $iface"; return 1; }
                    ;;
                *)
                    [ -n "$client" ] || { pxe_fail "ip=$conf names no client address"; return 1; }
                    msg ":: pxe: static address $client on $iface"
                    ifconfig "$iface" "$client" netmask "${mask:-255.255.255.0}" up || { pxe_fail "cannot set $client on $iface"; return 1; }
                    if [ -n "$gw" ]; then
                        route add default gw "$gw" dev "$iface" || { pxe_fail "cannot add the default route via $gw"; return 1; }
                    fi
                    ;;
            esac
            export pxe_iface="$iface"
        }

        # pxe_net_down: flush and take down every interface but loopback, so the new root starts with a clean network.
        pxe_net_down() {
            local d n
            for d in /sys/class/net/*; do
                n=${d##*/}
                [ "$n" = lo ] && continue
                ip addr flush dev "$n" 2>/dev/null
                ip link set dev "$n" down 2>/dev/null
            done
            rm -f /etc/resolv.conf
        }

        # pxe_mount_ram NEWROOT: a tmpfs of copytoram_size= (a percentage of RAM or a size).
        pxe_mount_ram() {
            local size="${copytoram_size:-{{ShellQuoting.Quote(o.DefaultCopyToRamSize)}}}"
            msg ":: pxe: creating a tmpfs of size $size at $1"
            mount -t tmpfs -o "size=$size,mode=0755" rootfs "$1" || { pxe_fail "cannot mount a tmpfs of size $size (copytoram_size=)"; return 1; }
        }

        # pxe_copy_root SOURCE NEWROOT: copy everything but /proc /sys /dev /run /mnt (created empty); names with spaces,
        # newlines or leading dots are safe because the glob results are never word-split.
        pxe_copy_root() {
            local src="$1" dst="$2" e name
            for e in "$src"/* "$src"/.[!.]* "$src"/..?*; do
                [ -e "$e" ] || [ -L "$e" ] || continue
                name=${e##*/}
                case "$name" in proc|sys|dev|run|mnt) continue ;; esac
                cp -a "$e" "$dst/" || { pxe_fail "copying $name into RAM failed (is copytoram_size= large enough?)"; return 1; }
            done
            for name in proc sys dev run mnt; do
                mkdir -p "$dst/$name"
            done
            chmod 555 "$dst/proc" "$dst/sys"
        }

        # pxe_clear: forget the boot-time state (temporary files, the interface variable) once the root is in RAM.
        pxe_clear() {
            rm -rf /run/pxe
            unset pxe_iface
        }
        """;

    public static string NfsHandler => """
        local newroot="$1" srv path opts
        case "${pxe_nfs_srv}" in
            ?*:/*) ;;
            *) pxe_fail "pxe_nfs_srv must be HOST:/PATH (got '${pxe_nfs_srv}')"; return 1 ;;
        esac
        srv=${pxe_nfs_srv%%:*}
        path=${pxe_nfs_srv#*:}
        opts="${pxe_nfs_default_opts},addr=$srv${pxe_nfs_opts:+,$pxe_nfs_opts}"
        mkdir -p /run/pxe/nfs
        msg ":: pxe: mounting $srv:$path ($opts)"
        mount -t nfs -o "$opts" "$srv:$path" /run/pxe/nfs || { pxe_fail "cannot mount the NFS root $srv:$path with $opts"; return 1; }
        pxe_mount_ram "$newroot" || { umount /run/pxe/nfs; return 1; }
        msg ":: pxe: copying $srv:$path into RAM"
        pxe_copy_root /run/pxe/nfs "$newroot" || { umount /run/pxe/nfs; return 1; }
        umount /run/pxe/nfs || { pxe_fail "cannot unmount the NFS root"; return 1; }
        pxe_net_down
        pxe_clear
        msg ":: pxe: root copied into RAM; NFS unmounted and network down"
        """;

    public static string HttpFunctions => """
        # pxe_http_fetch URL FILE: download with busybox wget, printing a progress line every second.
        pxe_http_fetch() {
            local url="$1" out="$2" pid size
            wget -q -O "$out" "$url" &
            pid=$!
            while kill -0 "$pid" 2>/dev/null; do
                sleep 1
                size=$(wc -c < "$out" 2>/dev/null || echo 0)
                echo "pxe_http_ram: $((size / 1024)) KiB of $url"
            done
            wait "$pid"
        }

        # pxe_http_verify FILE URL: SHA-256 from pxe_http_sha256=, else from URL.sha256; refuse a mismatch.
        pxe_http_verify() {
            local file="$1" url="$2" expected actual
            expected=${pxe_http_sha256}
            if [ -z "$expected" ] && wget -q -O /run/pxe/root.sha256 "$url.sha256" 2>/dev/null; then
                read -r expected _ < /run/pxe/root.sha256
            fi
            if [ -z "$expected" ]; then
                [ "${pxe_http_verify}" = y ] && { pxe_fail "no SHA-256 for $url (pxe_http_sha256= or $url.sha256) and pxe_http_verify=y"; return 1; }
                msg ":: pxe: no SHA-256 published for $url; not verified"
                return 0
            fi
            actual=$(sha256sum "$file" | cut -d ' ' -f 1)
            expected=$(echo "$expected" | tr 'ABCDEF' 'abcdef')
            [ "$actual" = "$expected" ] || { pxe_fail "SHA-256 mismatch for $url: expected $expected, got $actual"; return 1; }
            msg ":: pxe: SHA-256 verified ($actual)"
        }
        """;

    public static string HttpHandler => """
        local newroot="$1" url="${pxe_http_srv}" file magic d
        case "$url" in
            http://?*|https://?*) ;;
            *) pxe_fail "pxe_http_srv must be an http:// or https:// URL (got '$url')"; return 1 ;;
        esac
        pxe_mount_ram "$newroot" || return 1
        mkdir -p /run/pxe
        file="$newroot/.pxe-root-image"
        msg ":: pxe: downloading $url"
        pxe_http_fetch "$url" "$file" || { pxe_fail "downloading $url failed"; return 1; }
        pxe_http_verify "$file" "$url" || return 1
        magic=$(head -c 6 "$file" | od -An -tx1 | tr -d ' \n')
        case "$magic" in
            1f8b*) tar -xzf "$file" -C "$newroot" || { pxe_fail "unpacking the gzip tarball failed"; return 1; } ;;
            fd377a585a00) tar -xJf "$file" -C "$newroot" || { pxe_fail "unpacking the xz tarball failed"; return 1; } ;;
            68737173*)
                mkdir -p /run/pxe/squashfs
                mount -t squashfs -o loop,ro "$file" /run/pxe/squashfs || { pxe_fail "cannot mount the squashfs image (squashfs and loop modules?)"; return 1; }
                pxe_copy_root /run/pxe/squashfs "$newroot" || { umount /run/pxe/squashfs; return 1; }
                umount /run/pxe/squashfs
                ;;
            *)
                if [ "$(dd if="$file" bs=1 skip=257 count=5 2>/dev/null)" = ustar ]; then
                    tar -xf "$file" -C "$newroot" || { pxe_fail "unpacking the tarball failed"; return 1; }
                else
                    pxe_fail "$url is neither a tarball (plain, gzip, xz) nor a squashfs image (magic $magic)"
                    return 1
                fi
                ;;
        esac
        rm -f "$file"
        for d in proc sys dev run mnt; do
            rm -rf "${newroot:?}/$d"
            mkdir -p "$newroot/$d"
        done
        pxe_net_down
        pxe_clear
        msg ":: pxe: root unpacked into RAM; network down"
        """;

    public static string MainBody(string variable) => $$"""
        [ -n "${{{variable}}}" ] || return 0
        pxe_net_up || return 1
        """;
}
