using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pxe.Nfs;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe nfs --export DIR[=PATH] [--export ...] [--listen ADDR] [--port 2049] [--mount-port N] [--no-portmap]
/// [--read-write] [--no-root-squash] [--allow CIDR]... [--attribute-cache SECONDS] [--log-level LEVEL]</c>: serves directories over NFSv3 (with MOUNT and a
/// portmapper on 111) in the foreground until SIGTERM or Ctrl+C.
/// </summary>
internal static class NfsCommand
{
    public static Command Create()
    {
        var exports = new Option<string[]>("--export")
        {
            Description = "A directory to export, optionally as another path: DIR[=PATH] (repeatable).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.OneOrMore,
        };
        var listen = new Option<string>("--listen")
        {
            Description = "The address to listen on.",
            DefaultValueFactory = _ => NfsServerOptions.DefaultListenAddress,
        };
        var port = new Option<int>("--port")
        {
            Description = "The NFS port (MOUNT is served on it too).",
            DefaultValueFactory = _ => Nfs3Limits.DefaultPort,
        };
        var mountPort = new Option<int?>("--mount-port") { Description = "An extra port serving MOUNT alone." };
        var noPortmap = new Option<bool>("--no-portmap") { Description = "Do not run the portmapper on port 111." };
        var readWrite = new Option<bool>("--read-write") { Description = "Allow changes (exports are read-only by default)." };
        var noRootSquash = new Option<bool>("--no-root-squash") { Description = "Let uid 0 act as root (a root file system needs it)." };
        var allow = new Option<string[]>("--allow")
        {
            Description = "A client network in CIDR notation allowed to mount (repeatable; default: every client).",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };

        var attributeCache = new Option<double>("--attribute-cache")
        {
            Description = "Seconds READDIRPLUS reuses the attributes it read for an entry (0: never). Changes made through NFS show at once, changes made on this machine's disk after at most this long.",
            DefaultValueFactory = _ => LocalFileSystem.DefaultAttributeCacheLifetime.TotalSeconds,
        };

        var logLevel = CommandHost.CreateLogLevelOption();
        var command = new Command("nfs", "Serve directories over NFSv3 (portmapper, MOUNT v3, NFSv3 over TCP and UDP) in the foreground.")
        {
            exports, listen, port, mountPort, noPortmap, readWrite, noRootSquash, allow, attributeCache, logLevel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var list = new List<NfsExport>();
            foreach (string spec in parse.GetValue(exports) ?? [])
            {
                int eq = spec.IndexOf('=', StringComparison.Ordinal);
                string dir = eq < 0 ? spec : spec[..eq];
                string? path = eq < 0 ? null : spec[(eq + 1)..];
                var export = new NfsExport(Path.GetFullPath(dir), path ?? Path.GetFullPath(dir))
                {
                    ReadOnly = !parse.GetValue(readWrite),
                    Squash = parse.GetValue(noRootSquash) ? NfsSquash.None : NfsSquash.Root,
                };
                foreach (string cidr in parse.GetValue(allow) ?? [])
                {
                    export.AllowedClients.Add(cidr);
                }

                list.Add(export);
            }

            HostApplicationBuilder builder = CommandHost.CreateBuilder(parse.GetValue(logLevel));
            builder.Services.AddPxeNfs(o =>
            {
                foreach (NfsExport e in list)
                {
                    o.Exports.Add(e);
                }

                o.ListenAddress = parse.GetValue(listen)!;
                o.Port = parse.GetValue(port);
                o.MountPort = parse.GetValue(mountPort);
                o.EnablePortmap = !parse.GetValue(noPortmap);
                o.AttributeCacheLifetime = TimeSpan.FromSeconds(parse.GetValue(attributeCache));
            });
            using IHost host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
                await host.Services.GetRequiredService<NfsServer>().Ready.ConfigureAwait(false);
                await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is Microsoft.Extensions.Options.OptionsValidationException or System.Net.Sockets.SocketException or DirectoryNotFoundException)
            {
                await Console.Error.WriteLineAsync($"pxe nfs: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
