using System.Text;

namespace Pxe.Dhcp;

/// <summary>A <c>host</c> block: a fixed address and optionally its own boot file.</summary>
public sealed class DhcpHostOptions
{
    /// <summary>The host's MAC address, <c>52:54:00:12:34:56</c>.</summary>
    public string? Mac { get; set; }

    /// <summary>The host's client identifier (option 61) as hex, instead of <see cref="Mac"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The address it gets.</summary>
    public string? Address { get; set; }

    /// <summary>Option 12.</summary>
    public string? HostName { get; set; }

    /// <summary>A boot file for this host only.</summary>
    public string? BootFile { get; set; }
}

/// <summary>
/// One more address pool, for another subnet: the network behind a relay (chosen by the request's giaddr) or a second
/// interface (chosen by the interface's address). Values left out come from the top-level options.
/// </summary>
public sealed class DhcpPoolOptions
{
    /// <summary>First address of the pool.</summary>
    public string? RangeStart { get; set; }

    /// <summary>Last address of the pool.</summary>
    public string? RangeEnd { get; set; }

    /// <summary>Option 1 (default: the top-level <see cref="DhcpServerOptions.SubnetMask"/>).</summary>
    public string? SubnetMask { get; set; }

    /// <summary>Option 3 (default: none; a router belongs to one subnet, so the top-level one is not inherited).</summary>
    public string? Router { get; set; }

    /// <summary>Option 6 (default: the top-level DNS servers).</summary>
    public IList<string> DnsServers { get; } = new List<string>();

    /// <summary>Option 15 (default: the top-level domain name).</summary>
    public string? DomainName { get; set; }

    /// <summary>Lease time in seconds (default: the top-level lease time).</summary>
    public int? LeaseTimeSeconds { get; set; }
}

