using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pxe.Initcpio;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Pxe.Initcpio services.</summary>
public static class InitcpioServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="InitramfsImageProvider"/> with <see cref="InitcpioOptions"/> bound to <c>Pxe:Initcpio</c>,
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddPxeInitcpio(this IServiceCollection services, Action<InitcpioOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<InitcpioOptions> options = services.AddOptions<InitcpioOptions>().BindConfiguration(InitcpioOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InitcpioOptions>, InitcpioOptionsAnnotationsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InitcpioOptions>, InitcpioOptionsValidator>());
        services.TryAddSingleton<InitramfsImageProvider>();
        return services;
    }
}
