using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pxe.Tftp;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe tftp</c>: a TFTP server for a directory in the foreground (stops on SIGTERM/Ctrl+C), and
/// <c>pxe tftp get tftp://HOST[:PORT]/FILE -o OUT</c>, a client.
/// </summary>
internal static class TftpCommand
{
    public static Command Create()
    {
        var root = new Option<string?>("--root") { Description = "Directory to serve (the jail root)" };
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on, ADDR:PORT", DefaultValueFactory = _ => TftpServerOptions.DefaultListenAddress + ":" + TftpServerOptions.DefaultPort.ToString(CultureInfo.InvariantCulture) };
        var allowWrite = new Option<bool>("--allow-write") { Description = "Accept write requests (WRQ); off by default" };
        var maxBlockSize = new Option<int?>("--max-block-size") { Description = $"Largest blksize granted (default {TftpLimits.DefaultServerMaxBlockSize}, range {TftpLimits.MinBlockSize}..{TftpLimits.MaxBlockSize})" };
        var maxTransfers = new Option<int?>("--max-transfers") { Description = $"Most transfers at once (default {TftpServerOptions.DefaultMaxTransfers})" };
        var logLevel = CommandHost.CreateLogLevelOption();
        var command = new Command("tftp", "Serve a directory over TFTP (foreground), or fetch a file with 'get'.")
        {
            root, listen, allowWrite, maxBlockSize, maxTransfers, logLevel,
        };
        command.Subcommands.Add(CreateGet());
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(root) is not { } directory)
            {
                await Console.Error.WriteLineAsync("pxe tftp: --root DIR is required").ConfigureAwait(false);
                return 2;
            }

            if (!Directory.Exists(directory))
            {
                await Console.Error.WriteLineAsync($"pxe tftp: --root: directory '{directory}' does not exist").ConfigureAwait(false);
                return 2;
            }

            string listenText = parse.GetValue(listen)!;
            if (!IPEndPoint.TryParse(listenText, out IPEndPoint? endPoint) || !listenText.Contains(':', StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"pxe tftp: --listen: expected ADDR:PORT, got '{listenText}'").ConfigureAwait(false);
                return 2;
            }

            const string s = TftpServerOptions.SectionName + ":";
            var values = new Dictionary<string, string?>
            {
                [s + "Root"] = Path.GetFullPath(directory),
                [s + "ListenAddress"] = endPoint.Address.ToString(),
                [s + "Port"] = endPoint.Port.ToString(CultureInfo.InvariantCulture),
                [s + "AllowWrite"] = parse.GetValue(allowWrite) ? "true" : "false",
            };
            if (parse.GetValue(maxBlockSize) is { } mbs)
            {
                values[s + "MaxBlockSize"] = mbs.ToString(CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(maxTransfers) is { } mt)
            {
                values[s + "MaxTransfers"] = mt.ToString(CultureInfo.InvariantCulture);
            }

            HostApplicationBuilder builder = CommandHost.CreateBuilder(parse.GetValue(logLevel));
            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddPxeTftp();
            using IHost app = builder.Build();
            try
            {
                await app.RunAsync(ct).ConfigureAwait(false);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"pxe tftp: invalid configuration: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            catch (SocketException ex)
            {
                await Console.Error.WriteLineAsync($"pxe tftp: cannot listen on {endPoint}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static Command CreateGet()
    {
        var url = new Argument<string>("url") { Description = "tftp://HOST[:PORT]/FILE" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the file", Required = true };
        var blockSize = new Option<int?>("--blksize") { Description = $"Block size to ask for ({TftpLimits.MinBlockSize}..{TftpLimits.MaxBlockSize}; default {TftpLimits.DefaultBlockSize}, no option sent)" };
        var windowSize = new Option<int?>("--windowsize") { Description = "Window size to ask for (RFC 7440; default 1, no option sent)" };
        var command = new Command("get", "Download a file from a TFTP server.") { url, output, blockSize, windowSize };
        command.SetAction(async (parse, ct) =>
        {
            string text = parse.GetValue(url)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme != "tftp" || uri.AbsolutePath.Length <= 1)
            {
                await Console.Error.WriteLineAsync($"pxe tftp get: expected tftp://HOST[:PORT]/FILE, got '{text}'").ConfigureAwait(false);
                return 2;
            }

            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, ct).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                await Console.Error.WriteLineAsync($"pxe tftp get: cannot resolve '{uri.Host}': {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            var server = new IPEndPoint(addresses[0], uri.IsDefaultPort || uri.Port < 0 ? TftpServerOptions.DefaultPort : uri.Port);
            var options = new TftpClientOptions();
            try
            {
                if (parse.GetValue(blockSize) is { } b)
                {
                    options.BlockSize = b;
                }

                if (parse.GetValue(windowSize) is { } w)
                {
                    options.WindowSize = w;
                }

                var client = new TftpClient(options);
                string file = Uri.UnescapeDataString(uri.AbsolutePath[1..]);
                string target = parse.GetValue(output)!;
                string temp = target + ".part";
                TftpDownloadResult result;
                await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    result = await client.DownloadAsync(server, file, stream, ct).ConfigureAwait(false);
                }

                File.Move(temp, target, overwrite: true);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{result.Bytes} bytes, blksize {result.BlockSize}, windowsize {result.WindowSize}, {result.Retransmits} retransmits")).ConfigureAwait(false);
                return 0;
            }
            catch (ArgumentOutOfRangeException ex)
            {
                await Console.Error.WriteLineAsync($"pxe tftp get: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            catch (TftpTransferException ex)
            {
                File.Delete(parse.GetValue(output)! + ".part");
                await Console.Error.WriteLineAsync($"pxe tftp get: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