/// <summary>Options of the hosted DHCP server, bound from the <c>Pxe:Dhcp</c> configuration section.</summary>
public sealed class DhcpServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pxe:Dhcp";

    /// <summary>Default lease time in seconds (3600).</summary>
    public const int DefaultLeaseTimeSeconds = 3600;

    /// <summary>Default subnet mask (255.255.255.0).</summary>
    public const string DefaultSubnetMask = "255.255.255.0";

    /// <summary>Interfaces to serve; empty serves all, with <see cref="ServerAddress"/> as identifier (default: empty).</summary>
    public IList<string> Interfaces { get; } = new List<string>();

    /// <summary>The server's address: option 54 and next-server (default: null, the interface's address).</summary>
    public string? ServerAddress { get; set; }

    /// <summary>Full DHCP or proxyDHCP (default: Full).</summary>
    public DhcpServerMode Mode { get; set; } = DhcpServerMode.Full;

    /// <summary>First address of the pool (required in full mode).</summary>
    public string? RangeStart { get; set; }

    /// <summary>Last address of the pool (required in full mode).</summary>
    public string? RangeEnd { get; set; }

    /// <summary>Option 1 (default: 255.255.255.0).</summary>
    public string SubnetMask { get; set; } = DefaultSubnetMask;

    /// <summary>Option 3 (default: none).</summary>
    public string? Router { get; set; }

    /// <summary>Option 6 (default: none).</summary>
    public IList<string> DnsServers { get; } = new List<string>();

    /// <summary>Option 15 (default: none).</summary>
    public string? DomainName { get; set; }

    /// <summary>Option 51 in seconds (default: 3600).</summary>
    public int LeaseTimeSeconds { get; set; } = DefaultLeaseTimeSeconds;

    /// <summary>The lease journal; null keeps leases in memory only (default: null).</summary>
    public string? LeaseFile { get; set; }

    /// <summary>Boot file for BIOS clients (default: none).</summary>
    public string? BootFile { get; set; }

    /// <summary>Boot file for x86-64 UEFI clients (default: none).</summary>
    public string? BootFileEfi { get; set; }

    /// <summary>Boot file for ARM64 UEFI clients (default: none).</summary>
    public string? BootFileArm64 { get; set; }

    /// <summary>URL for UEFI HTTP-boot clients (default: none).</summary>
    public string? HttpBootUrl { get; set; }

    /// <summary>Script name or URL for iPXE clients (default: none).</summary>
    public string? IpxeScript { get; set; }

    /// <summary>Option 209 (default: none).</summary>
    public string? PxelinuxConfig { get; set; }

    /// <summary>Option 210 (default: none).</summary>
    public string? PxelinuxPrefix { get; set; }

    /// <summary>Option 211 in seconds (default: none).</summary>
    public uint? PxelinuxRebootTime { get; set; }

    /// <summary>Option 66 (default: none).</summary>
    public string? TftpServerName { get; set; }

    /// <summary>siaddr when not this server (default: none, this server).</summary>
    public string? NextServer { get; set; }

    /// <summary>Reservations.</summary>
    public IList<DhcpHostOptions> Hosts { get; } = new List<DhcpHostOptions>();

    /// <summary>Pools for further subnets, besides the one of <see cref="RangeStart"/>..<see cref="RangeEnd"/> (default: none).</summary>
    public IList<DhcpPoolOptions> Pools { get; } = new List<DhcpPoolOptions>();

    /// <summary>proxyDHCP strategy for UEFI (default: BootServerDiscovery).</summary>
    public ProxyEfiStrategy ProxyEfiStrategy { get; set; } = ProxyEfiStrategy.BootServerDiscovery;

    /// <summary>See <see cref="DhcpResponderSettings.Authoritative"/> (default: true).</summary>
    public bool Authoritative { get; set; } = true;

    /// <summary>See <see cref="DhcpResponderSettings.MaxNewClientsPerSecond"/> (default: 5000).</summary>
    public int MaxNewClientsPerSecond { get; set; } = DhcpResponderSettings.DefaultMaxNewClientsPerSecond;

    /// <summary>The DHCP server port (default: 67).</summary>
    public int Port { get; set; } = DhcpTransmitTarget.ServerPort;

    /// <summary>The PXE boot-server port used in proxy mode (default: 4011).</summary>
    public int BootServerPort { get; set; } = DhcpTransmitTarget.PxeBootServerPort;

    /// <summary>Checks the options; returns the problems found (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        try
        {
            BuildResponderSettings();
            BuildBootPolicy();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            errors.Add(ex.Message);
        }

        if (Port is < 0 or > 65535 || BootServerPort is < 0 or > 65535)
        {
            errors.Add("Port and BootServerPort must be 0–65535.");
        }

        if (LeaseTimeSeconds <= 0)
        {
            errors.Add("LeaseTimeSeconds must be positive.");
        }

        if (MaxNewClientsPerSecond <= 0)
        {
            errors.Add("MaxNewClientsPerSecond must be positive.");
        }

        if (HttpBootUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add($"HttpBootUrl must be an absolute http:// or https:// URL, got '{url}'.");
        }

        return errors;
    }

    /// <summary>Builds the engine's typed settings; throws <see cref="FormatException"/> or <see cref="ArgumentException"/> on bad values.</summary>
    public DhcpResponderSettings BuildResponderSettings()
    {
        var settings = new DhcpResponderSettings
        {
            Mode = Mode,
            ServerIdentifier = ServerAddress is null ? Ipv4Address.Any : Parse(ServerAddress, nameof(ServerAddress)),
            Authoritative = Authoritative,
            MaxNewClientsPerSecond = MaxNewClientsPerSecond,
            ProxyEfiStrategy = ProxyEfiStrategy,
        };

        if (Mode == DhcpServerMode.Full)
        {
            if ((RangeStart is null || RangeEnd is null) && Pools.Count == 0)
            {
                throw new ArgumentException("Full mode needs RangeStart and RangeEnd (--range START-END).");
            }

            if (RangeStart is not null || RangeEnd is not null)
            {
                settings.Pools.Add(BuildPool(
                    RangeStart ?? throw new ArgumentException("RangeEnd is set but RangeStart is not."),
                    RangeEnd ?? throw new ArgumentException("RangeStart is set but RangeEnd is not."),
                    SubnetMask, Router, DnsServers, DomainName, LeaseTimeSeconds, string.Empty));
            }

            foreach (DhcpPoolOptions p in Pools)
            {
                if (p.RangeStart is null || p.RangeEnd is null)
                {
                    throw new ArgumentException("Every entry of Pools needs RangeStart and RangeEnd.");
                }

                int leaseSeconds = p.LeaseTimeSeconds ?? LeaseTimeSeconds;
                if (leaseSeconds <= 0)
                {
                    throw new ArgumentException($"Pools: the lease time of {p.RangeStart}-{p.RangeEnd} must be positive.");
                }

                DhcpPool pool = BuildPool(p.RangeStart, p.RangeEnd, p.SubnetMask ?? SubnetMask, p.Router, p.DnsServers.Count > 0 ? p.DnsServers : DnsServers, p.DomainName ?? DomainName, leaseSeconds, "Pools.");

                // The pool is chosen by subnet (RFC 2131 §4.3.1: giaddr, else the ingress interface): two pools in one
                // subnet would leave the second unreachable.
                foreach (DhcpPool other in settings.Pools)
                {
                    if (other.IsInSubnet(pool.Start) || pool.IsInSubnet(other.Start))
                    {
                        throw new ArgumentException($"The pools {other.Start}-{other.End} and {pool.Start}-{pool.End} share a subnet; widen one range instead.");
                    }
                }

                settings.Pools.Add(pool);
            }
        }

        DhcpBootSettings boot = BuildBootSettings();
        foreach (DhcpHostOptions host in Hosts)
        {
            Ipv4Address address = Parse(host.Address ?? throw new ArgumentException("A host needs an Address."), "Hosts.Address");
            settings.Reservations.Add(new DhcpReservation
            {
                HardwareAddress = host.Mac is null ? null : HardwareAddress.TryParse(host.Mac, out HardwareAddress mac) ? mac : throw new FormatException($"'{host.Mac}' is not a MAC address."),
                ClientIdentifier = host.ClientId is null ? null : Convert.FromHexString(host.ClientId.Replace(":", string.Empty, StringComparison.Ordinal)),
                Address = address,
                HostName = host.HostName is null ? null : Encoding.UTF8.GetBytes(host.HostName),
                Boot = host.BootFile is null ? null : ConfiguredBootPolicy.Make(boot, host.BootFile, http: false),
            });
            if (host.Mac is null && host.ClientId is null)
            {
                throw new ArgumentException($"Host {address} needs a Mac or a ClientId.");
            }
        }

        return settings;
    }

    /// <summary>The boot settings of the default policy.</summary>
    public DhcpBootSettings BuildBootSettings() => new()
    {
        BiosBootFile = BootFile,
        EfiX64BootFile = BootFileEfi,
        EfiArm64BootFile = BootFileArm64,
        HttpBootUrl = HttpBootUrl,
        IpxeScript = IpxeScript,
        PxelinuxConfigFile = PxelinuxConfig,
        PxelinuxPathPrefix = PxelinuxPrefix,
        PxelinuxRebootTime = PxelinuxRebootTime,
        TftpServerName = TftpServerName,
        NextServer = NextServer is null ? null : Parse(NextServer, nameof(NextServer)),
    };

    /// <summary>The default policy from these options.</summary>
    public ConfiguredBootPolicy BuildBootPolicy() => new(BuildBootSettings());

    /// <summary>One pool from its option strings; <paramref name="keyPrefix"/> names the section in error messages.</summary>
    private static DhcpPool BuildPool(string start, string end, string mask, string? router, IEnumerable<string> dns, string? domain, int leaseSeconds, string keyPrefix) =>
        new(Parse(start, keyPrefix + nameof(RangeStart)), Parse(end, keyPrefix + nameof(RangeEnd)), Parse(mask, keyPrefix + nameof(SubnetMask)))
        {
            Routers = router is null ? [] : [Parse(router, keyPrefix + nameof(Router))],
            DnsServers = [.. dns.Select(d => Parse(d, keyPrefix + nameof(DnsServers)))],
            DomainName = domain is null ? null : Encoding.UTF8.GetBytes(domain),
            LeaseTime = TimeSpan.FromSeconds(leaseSeconds),
        };

    private static Ipv4Address Parse(string value, string name) =>
        Ipv4Address.TryParse(value, out Ipv4Address a) ? a : throw new FormatException($"{name}: '{value}' is not an IPv4 address.");
}
