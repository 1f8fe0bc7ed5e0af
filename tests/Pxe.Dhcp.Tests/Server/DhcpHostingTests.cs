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
