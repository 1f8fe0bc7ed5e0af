using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Vm;

/// <summary>
/// Boots the Debian kernel in QEMU (TCG, direct kernel boot) inside a private network namespace with an image from
/// <c>pxe initramfs build</c>, fetches the root over NFS (from <c>pxe nfs</c>) or HTTP (busybox httpd), copies it into
/// RAM and switch_roots into it; the new root's /sbin/init reports what / is and what is still mounted, then powers off.
/// </summary>
[Collection("vm")]
public sealed class RamRootBootTests
{
    private const string ServerAddress = "10.77.0.1";
    private static readonly TimeSpan BootLimit = TimeSpan.FromSeconds(150);

    // The new root's init: prints the marker line the test looks for, then powers off.
    private const string MarkerInit = """
        #!/bin/busybox sh
        export PATH=/bin
        /bin/busybox mount -t proc proc /proc 2>/dev/null
        root=$(/bin/busybox awk '$2 == "/" { t = $3 } END { print t }' /proc/mounts)
        net=$(/bin/busybox grep -c -E ' (nfs|nfs4|squashfs) ' /proc/mounts)
        addrs=$(/bin/busybox ip -4 -o addr show | /bin/busybox grep -vc ' lo ')
        mnt=$(/bin/busybox ls -A /mnt | /bin/busybox wc -l)
        echo "PXE-ROOT-MARKER root=$root netmounts=$net addrs=$addrs pid=$$ odd=$(/bin/busybox cat '/odd name') mnt=$mnt"
        /bin/busybox poweroff -f
        """;

