using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pxe.Dhcp.Tests.Server;

public class DhcpHostingTests
{
    private static ServiceProvider Build(Dictionary<string, string?> config)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddLogging();
        services.AddPxeDhcp();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Options_bind_from_the_Pxe_Dhcp_section()
    {
        using ServiceProvider sp = Build(new()
        {
            ["Pxe:Dhcp:Interfaces:0"] = "eth1",
            ["Pxe:Dhcp:ServerAddress"] = "10.0.0.1",
            ["Pxe:Dhcp:RangeStart"] = "10.0.0.100",
            ["Pxe:Dhcp:RangeEnd"] = "10.0.0.200",
            ["Pxe:Dhcp:BootFile"] = "undionly.kpxe",
            ["Pxe:Dhcp:Hosts:0:Mac"] = "52:54:00:12:34:56",
            ["Pxe:Dhcp:Hosts:0:Address"] = "10.0.0.5",
            ["Pxe:Dhcp:Mode"] = "Proxy",
        });
        DhcpServerOptions o = sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value;
        Assert.Equal(["eth1"], o.Interfaces);
        Assert.Equal(DhcpServerMode.Proxy, o.Mode);
        Assert.Single(o.Hosts);
        DhcpResponderSettings s = o.BuildResponderSettings();
        Assert.Equal(Ipv4Address.Parse("10.0.0.5"), s.Reservations[0].Address);
        Assert.IsType<ConfiguredBootPolicy>(sp.GetRequiredService<IBootPolicy>());
        Assert.IsType<InMemoryDhcpLeaseStore>(sp.GetRequiredService<IDhcpLeaseStore>());
    }

