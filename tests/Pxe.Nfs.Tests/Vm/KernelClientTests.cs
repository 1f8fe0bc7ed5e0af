using System.Text.RegularExpressions;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Vm;

/// <summary>
/// The Linux kernel NFS client (Debian's 6.1 kernel, booted directly under QEMU/TCG with a small busybox initramfs
/// built here) mounts <c>pxe nfs</c> over TCP, runs a file-system workload, keeps going through its old file handles
/// while the server restarts, then remounts with MOUNT over UDP and verifies everything.
/// </summary>
[Trait("Category", "Vm")]
public sealed class KernelClientTests
{
    private static readonly TimeSpan VmLimit = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Kernel_client_workload_survives_a_server_restart()
    {
        PeerResult fetch = await PeerProcess.RunAsync(Path.Combine(Repo.Root, "scripts", "fetch-kernel.sh"), [], TimeSpan.FromMinutes(5));
        Assert.True(fetch.ExitCode == 0, fetch.Output);
        string kernelRoot = fetch.StandardOutput.Trim();
        string vmlinuz = Directory.GetFiles(Path.Combine(kernelRoot, "boot"), "vmlinuz-*").Single();

        using var temp = new TempDirectory();
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);
        string export = Path.Combine(temp.Path, "root");
        string seed = Path.Combine(export, "seed");
        Directory.CreateDirectory(Path.Combine(seed, "d1", "d2"));
        File.WriteAllText(Path.Combine(seed, "a.txt"), "alpha\n");
        var random = new Random(3);
        foreach ((string name, int size) in new[] { ("d1/b.bin", 70_000), ("d1/d2/empty", 0), ("d1/d2/mib1", 1_048_577), ("d1/page", 4096) })
        {
            byte[] data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(seed, name), data);
        }

        string initrd = Path.Combine(temp.Path, "initrd.gz");
        string vmDir = Path.Combine(AppContext.BaseDirectory, "Vm");
        PeerResult mk = await PeerProcess.RunAsync("sh", [Path.Combine(vmDir, "make-initramfs.sh"), kernelRoot, Path.Combine(vmDir, "workload-init.sh"), initrd], TimeSpan.FromMinutes(2));
        Assert.True(mk.ExitCode == 0, mk.Output);

        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync("nfs");
        await ns.AddBridgeAsync("br0", "10.77.0.1/24");
        await ns.AddTapAsync("tap0", "br0");
        string[] serverArgs = [Repo.PxeDll, "nfs", "--export", export + "=/root", "--read-write", "--no-root-squash", "--listen", "10.77.0.1"];
        PeerProcess server = ns.Start("dotnet", serverArgs);
        PeerProcess? restarted = null;
        try
        {
            await WaitForAsync(() => server.StandardOutputSoFar.Contains("portmap", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => server.StandardOutputSoFar + server.StandardErrorSoFar);

            string serial = Path.Combine(temp.Path, "serial.log");
            PeerProcess vm = ns.Start("timeout", ((int)VmLimit.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "qemu-system-x86_64",
                "-accel", "tcg", "-m", "512", "-nographic", "-monitor", "none", "-serial", "file:" + serial, "-no-reboot",
                "-kernel", vmlinuz, "-initrd", initrd,
                "-append", "console=ttyS0 quiet panic=-1 nfsserver=10.77.0.1 nfsexport=/root guestip=10.77.0.2 mountproto=tcp",
                "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no", "-device", "virtio-net-pci,netdev=n0");
            string Log() => File.Exists(serial) ? File.ReadAllText(serial) : string.Empty;

            await WaitForAsync(() => Log().Contains("NFSTEST WAITING", StringComparison.Ordinal) || Log().Contains("NFSTEST FAIL", StringComparison.Ordinal) || vm.HasExited, VmLimit, Log);
            Assert.DoesNotContain("NFSTEST FAIL", Log(), StringComparison.Ordinal);
            Assert.Contains("NFSTEST COPY OK", Log(), StringComparison.Ordinal);

            // restart the server while the guest holds handles (and an open file) from the first instance
            // SIGTERM, as a service manager would stop it (the namespace owns the process object and disposes it)
            PeerResult term = await PeerProcess.RunAsync("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            Assert.True(term.ExitCode == 0, term.Output);
            await WaitForAsync(() => server.HasExited, TimeSpan.FromSeconds(20), () => server.StandardOutputSoFar + server.StandardErrorSoFar);
            Assert.Contains("NFS: stopped", server.StandardOutputSoFar, StringComparison.Ordinal);
            restarted = ns.Start("dotnet", serverArgs);
            await WaitForAsync(() => restarted.StandardOutputSoFar.Contains("portmap", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => restarted.StandardOutputSoFar + restarted.StandardErrorSoFar);

            await WaitForAsync(() => vm.HasExited, VmLimit, Log);
            string log = Log();
            Assert.DoesNotContain("NFSTEST FAIL", log, StringComparison.Ordinal);
            Assert.Contains("NFSTEST OLD HANDLES OK", log, StringComparison.Ordinal);
            Assert.Contains("NFSTEST MOUNTED udp", log, StringComparison.Ordinal);
            Assert.Contains("NFSTEST REMOUNT OK", log, StringComparison.Ordinal);

            // what the guest did is on the server's disk with the right metadata
            string work = Path.Combine(export, "work");
            Assert.Equal("renamed/a.txt", new FileInfo(Path.Combine(work, "link")).LinkTarget);
            Assert.Equal("alpha\n", File.ReadAllText(Path.Combine(work, "renamed", "a.txt")));
            Assert.Equal(5_000_000, new FileInfo(Path.Combine(work, "big")).Length);
            Match bigSum = Regex.Match(log, "NFSTEST BIGSUM ([0-9a-f]{64})");
            Assert.True(bigSum.Success, log);
            Assert.Equal(bigSum.Groups[1].Value, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(work, "big")))));
            PeerResult stat = await PeerProcess.RunAsync("stat", ["-c", "%F %t:%T %a:%u:%g", Path.Combine(work, "null"), Path.Combine(work, "perm"), Path.Combine(work, "fifo")], TimeSpan.FromSeconds(10));
            string[] lines = stat.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("character special file 1:3", lines[0], StringComparison.Ordinal);
            Assert.EndsWith("640:1234:5678", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("fifo", lines[2], StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(work, "hard")));
        }
        finally
        {
            // stop what this test started explicitly, so nothing outlives the namespace
            foreach (PeerProcess? p in new[] { server, restarted })
            {
                if (p is not null && !p.HasExited)
                {
                    await PeerProcess.RunAsync("kill", ["-KILL", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
                }
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit, Func<string> diagnostics)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out; log:\n" + diagnostics());
            await Task.Delay(200);
        }
    }
}