    [Fact]
    public async Task PxeHttpRamBootsATarballFromBusyboxHttpdOverDhcp()
    {
        using var tmp = new TempDir();
        string root = await CreateRootAsync(tmp);
        string www = tmp.Sub("www");
        await TestTree.Sh($"tar -C '{root}' -czf '{www}/root.tar.gz' . && cd '{www}' && sha256sum root.tar.gz | cut -d ' ' -f 1 > root.tar.gz.sha256");
        string image = await BuildImageAsync(tmp, "pxe_http_ram");

        await using NetworkNamespace ns = await CreateNetworkAsync();
        string udhcpd = Path.Combine(tmp.Path, "udhcpd.conf");
        await File.WriteAllTextAsync(udhcpd, $"""
            start 10.77.0.100
            end 10.77.0.110
            interface br0
            lease_file {tmp.Path}/udhcpd.leases
            pidfile {tmp.Path}/udhcpd.pid
            opt subnet 255.255.255.0
            opt router {ServerAddress}

            """);
        await File.WriteAllTextAsync(Path.Combine(tmp.Path, "udhcpd.leases"), string.Empty);
        ns.Start("busybox", "udhcpd", "-f", udhcpd);
        ns.Start("busybox", "httpd", "-f", "-p", $"{ServerAddress}:8080", "-h", www);

        string log = await BootAsync(ns, tmp, image, $"ip=dhcp pxe_http_srv=http://{ServerAddress}:8080/root.tar.gz");
        Assert.Contains("requesting an address with DHCP on eth0", log, StringComparison.Ordinal);
        Assert.Matches(@"pxe_http_ram: \d+ KiB of http://10.77.0.1:8080/root.tar.gz", log);
        Assert.Contains("SHA-256 verified", log, StringComparison.Ordinal);
        Assert.Contains("PXE-ROOT-MARKER root=tmpfs netmounts=0 addrs=0 pid=1 odd=odd mnt=0", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PxeHttpRamRefusesATamperedImage()
    {
        using var tmp = new TempDir();
        string root = await CreateRootAsync(tmp);
        string www = tmp.Sub("www");
        await TestTree.Sh($"tar -C '{root}' -czf '{www}/root.tar.gz' . && echo 0000000000000000000000000000000000000000000000000000000000000000 > '{www}/root.tar.gz.sha256'");
        string image = await BuildImageAsync(tmp, "pxe_http_ram");

        await using NetworkNamespace ns = await CreateNetworkAsync();
        ns.Start("busybox", "httpd", "-f", "-p", $"{ServerAddress}:8080", "-h", www);
        string log = await BootAsync(ns, tmp, image, $"ip=10.77.0.2::{ServerAddress}:255.255.255.0:vm:eth0:off pxe_http_srv=http://{ServerAddress}:8080/root.tar.gz");
        Assert.Contains("ERROR: pxe: SHA-256 mismatch for http://10.77.0.1:8080/root.tar.gz", log, StringComparison.Ordinal);
        Assert.Contains("pxe_failure=poweroff", log, StringComparison.Ordinal);
        Assert.DoesNotContain("PXE-ROOT-MARKER", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PxeHttpRamCopiesASquashfsImageCheckedAgainstTheCommandLineSha256()
    {
        using var tmp = new TempDir();
        string root = await CreateRootAsync(tmp);
        string www = tmp.Sub("www");
        await TestTree.Sh($"mksquashfs '{root}' '{www}/root.sfs' -noappend -quiet -all-root");
        string sha = (await TestTree.Sh($"sha256sum '{www}/root.sfs' | cut -d ' ' -f 1")).Trim();
        string image = await BuildImageAsync(tmp, "pxe_http_ram");

        await using NetworkNamespace ns = await CreateNetworkAsync();
        ns.Start("busybox", "httpd", "-f", "-p", $"{ServerAddress}:8080", "-h", www);
        string log = await BootAsync(ns, tmp, image, $"ip=10.77.0.2::{ServerAddress}:255.255.255.0:vm:eth0:off pxe_http_srv=http://{ServerAddress}:8080/root.sfs pxe_http_sha256={sha}");
        Assert.Contains($"SHA-256 verified ({sha})", log, StringComparison.Ordinal);
        Assert.Contains("PXE-ROOT-MARKER root=tmpfs netmounts=0 addrs=0 pid=1 odd=odd mnt=0", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PxeNfsRamBootsFromPxeNfsWithAStaticAddress()
    {
        using var tmp = new TempDir();
        string root = await CreateRootAsync(tmp);
        string image = await BuildImageAsync(tmp, "pxe_nfs_ram");
        await PxeHost.EnsureBuiltAsync();

        await using NetworkNamespace ns = await CreateNetworkAsync();
        PeerProcess nfs = ns.Start("dotnet", PxeHost.Dll, "nfs", "--export", root, "--listen", ServerAddress, "--no-root-squash");
        Assert.True(await nfs.WaitForOutputAsync("serving portmap", TimeSpan.FromSeconds(30)), "pxe nfs did not start: " + nfs.StandardOutputSoFar + nfs.StandardErrorSoFar);

        string log = await BootAsync(ns, tmp, image, $"ip=10.77.0.2::{ServerAddress}:255.255.255.0:vm:eth0:off pxe_nfs_srv={ServerAddress}:{root}");
        Assert.Contains($"mounting {ServerAddress}:{root}", log, StringComparison.Ordinal);
        Assert.Contains("root copied into RAM; NFS unmounted and network down", log, StringComparison.Ordinal);
        Assert.Contains("PXE-ROOT-MARKER root=tmpfs netmounts=0 addrs=0 pid=1 odd=odd mnt=0", log, StringComparison.Ordinal);
    }

    private static async Task<string> CreateRootAsync(TempDir tmp)
    {
        string root = tmp.Sub("root");
        await TestTree.Sh($"cd '{root}' && mkdir -p bin sbin proc sys dev run mnt/leftover && cp /bin/busybox bin/ && ln -s busybox bin/sh && printf odd > 'odd name' && touch mnt/leftover/not-copied");
        await File.WriteAllTextAsync(Path.Combine(root, "sbin/init"), MarkerInit.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        await TestTree.Sh($"chmod 755 '{root}/sbin/init'");
        return root;
    }

    private static async Task<string> BuildImageAsync(TempDir tmp, string hook)
    {
        string image = Path.Combine(tmp.Path, "initrd.img");
        PeerResult r = await PxeHost.RunAsync("initramfs", "build", "--kernel-root", KernelPackage.Root, "--modules", "virtio_pci,virtio_net", "--hooks", hook, "-o", image);
        Assert.True(r.ExitCode == 0, r.Output);
        return image;
    }

    private static async Task<NetworkNamespace> CreateNetworkAsync()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync("icpio");
        try
        {
            await ns.AddBridgeAsync("br0", $"{ServerAddress}/24");
            await ns.AddTapAsync("tap0", "br0");
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> BootAsync(NetworkNamespace ns, TempDir tmp, string image, string append)
    {
        string serial = Path.Combine(tmp.Path, "serial.log");
        PeerProcess qemu = ns.Start("qemu-system-x86_64",
            "-accel", "tcg", "-m", "512", "-nographic", "-monitor", "none", "-no-reboot",
            "-serial", $"file:{serial}",
            "-kernel", KernelPackage.Vmlinuz, "-initrd", image,
            "-append", $"console=ttyS0 panic=-1 pxe_failure=poweroff {append}",
            "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
            "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56");
        PeerResult result = await qemu.WaitAsync(BootLimit);
        string log = File.Exists(serial) ? await File.ReadAllTextAsync(serial) : string.Empty;
        Assert.False(result.TimedOut, $"the VM did not power off within {BootLimit.TotalSeconds} s:\n{Tail(log)}");
        return log;
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
