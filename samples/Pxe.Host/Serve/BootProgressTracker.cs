using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Pxe.Host.Serve;

/// <summary>How far a client's boot has got, in the order a network boot goes.</summary>
internal enum BootPhase
{
    /// <summary>Nothing seen yet.</summary>
    None = 0,

    /// <summary>The firmware asked DHCP for an address and a boot file.</summary>
    Dhcp = 1,

    /// <summary>The firmware fetched the boot program over TFTP.</summary>
    Tftp = 2,

    /// <summary>iPXE fetched its script.</summary>
    Script = 3,

    /// <summary>iPXE fetched the kernel.</summary>
    Kernel = 4,

    /// <summary>iPXE fetched the initrd.</summary>
    Initrd = 5,

    /// <summary>The initramfs mounted its root (NFS) or downloaded it (HTTP).</summary>
    Root = 6,

    /// <summary>The booted system reported success.</summary>
    Booted = 7,
}

/// <summary>One client's progress (mutable; guarded by the tracker's lock on the instance).</summary>
internal sealed class ClientProgress
{
    public ClientProgress(string key) => Key = key;

    public string Key { get; }

    public string? Mac { get; set; }

    public string? Address { get; set; }

    public string? Architecture { get; set; }

    public string? Uuid { get; set; }

    public bool IsIpxe { get; set; }

    public BootPhase Phase { get; set; }

    public string? Detail { get; set; }

    public long Bytes { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    /// <summary>When each phase was first reached.</summary>
    public SortedDictionary<BootPhase, DateTimeOffset> PhaseTimes { get; } = new();
}

/// <summary>A read-only copy of a client's progress for the status page and the JSON endpoint.</summary>
internal sealed record ClientSnapshot(
    string? Mac,
    string? Address,
    string? Architecture,
    bool IsIpxe,
    string Phase,
    string? Detail,
    long Bytes,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, double> PhaseSeconds);

/// <summary>
/// Collects boot progress per client from what the servers see: DHCP (by MAC), TFTP and HTTP requests (by address,
/// mapped to a MAC through DHCP leases or the kernel neighbour table) and NFS connections. Phases only move forward,
/// except that a new DHCP exchange after a completed boot starts the client over.
/// </summary>
internal sealed partial class BootProgressTracker
{
    private readonly ConcurrentDictionary<string, ClientProgress> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _macByAddress = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BootProgressTracker(TimeProvider time, ILogger<BootProgressTracker> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Optional resolvers of an address to a MAC (DHCP leases), tried before the neighbour table.</summary>
    public Func<IPAddress, string?>? AddressResolver { get; set; }

    /// <summary>Raised after a client moved to a new phase.</summary>
    public event Action<ClientSnapshot>? PhaseChanged;

    /// <summary>Records a DHCP exchange from <paramref name="mac"/>.</summary>
    public void OnDhcp(string mac, string? architecture, string? uuid, bool isIpxe, string detail)
    {
        ClientProgress client = _clients.GetOrAdd(NormalizeMac(mac), k => new ClientProgress(k) { Mac = k, FirstSeen = _time.GetUtcNow() });
        lock (client)
        {
            client.Architecture = architecture ?? client.Architecture;
            client.Uuid = uuid ?? client.Uuid;
            client.IsIpxe |= isIpxe;
            if (client.Phase >= BootPhase.Script && !isIpxe)
            {
                // The firmware starts over (a reboot): forget the previous boot.
                client.Phase = BootPhase.None;
                client.PhaseTimes.Clear();
                client.Bytes = 0;
                client.FirstSeen = _time.GetUtcNow();
            }

            Advance(client, BootPhase.Dhcp, detail, 0);
        }
    }

    /// <summary>Records a file request from <paramref name="address"/>.</summary>
    public void OnRequest(IPAddress address, string? knownMac, BootPhase phase, string detail, long bytes)
    {
        ClientProgress client = Resolve(address, knownMac);
        lock (client)
        {
            Advance(client, phase, detail, bytes);
        }
    }

    /// <summary>Adds transferred bytes without changing the phase.</summary>
    public void AddBytes(IPAddress address, long bytes)
    {
        ClientProgress client = Resolve(address, null);
        lock (client)
        {
            client.Bytes += bytes;
            client.LastSeen = _time.GetUtcNow();
        }
    }

    /// <summary>What DHCP told us about <paramref name="mac"/>: its architecture and UUID.</summary>
    public (string? Architecture, string? Uuid) Identity(string mac)
    {
        if (_clients.TryGetValue(NormalizeMac(mac), out ClientProgress? c))
        {
            lock (c)
            {
                return (c.Architecture, c.Uuid);
            }
        }

        return (null, null);
    }

    /// <summary>Every client, most recent first.</summary>
    public IReadOnlyList<ClientSnapshot> Snapshot()
    {
        var list = new List<ClientSnapshot>();
        foreach (ClientProgress client in _clients.Values)
        {
            lock (client)
            {
                list.Add(ToSnapshot(client));
            }
        }

        list.Sort((a, b) => b.LastSeen.CompareTo(a.LastSeen));
        return list;
    }

    /// <summary>The MAC known for <paramref name="address"/>, or null.</summary>
    public string? FindMac(IPAddress address)
    {
        string key = address.ToString();
        if (_macByAddress.TryGetValue(key, out string? mac))
        {
            return mac;
        }

        mac = AddressResolver?.Invoke(address) ?? NeighborTable.Lookup(address);
        if (mac is not null)
        {
            _macByAddress[key] = NormalizeMac(mac);
        }

        return mac is null ? null : NormalizeMac(mac);
    }

    private ClientProgress Resolve(IPAddress address, string? knownMac)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        string? mac = knownMac is null ? FindMac(address) : NormalizeMac(knownMac);
        if (mac is not null)
        {
            _macByAddress[address.ToString()] = mac;
        }

        string key = mac ?? address.ToString();
        ClientProgress client = _clients.GetOrAdd(key, k => new ClientProgress(k) { Mac = mac, FirstSeen = _time.GetUtcNow() });
        lock (client)
        {
            client.Address = address.ToString();
        }

        if (mac is not null && _clients.TryRemove(address.ToString(), out ClientProgress? orphan) && !ReferenceEquals(orphan, client))
        {
            // Seen by address before its MAC was known: fold the earlier progress in.
            lock (client)
            {
                foreach (KeyValuePair<BootPhase, DateTimeOffset> p in orphan.PhaseTimes)
                {
                    client.PhaseTimes.TryAdd(p.Key, p.Value);
                }

                client.Bytes += orphan.Bytes;
                if (orphan.Phase > client.Phase)
                {
                    client.Phase = orphan.Phase;
                }
            }
        }

        return client;
    }

