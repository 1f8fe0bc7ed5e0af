using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pxe.Nfs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Pxe NFS server.</summary>
public static class NfsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="NfsServer"/> as a hosted service with <see cref="NfsServerOptions"/> bound from <c>Pxe:Nfs</c>,
    /// validated on start, then <paramref name="configure"/>d. An <see cref="INfsServerObserver"/> registered in
    /// <paramref name="services"/> (before or after this call) is told about connections and mounts.
    /// </summary>
    public static IServiceCollection AddPxeNfs(this IServiceCollection services, Action<NfsServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<NfsServerOptions> builder = services.AddOptions<NfsServerOptions>().BindConfiguration(NfsServerOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NfsServerOptions>, NfsServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NfsServerOptions>, NfsExportsValidator>());
        services.TryAddSingleton<NfsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<NfsServer>());
        return services;
    }
}
