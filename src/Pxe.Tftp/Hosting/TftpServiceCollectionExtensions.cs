using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pxe.Tftp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the TFTP server.</summary>
public static class TftpServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TftpServer"/> as a hosted service, with <see cref="TftpServerOptions"/> bound from
    /// <c>Pxe:Tftp</c> and validated on start. Unless an <see cref="ITftpFileProvider"/> is registered, files are
    /// served from <see cref="TftpServerOptions.Root"/> by a <see cref="DirectoryTftpFileProvider"/>. An
    /// <see cref="ITftpTransferObserver"/> registered in <paramref name="services"/> is told about every transfer.
    /// </summary>
    public static IServiceCollection AddPxeTftp(this IServiceCollection services, Action<TftpServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<TftpServerOptions> options = services.AddOptions<TftpServerOptions>().BindConfiguration(TftpServerOptions.SectionName).ValidateOnStart()
            .Validate(o => o.Timeout >= TftpServerOptions.MinTimeout && o.Timeout <= TftpServerOptions.MaxTimeout, "Pxe:Tftp:Timeout must be between 10 ms and 255 s");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TftpServerOptions>, TftpServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TftpSocketFactory>();
        services.TryAddSingleton<TftpMetrics>();
        services.TryAddSingleton<ITftpFileProvider>(sp =>
        {
            TftpServerOptions o = sp.GetRequiredService<IOptions<TftpServerOptions>>().Value;
            if (string.IsNullOrEmpty(o.Root))
            {
                throw new OptionsValidationException(TftpServerOptions.SectionName, typeof(TftpServerOptions), ["Pxe:Tftp:Root is required when no ITftpFileProvider is registered"]);
            }

            return new DirectoryTftpFileProvider(o.Root, new DirectoryTftpFileProviderOptions { AllowWrite = o.AllowWrite, AllowOverwrite = o.AllowOverwrite, MaxWriteSize = o.MaxWriteSize });
        });
        services.TryAddSingleton<TftpServer>();
        services.AddHostedService(sp => sp.GetRequiredService<TftpServer>());
        return services;
    }
}
