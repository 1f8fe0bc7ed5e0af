using System.Net;
using System.Text.RegularExpressions;
using Pxe.Testing;
using Pxe.Tftp;

namespace Pxe.Host.Tests;

/// <summary>
/// The built <c>pxe serve</c> in a real terminal: a detached 120×30 tmux session on a private tmux server, loopback
/// only. The live table is drawn, redrawn when a client fetches a kernel over TFTP, and the terminal is restored on
/// Ctrl+C; with <c>--no-live</c> the same terminal gets plain log lines.
/// </summary>
public sealed partial class LiveTerminalTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"tftp 127\.0\.0\.1:(\d+)")]
    private static partial Regex TftpPort();

    [GeneratedRegex(@"^-\s+127\.0\.0\.1\s+-\s+Kernel\s+293\.0 KiB\s+\d+\.\ds TFTP vmlinuz-test$", RegexOptions.Multiline)]
    private static partial Regex KernelRow();

    /// <summary>A tmux server of its own (socket in a temporary directory), no user configuration; killed and its socket deleted on disposal.</summary>
    private sealed class Tmux : IAsyncDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pxe-tmux-");

        private string Socket => Path.Combine(_directory.FullName, "socket");

        public async Task<PeerResult> RunAsync(params string[] args)
        {
            PeerResult r = await PeerProcess.RunAsync("tmux", ["-S", Socket, "-f", "/dev/null", .. args], Limit);
            Assert.True(r.ExitCode == 0, $"tmux {string.Join(' ', args)}: {r.Output}");
            return r;
        }

        /// <summary>Starts <paramref name="command"/> in a 120×30 pane that stays (dead) after the command exits.</summary>
        public Task<PeerResult> StartAsync(string command) =>
            RunAsync("new-session", "-d", "-s", "pxe", "-x", "120", "-y", "30", command, ";", "set-option", "-t", "pxe", "remain-on-exit", "on");

        public async Task<string> CaptureAsync() => (await RunAsync("capture-pane", "-p", "-t", "pxe")).StandardOutput;

        public async Task<string> WaitForAsync(Func<string, bool> condition, string what)
        {
            using var cts = new CancellationTokenSource(Limit);
            string screen = string.Empty;
            while (!cts.IsCancellationRequested)
            {
                screen = await CaptureAsync();
                if (condition(screen))
                {
                    return screen;
                }

                await Task.Delay(200, CancellationToken.None);
            }

            Assert.Fail($"timed out waiting for {what}; the pane shows:\n{screen}");
            return screen;
        }

        /// <summary>Ctrl+C, then the exit status that bash prints after <c>pxe serve</c> (see <c>ServeCommand</c>).</summary>
        public async Task<int> InterruptAsync()
        {
            await RunAsync("send-keys", "-t", "pxe", "C-c");
            string screen = await WaitForAsync(s => ExitLine().IsMatch(s), "pxe serve to exit on Ctrl+C");
            return int.Parse(ExitLine().Match(screen).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            await PeerProcess.RunAsync("tmux", ["-S", Socket, "kill-server"], Limit);
            _directory.Delete(recursive: true);
        }
    }

    // The terminal echoes Ctrl+C as "^C" at the start of the line when nothing was printed after it.
    [GeneratedRegex(@"^(?:\^C)?pxe exited with (\d+)$", RegexOptions.Multiline)]
    private static partial Regex ExitLine();

    /// <summary>
    /// <c>pxe serve</c> on loopback under bash, which prints its exit status (bash waits out a child that handles
    /// SIGINT itself and carries on).
    /// </summary>
    private static string ServeCommand(string root, params string[] extra) => "bash -c '" + string.Join(' ', (string[])
    [
        "dotnet", Repository.PxeHostDll, "serve", "--root", root, "--server-ip", "127.0.0.1", "--http-port", "0",
        "--set", "Pxe:Serve:EnableDhcp=false", "--set", "Pxe:Serve:HttpListenAddress=127.0.0.1",
        "--set", "Pxe:Tftp:ListenAddress=127.0.0.1", "--set", "Pxe:Tftp:Port=0", .. extra,
    ]) + "; echo \"pxe exited with $?\"'";

    [Fact]
    public async Task Pxe_serve_on_a_terminal_draws_the_table_updates_it_and_restores_the_screen()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory("pxe-live-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(root.FullName, "vmlinuz-test"), new byte[300_000]);
            await using var tmux = new Tmux();
            await tmux.StartAsync(ServeCommand(root.FullName));

            string screen = await tmux.WaitForAsync(s => s.Contains("(no clients yet)", StringComparison.Ordinal), "the empty table");
            string[] lines = screen.Split('\n');
            Assert.Matches(@"^pxe serve  http://127\.0\.0\.1:\d+/status  tftp 127\.0\.0\.1:\d+  \| 0 clients, 0 booted, 0 B$", lines[0]);
            Assert.Equal("MAC               IP              ARCH   PHASE       BYTES ELAPSED EVENT", lines[1]);
            Assert.Equal("(no clients yet)", lines[2]);
            Assert.Equal(new string('─', 120), lines[3]); // the rule is as wide as the window
            Assert.Contains("info: TFTP server listening on 127.0.0.1:", screen, StringComparison.Ordinal);

            // A client fetches a kernel: the next redraw has its row.
            int port = int.Parse(TftpPort().Match(lines[0]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            using (var kernel = new MemoryStream())
            {
                await new TftpClient().DownloadAsync(new IPEndPoint(IPAddress.Loopback, port), "vmlinuz-test", kernel).WaitAsync(Limit);
                Assert.Equal(300_000, kernel.Length);
            }

            screen = await tmux.WaitForAsync(s => KernelRow().IsMatch(s), "the client's row");
            Assert.EndsWith("| 1 client, 0 booted, 293.0 KiB", screen.Split('\n')[0], StringComparison.Ordinal);
            Assert.All(screen.Split('\n'), l => Assert.True(l.Length <= 120, l));

            // Ctrl+C: a clean exit, the table gone with the alternate screen, the log printed where it can be scrolled.
            Assert.Equal(0, await tmux.InterruptAsync());
            screen = await tmux.CaptureAsync();
            Assert.DoesNotContain("ELAPSED", screen, StringComparison.Ordinal);
            Assert.Contains("info: Sent 'vmlinuz-test' to 127.0.0.1:", screen, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Pxe_serve_no_live_on_a_terminal_prints_plain_log_lines()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory("pxe-nolive-");
        try
        {
            await using var tmux = new Tmux();
            await tmux.StartAsync(ServeCommand(root.FullName, "--no-live"));
            string screen = await tmux.WaitForAsync(s => s.Contains("pxe serve: status page http://127.0.0.1:", StringComparison.Ordinal), "the status page line");
            Assert.Contains("TFTP server listening on 127.0.0.1:", screen, StringComparison.Ordinal);
            Assert.DoesNotContain("ELAPSED", screen, StringComparison.Ordinal);
            Assert.Equal(0, await tmux.InterruptAsync());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Pxe_serve_log_level_warning_prints_no_information_lines()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory("pxe-loglevel-");
        try
        {
            await using var tmux = new Tmux();
            await tmux.StartAsync(ServeCommand(root.FullName, "--no-live", "--log-level", "warning"));
            string screen = await tmux.WaitForAsync(s => s.Contains("pxe serve: status page http://127.0.0.1:", StringComparison.Ordinal), "the status page line");
            Assert.DoesNotContain("TFTP server listening", screen, StringComparison.Ordinal);
            Assert.DoesNotContain("info:", screen, StringComparison.Ordinal);
            Assert.Equal(0, await tmux.InterruptAsync());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
