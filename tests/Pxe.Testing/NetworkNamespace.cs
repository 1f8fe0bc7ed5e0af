using System.Globalization;
using System.Threading;

namespace Pxe.Testing;

/// <summary>
/// A private Linux network namespace for one test: created on construction, deleted (with every interface and
/// process in it) on disposal, even when the test fails. Addresses used inside it never leave the machine.
/// </summary>
/// <remarks>
/// Needs root (CI runs as root). Names are unique per process and instance, so parallel tests never collide.
/// Loopback is brought up; IPv6 is switched off by default so clients such as iPXE do not wait for router
/// advertisements.
/// </remarks>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private static int s_counter;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly List<PeerProcess> _processes = [];
    private readonly List<NetworkNamespace> _children = [];
    private bool _disposed;

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    /// <summary>The namespace name, as <c>ip netns</c> knows it.</summary>
    public string Name { get; }

    /// <summary>Creates a namespace with loopback up. <paramref name="prefix"/> makes the name readable in <c>ip netns</c> listings.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string prefix = "pxe", bool disableIpv6 = true)
    {
        int n = Interlocked.Increment(ref s_counter);
        string name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{Environment.ProcessId % 100000}x{n}");
        await RunCheckedAsync("ip", ["netns", "add", name]).ConfigureAwait(false);
        var ns = new NetworkNamespace(name);
        try
        {
            await ns.ExecCheckedAsync("ip", "link", "set", "lo", "up").ConfigureAwait(false);
            if (disableIpv6)
            {
                await ns.ExecCheckedAsync("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1").ConfigureAwait(false);
                await ns.ExecCheckedAsync("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1").ConfigureAwait(false);
            }
        }
        catch
        {
            await ns.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ns;
    }

    /// <summary>Creates a bridge inside the namespace with <paramref name="cidr"/> (for example <c>10.99.0.1/24</c>) and brings it up.</summary>
    public async Task AddBridgeAsync(string bridge, string? cidr)
    {
        await ExecCheckedAsync("ip", "link", "add", bridge, "type", "bridge").ConfigureAwait(false);
        if (cidr is not null)
        {
            await ExecCheckedAsync("ip", "addr", "add", cidr, "dev", bridge).ConfigureAwait(false);
        }

        await ExecCheckedAsync("ip", "link", "set", bridge, "up").ConfigureAwait(false);
    }

    /// <summary>Creates a tap device inside the namespace (for QEMU), optionally enslaved to <paramref name="bridge"/>, and brings it up.</summary>
    public async Task AddTapAsync(string tap, string? bridge)
    {
        await ExecCheckedAsync("ip", "tuntap", "add", "dev", tap, "mode", "tap").ConfigureAwait(false);
        if (bridge is not null)
        {
            await ExecCheckedAsync("ip", "link", "set", tap, "master", bridge).ConfigureAwait(false);
        }

        await ExecCheckedAsync("ip", "link", "set", tap, "up").ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a veth pair with both ends inside this namespace: <paramref name="a"/> gets <paramref name="cidrA"/>,
    /// <paramref name="b"/> gets <paramref name="cidrB"/> or is enslaved to <paramref name="bridgeB"/>.
    /// </summary>
    public async Task AddVethPairAsync(string a, string? cidrA, string b, string? cidrB = null, string? bridgeB = null)
    {
        await ExecCheckedAsync("ip", "link", "add", a, "type", "veth", "peer", "name", b).ConfigureAwait(false);
        if (cidrA is not null)
        {
            await ExecCheckedAsync("ip", "addr", "add", cidrA, "dev", a).ConfigureAwait(false);
        }

        if (cidrB is not null)
        {
            await ExecCheckedAsync("ip", "addr", "add", cidrB, "dev", b).ConfigureAwait(false);
        }

        if (bridgeB is not null)
        {
            await ExecCheckedAsync("ip", "link", "set", b, "master", bridgeB).ConfigureAwait(false);
        }

        await ExecCheckedAsync("ip", "link", "set", a, "up").ConfigureAwait(false);
        await ExecCheckedAsync("ip", "link", "set", b, "up").ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a second namespace linked to this one by a veth pair: <paramref name="localEnd"/> stays here (with
    /// <paramref name="localCidr"/> or enslaved to <paramref name="localBridge"/>), the other end moves into the
    /// returned namespace as <paramref name="remoteEnd"/> with <paramref name="remoteCidr"/> (or none, for a DHCP client).
    /// </summary>
    public async Task<NetworkNamespace> AddPeerNamespaceAsync(string prefix, string localEnd, string? localCidr, string remoteEnd, string? remoteCidr, string? localBridge = null)
    {
        NetworkNamespace peer = await CreateAsync(prefix).ConfigureAwait(false);
        try
        {
            await ExecCheckedAsync("ip", "link", "add", localEnd, "type", "veth", "peer", "name", remoteEnd, "netns", peer.Name).ConfigureAwait(false);
            if (localCidr is not null)
            {
                await ExecCheckedAsync("ip", "addr", "add", localCidr, "dev", localEnd).ConfigureAwait(false);
            }

            if (localBridge is not null)
            {
                await ExecCheckedAsync("ip", "link", "set", localEnd, "master", localBridge).ConfigureAwait(false);
            }

            await ExecCheckedAsync("ip", "link", "set", localEnd, "up").ConfigureAwait(false);
            if (remoteCidr is not null)
            {
                await peer.ExecCheckedAsync("ip", "addr", "add", remoteCidr, "dev", remoteEnd).ConfigureAwait(false);
            }

            await peer.ExecCheckedAsync("ip", "link", "set", remoteEnd, "up").ConfigureAwait(false);
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _children.Add(peer);
        return peer;
    }

    /// <summary>Runs a command inside the namespace with a time limit and returns its result.</summary>
    public Task<PeerResult> ExecAsync(TimeSpan timeout, string fileName, params string[] arguments) =>
        PeerProcess.RunAsync("ip", ["netns", "exec", Name, fileName, .. arguments], timeout);

    /// <summary>Runs a command inside the namespace and throws when it fails or times out.</summary>
    public async Task<PeerResult> ExecCheckedAsync(string fileName, params string[] arguments)
    {
        PeerResult result = await ExecAsync(CommandTimeout, fileName, arguments).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' in namespace {Name} failed: {result.Output}");
        }

        return result;
    }

    /// <summary>Starts a long-running process (a server or a VM) inside the namespace; it is killed when the namespace is disposed.</summary>
    public PeerProcess Start(string fileName, params string[] arguments)
    {
        PeerProcess process = PeerProcess.Start("ip", ["netns", "exec", Name, fileName, .. arguments]);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    private static async Task RunCheckedAsync(string fileName, string[] arguments)
    {
        PeerResult result = await PeerProcess.RunAsync(fileName, arguments, CommandTimeout).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed: {result.Output}");
        }
    }

    /// <summary>Kills every process started in the namespace (and any other process still inside it) and deletes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (NetworkNamespace child in _children)
        {
            await child.DisposeAsync().ConfigureAwait(false);
        }

        PeerProcess[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
        }

        foreach (PeerProcess process in processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        // Processes started by others (daemons that forked) still hold the namespace: kill them too.
        await PeerProcess.RunAsync("/bin/sh", ["-c", $"for p in $(ip netns pids {Name} 2>/dev/null); do kill -9 $p 2>/dev/null; done"], CommandTimeout).ConfigureAwait(false);
        await PeerProcess.RunAsync("ip", ["netns", "delete", Name], CommandTimeout).ConfigureAwait(false);
    }
}
