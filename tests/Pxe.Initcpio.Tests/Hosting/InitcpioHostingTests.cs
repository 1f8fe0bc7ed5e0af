using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pxe.Initcpio.Tests.Hosting;

/// <summary>AddPxeInitcpio: options validated, the image built once and served from memory.</summary>
public sealed class InitcpioHostingTests
{
    [Fact]
    public async Task ProviderBuildsTheConfiguredImageOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPxeInitcpio(o =>
        {
            o.KernelRoot = KernelPackage.Root;
            o.Modules.Add("virtio_net");
            o.Hooks.Add(PxeHooks.HttpRamName);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        InitramfsImageProvider images = provider.GetRequiredService<InitramfsImageProvider>();
        ReadOnlyMemory<byte> first = await images.GetImageAsync();
        ReadOnlyMemory<byte> second = await images.GetImageAsync();
        Assert.True(first.Span == second.Span || first.Span.SequenceEqual(second.Span));
        Assert.Equal(0x1F, first.Span[0]);

        using var reader = new CpioReader(new MemoryStream(first.ToArray()));
        var names = new List<string>();
        while (reader.ReadNext() is CpioEntry entry)
        {
            names.Add(entry.Name);
        }

        Assert.Contains("hooks/pxe_http_ram", names);
        Assert.Contains(names, n => n.EndsWith("/virtio_net.ko", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidOptionsAreReportedByName()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPxeInitcpio(o =>
        {
            o.Modules.Add("nfsv3");
            o.Hooks.Add("no_such_hook");
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<InitcpioOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("KernelRoot", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("no_such_hook", StringComparison.Ordinal));
    }
}