    private void Advance(ClientProgress client, BootPhase phase, string detail, long bytes)
    {
        DateTimeOffset now = _time.GetUtcNow();
        client.LastSeen = now;
        client.Bytes += bytes;
        if (phase < client.Phase)
        {
            return;
        }

        client.Detail = detail;
        if (phase == client.Phase)
        {
            return;
        }

        client.Phase = phase;
        client.PhaseTimes.TryAdd(phase, now);
        Log.PhaseReached(_logger, client.Mac ?? "?", client.Address ?? "?", phase, (now - client.FirstSeen).TotalSeconds, client.Bytes, detail);
        PhaseChanged?.Invoke(ToSnapshot(client));
    }

    private static ClientSnapshot ToSnapshot(ClientProgress c)
    {
        var seconds = new Dictionary<string, double>();
        foreach (KeyValuePair<BootPhase, DateTimeOffset> p in c.PhaseTimes)
        {
            seconds[p.Key.ToString()] = Math.Round((p.Value - c.FirstSeen).TotalSeconds, 3);
        }

        return new ClientSnapshot(c.Mac, c.Address, c.Architecture, c.IsIpxe, c.Phase.ToString(), c.Detail, c.Bytes, c.FirstSeen, c.LastSeen, seconds);
    }

    /// <summary>Lower-case, colon-separated.</summary>
    public static string NormalizeMac(string mac) => mac.Replace('-', ':').ToLowerInvariant();

    /// <summary>A hardware address as the tracker keys clients: lowercase hex pairs joined by colons.</summary>
    public static string FormatMac(ReadOnlySpan<byte> address) => NormalizeMac(BitConverter.ToString(address.ToArray()));

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "client {Mac} ({Address}): {Phase} at +{Seconds:0.0} s, {Bytes} bytes so far — {Detail}")]
        public static partial void PhaseReached(ILogger logger, string mac, string address, BootPhase phase, double seconds, long bytes, string detail);
    }
}
