using System.CommandLine;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pxe.Host.Serve;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe serve</c>: DHCP (full or proxy), TFTP, HTTP and NFS in one foreground process; stops on SIGTERM/Ctrl+C.
/// On a terminal it draws the live progress view (<see cref="LiveConsole"/>) unless <c>--no-live</c> is given;
/// with stdout redirected it prints log lines.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var network = new ServeNetworkOptions();
        var root = new Option<string?>("--root") { Description = "Directory served over TFTP and HTTP" };
        var bios = new Option<string?>("--boot-file-bios") { Description = $"BIOS boot program (default {ServeOptions.DefaultBiosBootFile})" };
        var efi = new Option<string?>("--boot-file-efi") { Description = $"x86-64 UEFI boot program (default {ServeOptions.DefaultEfiBootFile}; snponly.efi also works)" };
        var script = new Option<string?>("--ipxe-script") { Description = "Script iPXE clients get: a file in --root or a URL (default: generated per client)" };
        var nfs = new Option<string[]>("--nfs-export") { Description = "Export DIR (as PATH) over NFSv3: DIR[=PATH] (repeatable)" };
        var nfsRw = new Option<bool>("--nfs-read-write") { Description = "Exports accept writes (default read-only)" };
        var config = new Option<string?>("--config") { Description = "JSON configuration (Pxe:Serve with Profiles, Pxe:Dhcp, Pxe:Tftp, Pxe:Nfs)" };
        var command = new Command("serve", "Network-boot machines: DHCP, TFTP, HTTP and NFS in one process (foreground).")
        {
            root, bios, efi, script, nfs, nfsRw, config,
        };
        network.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(
            network.Read(parse, new ServeArguments
            {
                Root = parse.GetValue(root),
                BootFileBios = parse.GetValue(bios),
                BootFileEfi = parse.GetValue(efi),
                IpxeScript = parse.GetValue(script),
                NfsExports = parse.GetValue(nfs) ?? [],
                NfsReadWrite = parse.GetValue(nfsRw),
                ConfigFile = parse.GetValue(config),
            }),
            ct));
        return command;
    }

    /// <summary>Runs until <paramref name="ct"/> fires; 0 on a clean stop, 2 on bad configuration, 3 when a port cannot be bound.</summary>
    public static async Task<int> RunAsync(ServeArguments arguments, CancellationToken ct, Action<WebApplication>? started = null)
    {
        (IConfiguration? configuration, IReadOnlyList<string> errors) = ServeConfiguration.Build(arguments);
        if (configuration is null || errors.Count > 0)
        {
            foreach (string e in errors)
            {
                await Console.Error.WriteLineAsync("pxe serve: " + e).ConfigureAwait(false);
            }

            return 2;
        }

        if (ServeConfiguration.PrivilegeProblem(configuration) is { } privilege)
        {
            await Console.Error.WriteLineAsync("pxe serve: " + privilege).ConfigureAwait(false);
            return 3;
        }

        // On a terminal the live view owns the screen: log lines are kept for it (and printed when it ends).
        LiveLogProvider? liveLog = LiveConsole.ShouldRun(arguments.NoLive) ? new LiveLogProvider() : null;
        try
        {
            return await RunHostAsync(configuration, liveLog, started, ct).ConfigureAwait(false);
        }
        finally
        {
            if (liveLog is not null)
            {
                foreach (string line in liveLog.Recent())
                {
                    await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<int> RunHostAsync(IConfiguration configuration, LiveLogProvider? liveLog, Action<WebApplication>? started, CancellationToken ct)
    {
        WebApplication app;
        try
        {
            app = ServeHost.Build(configuration, liveLog is null ? null : logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(liveLog);
                logging.AddFilter<LiveLogProvider>("Microsoft.AspNetCore", LogLevel.Warning);
            });
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync("pxe serve: invalid configuration: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync("pxe serve: invalid configuration: " + string.Join("; ", e.Failures)).ConfigureAwait(false);
                return 2;
            }
            catch (Exception e) when (Describe(e) is { } message)
            {
                await Console.Error.WriteLineAsync("pxe serve: " + message).ConfigureAwait(false);
                return 3;
            }

            started?.Invoke(app);
            if (liveLog is null)
            {
                foreach (string url in app.Urls)
                {
                    await Console.Out.WriteLineAsync($"pxe serve: status page {url}/status").ConfigureAwait(false);
                }

                await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            else
            {
                using var stopLive = CancellationTokenSource.CreateLinkedTokenSource(ct);
                Task live = LiveConsole.RunAsync(app, liveLog, stopLive.Token);
                try
                {
                    await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
                }
                finally
                {
                    await stopLive.CancelAsync().ConfigureAwait(false);
                    await live.ConfigureAwait(false);
                }
            }
        }

        return 0;
    }

    /// <summary>A bind failure in words: which port, and what to do.</summary>
    internal static string? Describe(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException s)
            {
                return s.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"a port is already in use ({s.Message}): stop the other DHCP/TFTP/HTTP/NFS server (e.g. dnsmasq, tftpd-hpa, nfs-kernel-server, rpcbind) or choose other ports",
                    SocketError.AccessDenied => $"permission denied binding a port ({s.Message}): ports 67 (DHCP), 69 (TFTP), 80 (HTTP), 111 (portmap) need root or CAP_NET_BIND_SERVICE — run with sudo",
                    SocketError.AddressNotAvailable => $"the address is not on this machine ({s.Message}): check --server-ip against `ip addr`",
                    _ => $"socket error {s.SocketErrorCode}: {s.Message}",
                };
            }

            if (x is IOException io && io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return $"the HTTP port is already in use ({io.Message}): choose another with --http-port";
            }

            if (x is IOException io2 && io2.Message.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
            {
                return $"permission denied binding the HTTP port ({io2.Message}): run with sudo or choose --http-port above 1023";
            }
        }

        return null;
    }
}

/// <summary>
/// The flags <c>pxe serve</c> and <c>pxe quick</c> share: <c>--interface --server-ip --range --proxy
/// --http-port --set --no-live --log-level</c>.
/// </summary>
internal sealed class ServeNetworkOptions
{
    private readonly Option<string?> _interface = new("--interface") { Description = "Interface to serve DHCP on" };
    private readonly Option<string?> _serverIp = new("--server-ip") { Description = "This server's IPv4 address on that interface" };
    private readonly Option<string?> _range = new("--range") { Description = "Address pool START-END (full DHCP)" };
    private readonly Option<bool> _proxy = new("--proxy") { Description = "proxyDHCP next to an existing DHCP server" };
    private readonly Option<int?> _httpPort = new("--http-port") { Description = "HTTP port (default 80)" };
    private readonly Option<string[]> _set = new("--set") { Description = "Override any configuration key: KEY=VALUE (repeatable), e.g. Pxe:Serve:ScriptOverTftp=true" };
    private readonly Option<bool> _noLive = new("--no-live") { Description = "Print log lines instead of the live progress view (client, phase, bytes) drawn when stdout is a terminal" };
    private readonly Option<LogLevel> _logLevel = CommandHost.CreateLogLevelOption();

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_interface, _serverIp, _range, _proxy, _httpPort, _set, _noLive, _logLevel])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Fills <paramref name="arguments"/> from the parsed flags; <c>--set</c> values go after any already there, so they win.</summary>
    public ServeArguments Read(ParseResult parse, ServeArguments arguments)
    {
        arguments.Interface = parse.GetValue(_interface);
        arguments.ServerIp = parse.GetValue(_serverIp);
        arguments.Range = parse.GetValue(_range);
        arguments.Proxy = parse.GetValue(_proxy);
        arguments.HttpPort = parse.GetValue(_httpPort);
        // --log-level is the Logging:LogLevel:Default key; given explicitly it overrides --config, and --set overrides it.
        string[] logLevel = parse.GetResult(_logLevel) is { Implicit: false } ? ["Logging:LogLevel:Default=" + parse.GetValue(_logLevel)] : [];
        arguments.Settings = [.. arguments.Settings, .. logLevel, .. parse.GetValue(_set) ?? []];
        arguments.NoLive = parse.GetValue(_noLive);
        return arguments;
    }
}