    [Theory]
    [InlineData("10.0.0.300", "10.0.0.200")]
    [InlineData("10.0.0.100", "10.0.1.200")]
    [InlineData("10.0.0.200", "10.0.0.100")]
    public void Bad_ranges_fail_validation(string start, string end)
    {
        using ServiceProvider sp = Build(new() { ["Pxe:Dhcp:RangeStart"] = start, ["Pxe:Dhcp:RangeEnd"] = end });
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value);
        Assert.NotEmpty(ex.Failures);
    }

    [Theory]
    [InlineData("MaxNewClientsPerSecond", "0", "MaxNewClientsPerSecond must be positive")]
    [InlineData("HttpBootUrl", "tftp://10.0.0.1/boot.efi", "HttpBootUrl must be an absolute http:// or https:// URL")]
    [InlineData("HttpBootUrl", "boot.efi", "HttpBootUrl must be an absolute http:// or https:// URL")]
    public void Bad_flood_limit_or_http_boot_url_fails_validation_with_the_reason(string key, string value, string reason)
    {
        using ServiceProvider sp = Build(new()
        {
            ["Pxe:Dhcp:ServerAddress"] = "10.0.0.1",
            ["Pxe:Dhcp:RangeStart"] = "10.0.0.100",
            ["Pxe:Dhcp:RangeEnd"] = "10.0.0.200",
            ["Pxe:Dhcp:" + key] = value,
        });
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Further_pools_bind_inherit_dns_and_lease_time_and_serve_their_relays_subnet()
    {
        using ServiceProvider sp = Build(new()
        {
            ["Pxe:Dhcp:ServerAddress"] = "10.0.0.1",
            ["Pxe:Dhcp:RangeStart"] = "10.0.0.100",
            ["Pxe:Dhcp:RangeEnd"] = "10.0.0.200",
            ["Pxe:Dhcp:Router"] = "10.0.0.1",
            ["Pxe:Dhcp:DnsServers:0"] = "10.0.0.53",
            ["Pxe:Dhcp:LeaseTimeSeconds"] = "900",
            ["Pxe:Dhcp:Pools:0:RangeStart"] = "10.9.0.10",
            ["Pxe:Dhcp:Pools:0:RangeEnd"] = "10.9.3.250",
            ["Pxe:Dhcp:Pools:0:SubnetMask"] = "255.255.252.0",
            ["Pxe:Dhcp:Pools:0:Router"] = "10.9.0.1",
        });
        DhcpResponderSettings settings = sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value.BuildResponderSettings();
        Assert.Equal(2, settings.Pools.Count);
        DhcpPool second = settings.Pools[1];
        Assert.Equal(Ipv4Address.Parse("255.255.252.0"), second.SubnetMask);
        Assert.Equal([Ipv4Address.Parse("10.9.0.1")], second.Routers);
        Assert.Equal([Ipv4Address.Parse("10.0.0.53")], second.DnsServers);
        Assert.Equal(TimeSpan.FromSeconds(900), second.LeaseTime);

        // A DISCOVER relayed from 10.9.0.1 is offered an address of the second pool, with that pool's router.
        var responder = new DhcpResponder(settings, new InMemoryDhcpLeaseStore(), new ConfiguredBootPolicy(new DhcpBootSettings()));
        var relayed = new RequestBuilder { Giaddr = Ipv4Address.Parse("10.9.0.1") };
        byte[] reply = new byte[DhcpLimits.MaxReplyLength];
        DhcpResponse r = responder.Respond(relayed.Build(), new DhcpReceiveContext(Ipv4Address.Parse("10.0.0.1"), 2, Ipv4Address.Parse("10.9.0.1"), 67, 67), reply);
        Assert.True(r.HasReply, r.DropReason.ToString());
        DhcpPacket offer = DhcpPacket.Create(reply.AsSpan(0, r.Length));
        Assert.Equal(Ipv4Address.Parse("10.9.0.10"), offer.YourAddress);
        Assert.True(offer.TryGetOption(DhcpOptionCode.Router, out ReadOnlySpan<byte> router));
        Assert.Equal(Ipv4Address.Parse("10.9.0.1"), Ipv4Address.Read(router));
        Assert.True(offer.TryGetOption(DhcpOptionCode.SubnetMask, out ReadOnlySpan<byte> mask));
        Assert.Equal(Ipv4Address.Parse("255.255.252.0"), Ipv4Address.Read(mask));
    }

    [Fact]
    public void Two_pools_in_one_subnet_fail_validation()
    {
        using ServiceProvider sp = Build(new()
        {
            ["Pxe:Dhcp:RangeStart"] = "10.0.0.100",
            ["Pxe:Dhcp:RangeEnd"] = "10.0.0.150",
            ["Pxe:Dhcp:Pools:0:RangeStart"] = "10.0.0.160",
            ["Pxe:Dhcp:Pools:0:RangeEnd"] = "10.0.0.200",
        });
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("share a subnet", StringComparison.Ordinal));
    }

    [Fact]
    public void Full_mode_without_a_range_fails_validation()
    {
        using ServiceProvider sp = Build([]);
        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value);
    }

    [Fact]
    public void Metrics_count_offers_and_drops_by_reason()
    {
        using var metrics = new DhcpMetrics();
        var seen = new List<(string Name, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == DhcpMetrics.MeterName)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, tags.Length > 0 ? tags[0].Value as string : null)));
        listener.Start();
        var settings = new DhcpResponderSettings { ServerIdentifier = Ipv4Address.Parse("10.0.0.1") };
        settings.Pools.Add(new DhcpPool(Ipv4Address.Parse("10.0.0.100"), Ipv4Address.Parse("10.0.0.100"), Ipv4Address.Parse("255.255.255.0")));
        var responder = new DhcpResponder(settings, new InMemoryDhcpLeaseStore(), new ConfiguredBootPolicy(new DhcpBootSettings()), metrics: metrics);
        byte[] reply = new byte[DhcpLimits.MaxReplyLength];
        var ctx = new DhcpReceiveContext(Ipv4Address.Parse("10.0.0.1"), 1, Ipv4Address.Any, 68, 67);
        responder.Respond(new RequestBuilder().Build(), ctx, reply);
        responder.Respond(new RequestBuilder { Mac = HardwareAddress.Parse("52:54:00:00:00:09") }.Build(), ctx, reply);
        responder.Respond(new byte[10], ctx, reply);
        Assert.Contains(("pxe.dhcp.offers", 1L, (string?)null), seen);
        Assert.Contains(("pxe.dhcp.drops", 1L, "PoolExhausted"), seen);
        Assert.Contains(("pxe.dhcp.drops", 1L, "Malformed"), seen);
        Assert.Equal(2, seen.Count(m => m.Name == "pxe.dhcp.requests"));
    }
}
