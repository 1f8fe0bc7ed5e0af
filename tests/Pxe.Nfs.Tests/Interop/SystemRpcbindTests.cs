using Pxe.Testing;

namespace Pxe.Nfs.Tests.Interop;

/// <summary>
/// <c>pxe nfs</c> on a machine whose port 111 belongs to the system's rpcbind (Debian's, in a namespace of its own
/// with a private /run): it registers NFS and MOUNT with rpcbind instead of failing, real clients find it through
/// rpcbind, and the mappings go away when it stops — also after a <c>kill -9</c> and a restart.
/// </summary>
public sealed class SystemRpcbindTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<PeerProcess> StartPxeNfsAsync(NetworkNamespace ns, string export)
    {
        PeerProcess server = ns.Start("dotnet", Repo.PxeDll, "nfs", "--export", export + "=/exp", "--listen", "127.0.0.1");
        bool registered = await server.WaitForOutputAsync("registered 8 mappings", Limit);
        Assert.True(registered, "pxe nfs did not register with rpcbind:\n" + server.StandardOutputSoFar + server.StandardErrorSoFar);
        return server;
    }

    private static async Task<string> PortmapListAsync(NetworkNamespace ns)
    {
        PeerResult r = await ns.ExecAsync(Limit, "rpcinfo", "-p", "127.0.0.1");
        Assert.True(r.ExitCode == 0, r.Output);
        return r.StandardOutput;
    }

    private static int Count(string listing, string program) =>
        listing.Split('\n').Count(l => l.TrimStart().StartsWith(program + " ", StringComparison.Ordinal));

    [Fact]
    public async Task Registers_with_a_running_rpcbind_serves_clients_through_it_and_unregisters_on_stop()
    {
        using var temp = new TempDirectory();
        string export = Directory.CreateDirectory(Path.Combine(temp.Path, "export")).FullName;
        await File.WriteAllTextAsync(Path.Combine(export, "hello.txt"), "found through rpcbind\n");
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);

        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync("rpcb");
        PeerProcess rpcbind = ns.Start("unshare", "-m", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs tmpfs /run && mkdir -p /run/rpcbind && exec rpcbind -f -w");
        for (int i = 0; (await ns.ExecAsync(Limit, "rpcinfo", "-p", "127.0.0.1")).ExitCode != 0; i++)
        {
            Assert.False(rpcbind.HasExited, "rpcbind exited: " + rpcbind.StandardErrorSoFar);
            Assert.True(i < 100, "rpcbind did not answer within 10 s");
            await Task.Delay(100);
        }

        PeerProcess server = await StartPxeNfsAsync(ns, export);
        string listing = await PortmapListAsync(ns);
        Assert.Equal(2, Count(listing, "100003")); // NFSv3 over TCP and UDP
        Assert.Equal(6, Count(listing, "100005")); // MOUNT v1–3 over TCP and UDP
        Assert.Contains("100000", listing, StringComparison.Ordinal); // rpcbind still answers for itself

        PeerResult showmount = await ns.ExecAsync(Limit, "showmount", "-e", "127.0.0.1");
        Assert.True(showmount.ExitCode == 0, showmount.Output);
        Assert.Contains("/exp", showmount.StandardOutput, StringComparison.Ordinal);
        string copy = Path.Combine(temp.Path, "copy.txt");
        PeerResult cp = await ns.ExecAsync(Limit, "nfs-cp", "nfs://127.0.0.1/exp/hello.txt?version=3", copy);
        Assert.True(cp.ExitCode == 0, cp.Output);
        Assert.Equal("found through rpcbind\n", await File.ReadAllTextAsync(copy));

        // kill -9 leaves stale mappings behind; the next start replaces them.
        await PeerProcess.ShellAsync($"kill -9 {server.Id}", Limit);
        await server.WaitAsync(Limit);
        Assert.Equal(2, Count(await PortmapListAsync(ns), "100003"));
        server = await StartPxeNfsAsync(ns, export);
        Assert.Equal(2, Count(await PortmapListAsync(ns), "100003"));

        PeerResult stopped = await server.StopAsync(TimeSpan.FromSeconds(10));
        Assert.False(stopped.TimedOut, stopped.Output);
        listing = await PortmapListAsync(ns);
        Assert.Equal(0, Count(listing, "100003"));
        Assert.Equal(0, Count(listing, "100005"));
        Assert.Contains("100000", listing, StringComparison.Ordinal);
    }
}
