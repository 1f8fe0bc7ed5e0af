using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Cli;

/// <summary>The <c>pxe initcpio</c>, <c>pxe cpio</c> and <c>pxe initramfs</c> commands, run as the built binary.</summary>
public sealed class PxeCommandTests
{
    [Fact]
    public async Task InitcpioHookWritesInstallAndRuntimeScripts()
    {
        using var tmp = new TempDir();
        PeerResult r = await PxeHost.RunAsync("initcpio", "hook", "pxe_nfs_ram", "--out", tmp.Path);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal(InstallScriptWriter.Write(PxeHooks.NfsRam()), await File.ReadAllTextAsync(Path.Combine(tmp.Path, "install/pxe_nfs_ram")));
        Assert.Equal(RuntimeScriptWriter.Write(PxeHooks.NfsRam()), await File.ReadAllTextAsync(Path.Combine(tmp.Path, "hooks/pxe_nfs_ram")));

        PeerResult unknown = await PxeHost.RunAsync("initcpio", "hook", "nope", "--out", tmp.Path);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown hook 'nope'", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CpioCreateListExtractRoundTripWithGnuCpio()
    {
        using var tmp = new TempDir();
        string source = tmp.Sub("src");
        await TestTree.CreateSampleAsync(source);
        string archive = Path.Combine(tmp.Path, "a.cpio.gz");
        PeerResult create = await PxeHost.RunAsync("cpio", "create", source, "-o", archive, "--gzip");
        Assert.True(create.ExitCode == 0, create.Output);

        string gnu = tmp.Sub("gnu");
        await TestTree.Sh($"cd '{gnu}' && gzip -dc '{archive}' | cpio -idmu --quiet");
        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(gnu));

        PeerResult list = await PxeHost.RunAsync("cpio", "list", archive);
        Assert.True(list.ExitCode == 0, list.Output);
        string gnuList = await TestTree.Sh($"gzip -dc '{archive}' | cpio -it --quiet");
        Assert.Equal(gnuList.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries)[5].Split(" -> ")[0]));
        Assert.Matches(@"(?m)^crw-r--r-- 0/0 +1,3 2021-03-04 05:06:07 dev/null-copy$", list.StandardOutput.Replace("\r", "", StringComparison.Ordinal));
        Assert.Matches(@"(?m)^-rwsr-xr-x 0/0 +\d+ 2021-03-04 05:06:07 bin/tool$", list.StandardOutput);
        Assert.Matches(@"(?m)^lrwxrwxrwx 42/43 +11 2021-03-04 05:06:07 usr/tool-link -> ../bin/tool$", list.StandardOutput);

        string ours = tmp.Sub("ours");
        PeerResult extract = await PxeHost.RunAsync("cpio", "extract", archive, "-C", ours);
        Assert.True(extract.ExitCode == 0, extract.Output);
        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(ours));
    }

    [Fact]
    public async Task MalformedArchivesGiveOneClearLineAndExitOne()
    {
        using var tmp = new TempDir();
        string source = tmp.Sub("src");
        await TestTree.Sh($"cd '{source}' && head -c 5000 /dev/urandom > f");
        string good = Path.Combine(tmp.Path, "good.cpio");
        await TestTree.Sh($"cd '{source}' && find . | cpio -o --quiet -H newc > '{good}'");
        byte[] bytes = await File.ReadAllBytesAsync(good);

        var cases = new Dictionary<string, byte[]>
        {
            ["truncated"] = bytes[..3000],
            ["garbage"] = "this is not an archive at all"u8.ToArray(),
            ["xz"] = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3],
            ["empty"] = [],
        };
        foreach ((string name, byte[] content) in cases)
        {
            string path = Path.Combine(tmp.Path, name);
            await File.WriteAllBytesAsync(path, content);
            foreach (string[] args in new[] { new[] { "cpio", "list", path }, ["cpio", "extract", path, "-C", Path.Combine(tmp.Path, "out-" + name)] })
            {
                PeerResult r = await PxeHost.RunAsync(args);
                Assert.True(r.ExitCode == 1, $"{name}: {r.Output}");
                Assert.StartsWith("pxe cpio ", r.StandardError, StringComparison.Ordinal);
                Assert.Contains("malformed cpio archive", r.StandardError, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", r.StandardError, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task InitramfsBuildNamesMissingModulesAndBuildsAnImage()
    {
        using var tmp = new TempDir();
        string image = Path.Combine(tmp.Path, "initrd.img");
        PeerResult bad = await PxeHost.RunAsync("initramfs", "build", "--kernel-root", KernelPackage.Root, "--modules", "no_such_mod", "-o", image);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("no_such_mod", bad.StandardError, StringComparison.Ordinal);

        PeerResult ok = await PxeHost.RunAsync("initramfs", "build", "--kernel-root", KernelPackage.Root, "--modules", "virtio_pci,virtio_net",
            "--hooks", "pxe_nfs_ram", "--file", "/etc/hostname:/etc/hostname", "-o", image);
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Contains("hooks [pxe_nfs_ram]", ok.StandardOutput, StringComparison.Ordinal);
        string names = await TestTree.Sh($"gzip -dc '{image}' | cpio -it --quiet");
        Assert.Contains("hooks/pxe_nfs_ram\n", names, StringComparison.Ordinal);
        Assert.Contains("etc/hostname\n", names, StringComparison.Ordinal);
        Assert.Contains("/kernel/fs/nfs/nfsv3.ko\n", names, StringComparison.Ordinal);
    }
}
