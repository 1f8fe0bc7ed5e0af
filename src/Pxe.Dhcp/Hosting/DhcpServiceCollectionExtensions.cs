using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pxe.Dhcp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Hosting of the Pxe DHCP server.</summary>
public static class DhcpServiceCollectionExtensions
{
    /// <summary>
    /// Adds the DHCP server (<see cref="DhcpServer"/>), options bound from <c>Pxe:Dhcp</c> and validated at start,
    /// the lease store (a journal when <see cref="DhcpServerOptions.LeaseFile"/> is set, else in memory), the
    /// default boot policy and the metrics. Replace <see cref="IDhcpLeaseStore"/> or <see cref="IBootPolicy"/> by
    /// registering your own first.
    /// </summary>
    public static IServiceCollection AddPxeDhcp(this IServiceCollection services, Action<DhcpServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<DhcpServerOptions> builder = services.AddOptions<DhcpServerOptions>().BindConfiguration(DhcpServerOptions.SectionName);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DhcpServerOptions>, DhcpServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DhcpMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IBootPolicy>(sp => sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value.BuildBootPolicy());
        services.TryAddSingleton<IDhcpLeaseStore>(sp =>
        {
            DhcpServerOptions options = sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value;
            if (options.LeaseFile is null)
            {
                return new InMemoryDhcpLeaseStore();
            }

            JournalDhcpLeaseStore store = JournalDhcpLeaseStore.Open(options.LeaseFile);
            ILogger? logger = sp.GetService<ILoggerFactory>()?.CreateLogger<DhcpServer>();
            if (logger is not null)
            {
                DhcpLog.JournalOpened(logger, store.Path, store.Count, store.SkippedLines);
            }

            return store;
        });
        services.AddHostedService<DhcpServer>();
        services.TryAddSingleton(sp => sp.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DhcpServer>().First());
        return services;
    }
}
