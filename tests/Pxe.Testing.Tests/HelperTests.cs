using System.Diagnostics;

namespace Pxe.Testing.Tests;

/// <summary>Tests of the namespace and peer-process helpers (need root, as CI has).</summary>
public class HelperTests
{
    private static async Task<bool> NamespaceExistsAsync(string name)
    {
        PeerResult list = await PeerProcess.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, list.ExitCode);
        return list.StandardOutput.Split('\n').Any(line => line.Split(' ')[0] == name);
    }

    [Fact]
    public async Task Namespace_runs_commands_inside_and_is_gone_after_dispose()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync("captst");
        string name = ns.Name;
        try
        {
            Assert.StartsWith("captst", name, StringComparison.Ordinal);
            Assert.True(await NamespaceExistsAsync(name));
            await ns.AddBridgeAsync("br0", "10.78.0.1/24");
            await ns.AddTapAsync("tap0", "br0");
            PeerResult addr = await ns.ExecAsync(TimeSpan.FromSeconds(10), "ip", "-o", "addr", "show");
            Assert.Equal(0, addr.ExitCode);
            Assert.Contains("10.78.0.1/24", addr.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("lo", addr.StandardOutput, StringComparison.Ordinal);

            // The host does not see the namespace's interfaces.
            PeerResult host = await PeerProcess.RunAsync("ip", ["-o", "addr", "show"], TimeSpan.FromSeconds(10));
            Assert.DoesNotContain("10.78.0.1/24", host.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await ns.DisposeAsync();
        }

        Assert.False(await NamespaceExistsAsync(name));
    }

    [Fact]
    public async Task Peer_namespace_is_reachable_over_its_veth_and_both_are_removed()
    {
        NetworkNamespace server = await NetworkNamespace.CreateAsync("captst");
        string serverName = server.Name;
        string clientName;
        try
        {
            await server.AddBridgeAsync("br0", "10.78.1.1/24");
            NetworkNamespace client = await server.AddPeerNamespaceAsync("captst", "veth0", null, "eth0", "10.78.1.2/24", localBridge: "br0");
            clientName = client.Name;
            Assert.True(await NamespaceExistsAsync(clientName));

            // A real TCP connection through the veth and the bridge: busybox nc listens in the server namespace,
            // bash connects from the client namespace and sends a line.
            PeerProcess listener = server.Start("busybox", "nc", "-l", "-p", "5555");
            PeerResult send = await client.ExecAsync(
                TimeSpan.FromSeconds(20),
                "/bin/bash",
                "-c",
                "for i in $(seq 100); do echo hello-from-peer 2>/dev/null >/dev/tcp/10.78.1.1/5555 && exit 0; sleep 0.1; done; exit 1");
            Assert.True(send.ExitCode == 0, send.Output);
            Assert.True(await listener.WaitForOutputAsync("hello-from-peer", TimeSpan.FromSeconds(5)), listener.StandardErrorSoFar);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(await NamespaceExistsAsync(serverName));
        Assert.False(await NamespaceExistsAsync(clientName));
    }

    [Fact]
    public async Task Namespace_dispose_kills_processes_started_inside()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync("captst");
        PeerProcess sleeper = ns.Start("sleep", "300");
        int pid = sleeper.Id;
        await Task.Delay(200);
        Assert.False(sleeper.HasExited);
        Assert.True(Directory.Exists($"/proc/{pid}"));
        await ns.DisposeAsync();
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} survived the namespace");
    }

    [Fact]
    public async Task Failing_command_inside_a_namespace_throws_with_its_output()
    {
        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync("captst");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ns.ExecCheckedAsync("ip", "link", "set", "nosuchdev0", "up"));
        Assert.Contains("nosuchdev0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerProcess_times_out_a_long_sleep_quickly()
    {
        var clock = Stopwatch.StartNew();
        PeerResult result = await PeerProcess.RunAsync("sleep", ["30"], TimeSpan.FromSeconds(1));
        clock.Stop();

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task PeerProcess_captures_output_exit_code_and_stdin()
    {
        PeerResult result = await PeerProcess.RunAsync("/bin/sh", ["-c", "read x; echo out:$x; echo err:$x >&2; exit 3"], TimeSpan.FromSeconds(10), standardInput: "abc\n");
        Assert.False(result.TimedOut);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out:abc", result.StandardOutput.Trim());
        Assert.Equal("err:abc", result.StandardError.Trim());
    }

    [Fact]
    public async Task PeerProcess_waits_for_output_and_stops_with_sigterm()
    {
        await using PeerProcess peer = PeerProcess.Start("/bin/sh", ["-c", "echo ready; exec sleep 30"]);
        Assert.True(await peer.WaitForOutputAsync("ready", TimeSpan.FromSeconds(10)));
        var clock = Stopwatch.StartNew();
        PeerResult result = await peer.StopAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.False(result.TimedOut);
        Assert.True(peer.HasExited);
    }
}
