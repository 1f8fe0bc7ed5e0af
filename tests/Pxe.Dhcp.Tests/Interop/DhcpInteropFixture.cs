using System.Globalization;
using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Interop;

/// <summary>
/// A server namespace with <c>pxe dhcp</c> on one end of a veth pair and a client namespace on the other, for
/// real clients (busybox udhcpc, ISC dhclient, perfdhcp). Everything lives in namespaces this test creates.
/// </summary>
internal sealed class DhcpLab : IAsyncDisposable
{
    public const string ServerIp = "10.77.0.1";
    public const string ServerIf = "dhs0";
    public const string ClientIf = "dhc0";

    private DhcpLab(NetworkNamespace server, NetworkNamespace client, string dir)
    {
        Server = server;
        Client = client;
        Directory = dir;
    }

    public NetworkNamespace Server { get; }

    public NetworkNamespace Client { get; }

    public string Directory { get; }

    public PeerProcess? Pxe { get; private set; }

    public static async Task<DhcpLab> CreateAsync(string? clientCidr = null)
    {
        NetworkNamespace server = await NetworkNamespace.CreateAsync("dhcp");
        try
        {
            NetworkNamespace client = await server.AddPeerNamespaceAsync("dhcpc", ServerIf, ServerIp + "/20", ClientIf, clientCidr);
            string dir = System.IO.Directory.CreateTempSubdirectory("pxe-dhcp-interop").FullName;
            return new DhcpLab(server, client, dir);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public static string PxeDll => Repository.PxeHostDll;

    /// <summary>Starts <c>pxe dhcp</c> in the server namespace and waits until it listens.</summary>
    public async Task<PeerProcess> StartPxeAsync(params string[] extra)
    {
        string[] args = [PxeDll, "dhcp", "--interface", ServerIf, "--server-ip", ServerIp, "--subnet-mask", "255.255.240.0", .. extra];
        Pxe = Server.Start("dotnet", args);
        bool up = await Pxe.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(30));
        Assert.True(up, $"pxe dhcp did not start:\n{Pxe.StandardOutputSoFar}\n{Pxe.StandardErrorSoFar}");
        return Pxe;
    }

    /// <summary>Kills the server with SIGKILL (no flush, no cleanup) and waits for it to be gone.</summary>
    public async Task KillPxeAsync()
    {
        Assert.NotNull(Pxe);
        await PeerProcess.RunAsync("kill", ["-9", Pxe.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        await Pxe.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Writes a udhcpc/dhclient hook that appends the environment of each event to <paramref name="dumpFile"/>.</summary>
    public string WriteDumpScript(string name, string dumpFile)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"EVENT=$1 $reason\" >> '{dumpFile}'\nenv | sort >> '{dumpFile}'\necho ---- >> '{dumpFile}'\nexit 0\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>Runs busybox udhcpc once in the client namespace and returns the environment of its <c>bound</c> event.</summary>
    public async Task<Dictionary<string, string>> UdhcpcAsync(string tag, params string[] extra)
    {
        string dump = Path.Combine(Directory, tag + ".env");
        File.Delete(dump);
        string script = WriteDumpScript(tag + ".sh", dump);
        PeerResult r = await Client.ExecAsync(TimeSpan.FromSeconds(30), "busybox", ["udhcpc", "-f", "-q", "-n", "-t", "4", "-T", "1", "-i", ClientIf, "-s", script, .. extra]);
        Assert.True(r.ExitCode == 0, $"udhcpc failed: {r.Output}\nserver:\n{Pxe?.StandardOutputSoFar}{Pxe?.StandardErrorSoFar}");
        return ParseBound(File.ReadAllText(dump), "EVENT=bound");
    }

    public static Dictionary<string, string> ParseBound(string dump, string marker)
    {
        int at = dump.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no '{marker}' event in:\n{dump}");
        int end = dump.IndexOf("----", at, StringComparison.Ordinal);
        var env = new Dictionary<string, string>();
        foreach (string line in dump[at..end].Split('\n'))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[line[..eq]] = line[(eq + 1)..];
            }
        }

        return env;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
