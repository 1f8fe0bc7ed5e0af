using System.Text;

namespace Pxe.Dhcp;

/// <summary>An address pool and the options its clients get (a <c>subnet</c> block with a <c>range</c>).</summary>
public sealed class DhcpPool
{
    /// <summary>Creates a pool of <paramref name="start"/>..<paramref name="end"/> inclusive in the subnet given by <paramref name="subnetMask"/>.</summary>
    public DhcpPool(Ipv4Address start, Ipv4Address end, Ipv4Address subnetMask)
    {
        if (end < start || !start.IsInSameSubnet(end, subnetMask))
        {
            throw new ArgumentException($"the range {start}-{end} is empty or crosses the subnet {start}/{subnetMask}");
        }

        Start = start;
        End = end;
        SubnetMask = subnetMask;
    }

    /// <summary>First address of the range.</summary>
    public Ipv4Address Start { get; }

    /// <summary>Last address of the range (inclusive).</summary>
    public Ipv4Address End { get; }

    /// <summary>Option 1.</summary>
    public Ipv4Address SubnetMask { get; }

    /// <summary>Option 3.</summary>
    public IReadOnlyList<Ipv4Address> Routers { get; init; } = [];

    /// <summary>Option 6.</summary>
    public IReadOnlyList<Ipv4Address> DnsServers { get; init; } = [];

    /// <summary>Option 15, UTF-8.</summary>
    public byte[]? DomainName { get; init; }

    /// <summary>Option 51 (default: 1 hour).</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The number of addresses in the range.</summary>
    public uint Size => End.Value - Start.Value + 1;

    /// <summary>Whether <paramref name="address"/> is in the range.</summary>
    public bool Contains(Ipv4Address address) => address >= Start && address <= End;

    /// <summary>Whether <paramref name="address"/> is in the pool's subnet.</summary>
    public bool IsInSubnet(Ipv4Address address) => address.IsInSameSubnet(Start, SubnetMask);

    /// <summary>The subnet's broadcast address (option 28).</summary>
    public Ipv4Address BroadcastAddress => new((Start.Value & SubnetMask.Value) | ~SubnetMask.Value);
}

/// <summary>A fixed address (and optionally its own boot answer) for one host: a <c>host</c> block.</summary>
public sealed class DhcpReservation
{
    /// <summary>Match by chaddr.</summary>
    public HardwareAddress? HardwareAddress { get; init; }

    /// <summary>Match by option 61 instead.</summary>
    public byte[]? ClientIdentifier { get; init; }

    /// <summary>The address given.</summary>
    public Ipv4Address Address { get; init; }

    /// <summary>Option 12, UTF-8.</summary>
    public byte[]? HostName { get; init; }

    /// <summary>Per-host boot answer, used instead of the policy's.</summary>
    public DhcpBootDecision? Boot { get; init; }

    /// <summary>Creates a MAC reservation (<c>--host MAC=IP</c>).</summary>
    public static DhcpReservation ForMac(HardwareAddress mac, Ipv4Address address, string? hostName = null) =>
        new() { HardwareAddress = mac, Address = address, HostName = hostName is null ? null : Encoding.UTF8.GetBytes(hostName) };
}

/// <summary>The typed configuration of a <see cref="DhcpResponder"/>.</summary>
public sealed class DhcpResponderSettings
{
    /// <summary>Default offer hold time (30 s): an offered address is kept for the client this long.</summary>
    public static readonly TimeSpan DefaultOfferHoldTime = TimeSpan.FromSeconds(30);

    /// <summary>Default quarantine of a declined address (10 min, RFC 2131 §4.3.3 leaves it to the server).</summary>
    public static readonly TimeSpan DefaultDeclineHoldTime = TimeSpan.FromMinutes(10);

    /// <summary>Default bound on clients without a record answered per second (5000); more are dropped as a flood.</summary>
    public const int DefaultMaxNewClientsPerSecond = 5000;

    /// <summary>Full DHCP or proxyDHCP (default: <see cref="DhcpServerMode.Full"/>).</summary>
    public DhcpServerMode Mode { get; set; } = DhcpServerMode.Full;

    /// <summary>Option 54 and the default next server; <see cref="Ipv4Address.Any"/> uses the ingress interface's address (default: Any).</summary>
    public Ipv4Address ServerIdentifier { get; set; }

    /// <summary>Address pools (full mode).</summary>
    public IList<DhcpPool> Pools { get; } = new List<DhcpPool>();

    /// <summary>Host reservations.</summary>
    public IList<DhcpReservation> Reservations { get; } = new List<DhcpReservation>();

    /// <summary>NAK requests for addresses this server knows are wrong, and ACK INIT-REBOOT/renewals of unknown clients for free pool addresses (default: true).</summary>
    public bool Authoritative { get; set; } = true;

    /// <summary>How long an offer holds its address (default: 30 s).</summary>
    public TimeSpan OfferHoldTime { get; set; } = DefaultOfferHoldTime;

    /// <summary>How long a declined address stays out of the pool (default: 10 min).</summary>
    public TimeSpan DeclineHoldTime { get; set; } = DefaultDeclineHoldTime;

    /// <summary>Bound on new clients answered per second (default: 5000).</summary>
    public int MaxNewClientsPerSecond { get; set; } = DefaultMaxNewClientsPerSecond;

    /// <summary>proxyDHCP strategy for UEFI clients (default: <see cref="ProxyEfiStrategy.BootServerDiscovery"/>).</summary>
    public ProxyEfiStrategy ProxyEfiStrategy { get; set; } = ProxyEfiStrategy.BootServerDiscovery;
}
