using Pxe.Testing;

namespace Pxe.EndToEnd.Tests;

/// <summary>
/// Built once per run: the Debian kernel (scripts/fetch-kernel.sh), an initramfs with the <c>pxe_nfs_ram</c> hook
/// built by the built host's <c>pxe initramfs build</c> (run as a separate process), and a tiny root file
/// system whose init prints <see cref="Marker"/> on the serial console and powers off.
/// </summary>
public sealed class BootArtifacts : IAsyncLifetime
{
    /// <summary>What the booted system prints once it runs from RAM.</summary>
    public const string Marker = "PXE-E2E-BOOTED";

    public string Directory { get; private set; } = string.Empty;

    public string Kernel { get; private set; } = string.Empty;

    public string Initrd { get; private set; } = string.Empty;

    public string RootFs { get; private set; } = string.Empty;

    public static string RepositoryRoot => Repository.Root;

    public async Task InitializeAsync()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pxe-e2e-").FullName;
        PeerResult fetch = await PeerProcess.RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "fetch-kernel.sh")], TimeSpan.FromMinutes(5));
        Assert.True(fetch.ExitCode == 0, fetch.Output);
        string kernelRoot = fetch.StandardOutput.Trim().Split('\n')[^1];
        Kernel = System.IO.Directory.GetFiles(Path.Combine(kernelRoot, "boot"), "vmlinuz-*").Single();

        // Built the way the issue asks for (#8): by the built host, `pxe initramfs build`, as a separate process.
        Initrd = Path.Combine(Directory, "initrd-pxe.img");
        PeerResult build = await PeerProcess.RunAsync("dotnet",
            [BootLab.PxeDll, "initramfs", "build", "--kernel-root", kernelRoot, "--modules", "virtio_pci,virtio_net,e1000", "--hooks", "pxe_nfs_ram", "--output", Initrd],
            TimeSpan.FromMinutes(2));
        Assert.True(build.ExitCode == 0, "pxe initramfs build failed:\n" + build.Output);
        Assert.True(File.Exists(Initrd) && new FileInfo(Initrd).Length > 0, $"pxe initramfs build wrote no {Initrd}:\n{build.Output}");

        RootFs = Path.Combine(Directory, "rootfs");
        foreach (string d in new[] { "bin", "sbin", "etc", "proc", "sys", "dev", "run", "tmp" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(RootFs, d));
        }

        File.Copy("/bin/busybox", Path.Combine(RootFs, "bin", "busybox"));
        File.SetUnixFileMode(Path.Combine(RootFs, "bin", "busybox"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(RootFs, "bin", "sh"), "busybox");
        string init = Path.Combine(RootFs, "sbin", "init");
        await File.WriteAllTextAsync(init, $$"""
            #!/bin/busybox sh
            /bin/busybox mount -t proc proc /proc 2>/dev/null
            fstype=$(/bin/busybox awk '$2 == "/" { t = $3 } END { print t }' /proc/mounts)
            echo "{{Marker}} root=$fstype files=$(/bin/busybox ls / | /bin/busybox wc -l)" > /dev/console
            /bin/busybox sync
            /bin/busybox poweroff -f
            """.Replace("\r", string.Empty));
        File.SetUnixFileMode(init, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(RootFs, "etc", "hostname"), "pxe-e2e\n");
        // Some bulk so the copy to RAM is a real transfer (~4 MiB of distinct blocks).
        var bulk = new byte[4 << 20];
        new Random(8).NextBytes(bulk);
        await File.WriteAllBytesAsync(Path.Combine(RootFs, "etc", "bulk.bin"), bulk);
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BootCollection : ICollectionFixture<BootArtifacts>
{
    public const string Name = "boots";
}
