using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pxe.Host.Commands;

/// <summary>The generic host behind the foreground server commands (<c>pxe dhcp</c>, <c>pxe tftp</c>, <c>pxe nfs</c>).</summary>
internal static class CommandHost
{
    /// <summary>
    /// A host builder whose configuration starts empty (the command adds what its flags say), with the install
    /// directory as content root and no configuration file watching, and one-line console logs from
    /// <paramref name="minimumLevel"/> up.
    /// </summary>
    /// <remarks>
    /// The default builder watches the working directory for <c>appsettings.json</c> changes with inotify; every
    /// file written there (a download landing beside the server, a log) then woke the server for a directory scan.
    /// </remarks>
    public static HostApplicationBuilder CreateBuilder(LogLevel minimumLevel)
    {
        var hostConfiguration = new ConfigurationManager();
        hostConfiguration["hostBuilder:reloadConfigOnChange"] = "false";
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = hostConfiguration,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(minimumLevel);
        return builder;
    }

    /// <summary>The <c>--log-level</c> option every server command takes.</summary>
    public static Option<LogLevel> CreateLogLevelOption() => new("--log-level")
    {
        Description = "The least severe log messages printed: Trace, Debug, Information, Warning, Error, Critical or None. Debug adds a line per DHCP reply and per NFS connection, and why a datagram was dropped.",
        DefaultValueFactory = _ => LogLevel.Information,
    };
}
