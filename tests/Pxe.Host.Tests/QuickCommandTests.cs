using System.Text.RegularExpressions;
using Pxe.Ipxe;
using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary>
/// <c>pxe quick archiso|alpine|rootfs</c> as a process on loopback: the script iPXE would get is valid, and every URL
/// it (and the distribution's own init, through the command line) fetches is served with the right bytes, checked
/// with curl. The directory layouts are the distributions' real ones, filled with stand-in bytes.
/// </summary>
public sealed partial class QuickCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Loopback only, ephemeral ports, no DHCP (no interface): what is left is the HTTP and TFTP side.</summary>
    private static readonly string[] LoopbackOnly =
    [
        "--server-ip", "127.0.0.1", "--http-port", "0",
        "--set", "Pxe:Serve:EnableDhcp=false", "--set", "Pxe:Serve:HttpListenAddress=127.0.0.1",
        "--set", "Pxe:Tftp:ListenAddress=127.0.0.1", "--set", "Pxe:Tftp:Port=0",
        "--set", "Pxe:Nfs:ListenAddress=127.0.0.1", "--set", "Pxe:Nfs:Port=0", "--set", "Pxe:Nfs:MountPort=0", "--set", "Pxe:Nfs:EnablePortmap=false",
    ];

    [GeneratedRegex(@"status page (http://127\.0\.0\.1:\d+)/status")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex UrlPattern();

    private static async Task<(PeerProcess Quick, string HttpBase)> StartAsync(params string[] args)
    {
        PeerProcess quick = PeerProcess.Start("dotnet", [Repository.PxeHostDll, "quick", .. args, .. LoopbackOnly]);
        bool up = await quick.WaitForOutputAsync("status page http://", Limit);
        Match m = StatusLine().Match(quick.StandardOutputSoFar);
        if (!up || !m.Success)
        {
            string output = quick.StandardOutputSoFar + quick.StandardErrorSoFar;
            await quick.DisposeAsync();
            Assert.Fail("pxe quick did not start:\n" + output);
        }

        return (quick, m.Groups[1].Value);
    }

    private static async Task<byte[]> CurlAsync(string url)
    {
        string file = Path.GetTempFileName();
        try
        {
            PeerResult r = await PeerProcess.RunAsync("curl", ["-sS", "--fail", "--max-time", "20", "-o", file, url], Limit);
            Assert.True(r.ExitCode == 0, url + "\n" + r.Output);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Fetches the generated script, checks it parses cleanly and returns it with its kernel line.</summary>
    private static async Task<(string Script, string KernelLine)> ScriptAsync(string httpBase)
    {
        string script = System.Text.Encoding.UTF8.GetString(await CurlAsync(httpBase + "/boot.ipxe?mac=52:54:00:00:00:01"));
        IpxeScript parsed = IpxeParser.Parse(script);
        Assert.True(parsed.Diagnostics.Count == 0, string.Join("\n", parsed.Diagnostics) + "\n" + script);
        string kernelLine = script.Split('\n').Single(l => l.TrimStart().StartsWith("kernel ", StringComparison.Ordinal));
        return (script, kernelLine);
    }

    private static void Write(string root, string relative, int length, byte seed)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray());
    }

    [Fact]
    public async Task Archiso_serves_kernel_microcode_initramfs_and_the_airootfs_its_hook_fetches()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-quick-archiso-");
        try
        {
            string root = dir.FullName;
            Write(root, "arch/boot/x86_64/vmlinuz-linux", 300_000, 1);
            Write(root, "arch/boot/x86_64/initramfs-linux.img", 200_000, 2);
            Write(root, "arch/boot/intel-ucode.img", 9_000, 3);
            Write(root, "arch/boot/amd-ucode.img", 7_000, 4);
            Write(root, "arch/x86_64/airootfs.sfs", 1_000_000, 5);
            (PeerProcess quick, string http) = await StartAsync("archiso", root);
            await using (quick)
            {
                (string script, string kernelLine) = await ScriptAsync(http);
                Assert.Contains($"archisobasedir=arch archiso_http_srv={http}/ ip=dhcp", kernelLine, StringComparison.Ordinal);

                // Microcode first, then the initramfs, each named on the command line for the EFI stub.
                string[] initrds = [.. script.Split('\n').Where(l => l.TrimStart().StartsWith("initrd ", StringComparison.Ordinal)).Select(l => UrlPattern().Match(l).Value)];
                Assert.Equal(["intel-ucode.img", "amd-ucode.img", "initramfs-linux.img"], initrds.Select(u => u[(u.LastIndexOf('/') + 1)..]));
                Assert.Contains("initrd=intel-ucode.img initrd=amd-ucode.img initrd=initramfs-linux.img", kernelLine, StringComparison.Ordinal);

                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "arch/boot/x86_64/vmlinuz-linux")), await CurlAsync(UrlPattern().Match(kernelLine).Value));
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "arch/boot/intel-ucode.img")), await CurlAsync(initrds[0]));
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "arch/boot/x86_64/initramfs-linux.img")), await CurlAsync(initrds[2]));

                // archiso_pxe_http fetches ${archiso_http_srv}${archisobasedir}/x86_64/airootfs.sfs.
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "arch/x86_64/airootfs.sfs")), await CurlAsync($"{http}/arch/x86_64/airootfs.sfs"));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Alpine_serves_the_netboot_files_and_points_init_at_modloop_repo_and_overlay()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-quick-alpine-");
        try
        {
            string root = dir.FullName;
            Write(root, "boot/vmlinuz-virt", 100_000, 9);
            Write(root, "boot/initramfs-virt", 100_000, 9); // no modloop-virt: not a usable flavour
            Write(root, "boot/vmlinuz-lts", 300_000, 1);
            Write(root, "boot/initramfs-lts", 200_000, 2);
            Write(root, "boot/modloop-lts", 500_000, 3);
            Write(root, "overlay/host.apkovl.tar.gz", 2_000, 4);
            (PeerProcess quick, string http) = await StartAsync("alpine", root, "--repo", "http://127.0.0.1:1/alpine/main", "--apkovl", "overlay/host.apkovl.tar.gz");
            await using (quick)
            {
                (string script, string kernelLine) = await ScriptAsync(http);
                Assert.Contains($"modloop={http}/boot/modloop-lts", kernelLine, StringComparison.Ordinal);
                Assert.Contains("alpine_repo=http://127.0.0.1:1/alpine/main", kernelLine, StringComparison.Ordinal);
                Assert.Contains($"apkovl={http}/overlay/host.apkovl.tar.gz", kernelLine, StringComparison.Ordinal);
                Assert.Contains("initrd=initramfs-lts", kernelLine, StringComparison.Ordinal);
                string initrdUrl = UrlPattern().Match(script.Split('\n').Single(l => l.TrimStart().StartsWith("initrd ", StringComparison.Ordinal))).Value;

                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "boot/vmlinuz-lts")), await CurlAsync(UrlPattern().Match(kernelLine).Value));
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "boot/initramfs-lts")), await CurlAsync(initrdUrl));
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "boot/modloop-lts")), await CurlAsync($"{http}/boot/modloop-lts"));
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "overlay/host.apkovl.tar.gz")), await CurlAsync($"{http}/overlay/host.apkovl.tar.gz"));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Rootfs_exports_the_tree_for_the_nfs_ram_hook_and_serves_its_kernel()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-quick-rootfs-");
        try
        {
            string tree = Directory.CreateDirectory(Path.Combine(dir.FullName, "tree")).FullName;
            Write(tree, "boot/vmlinuz-6.1.0-1-amd64", 100_000, 1);
            Write(tree, "boot/vmlinuz-6.1.0-9-amd64", 300_000, 2);
            Write(tree, "etc/hostname", 10, 3);
            string initrd = Path.Combine(dir.FullName, "initrd.img");
            Write(dir.FullName, "initrd.img", 200_000, 4);
            (PeerProcess quick, string http) = await StartAsync("rootfs", tree, "--initrd", initrd);
            await using (quick)
            {
                (string script, string kernelLine) = await ScriptAsync(http);
                Assert.Contains("pxe_nfs_srv=127.0.0.1:/rootfs", kernelLine, StringComparison.Ordinal);
                Assert.Contains("initrd=initrd.img", kernelLine, StringComparison.Ordinal);
                string initrdUrl = UrlPattern().Match(script.Split('\n').Single(l => l.TrimStart().StartsWith("initrd ", StringComparison.Ordinal))).Value;
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(tree, "boot/vmlinuz-6.1.0-9-amd64")), await CurlAsync(UrlPattern().Match(kernelLine).Value));
                Assert.Equal(await File.ReadAllBytesAsync(initrd), await CurlAsync(initrdUrl));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("archiso", "arch/boot/x86_64/vmlinuz-linux not found")]
    [InlineData("alpine", "no vmlinuz-FLAVOR with its initramfs-FLAVOR and modloop-FLAVOR")]
    [InlineData("rootfs", "--initrd FILE is required")]
    public async Task A_directory_that_does_not_fit_the_preset_exits_2_with_what_is_missing(string preset, string reason)
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-quick-empty-");
        try
        {
            PeerResult r = await PeerProcess.RunAsync("dotnet", [Repository.PxeHostDll, "quick", preset, dir.FullName, .. LoopbackOnly], Limit);
            Assert.True(r.ExitCode == 2, r.Output);
            Assert.Contains(reason, r.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
