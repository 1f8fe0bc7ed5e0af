using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pxe.Nfs;
using Pxe.Tftp;

namespace Pxe.Host.Serve;

/// <summary>
/// Draws <see cref="LiveView"/> on the terminal a few times per second: in the alternate screen, from the top left,
/// each line cleared to its end, the rest of the screen cleared, sized to the window at every redraw. Restores the
/// screen and the cursor when stopped. Log lines go to <see cref="LiveLogProvider"/> meanwhile and show under the table.
/// </summary>
internal static class LiveConsole
{
    /// <summary>Time between redraws (4 per second).</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private const string Esc = "\u001b[";
    private const string EnterAlternateScreen = Esc + "?1049h";
    private const string LeaveAlternateScreen = Esc + "?1049l";
    private const string HideCursor = Esc + "?25l";
    private const string ShowCursor = Esc + "?25h";
    private const string Home = Esc + "H";
    private const string ClearToEndOfLine = Esc + "K";
    private const string ClearToEndOfScreen = Esc + "J";

    /// <summary>Whether the live view is drawn: stdout is a terminal and <c>--no-live</c> was not given.</summary>
    public static bool ShouldRun(bool noLive) => !noLive && !Console.IsOutputRedirected;

    /// <summary>Redraws until <paramref name="cancellationToken"/> fires, then restores the terminal.</summary>
    public static async Task RunAsync(WebApplication app, LiveLogProvider log, CancellationToken cancellationToken)
    {
        BootProgressTracker tracker = app.Services.GetRequiredService<BootProgressTracker>();
        IReadOnlyList<string> servers = Servers(app);
        TextWriter output = Console.Out;
        await output.WriteAsync(EnterAlternateScreen + HideCursor).ConfigureAwait(false);
        try
        {
            using var timer = new PeriodicTimer(RedrawInterval);
            do
            {
                var state = new LiveViewState(servers, tracker.Snapshot(), log.Recent(), DateTimeOffset.UtcNow);
                IReadOnlyList<string> lines = LiveView.Render(state, WindowWidth(), WindowHeight());
                await output.WriteAsync(Frame(lines)).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await output.WriteAsync(ShowCursor + LeaveAlternateScreen).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>One redraw: home, every line cleared to its end, the rest of the screen cleared.</summary>
    internal static string Frame(IReadOnlyList<string> lines)
    {
        var b = new StringBuilder(Home, 4096);
        for (int i = 0; i < lines.Count; i++)
        {
            b.Append(lines[i]).Append(ClearToEndOfLine);
            if (i < lines.Count - 1)
            {
                b.Append("\r\n");
            }
        }

        return b.Append(ClearToEndOfScreen).ToString();
    }

    /// <summary>What each server listens on, for the header.</summary>
    private static List<string> Servers(WebApplication app)
    {
        var servers = new List<string>();
        foreach (string url in app.Urls)
        {
            servers.Add(url.TrimEnd('/') + "/status");
        }

        if (app.Services.GetService<TftpServer>()?.LocalEndPoint is { } tftp)
        {
            servers.Add("tftp " + tftp);
        }

        if (app.Services.GetService<NfsServer>() is { NfsPort: > 0 } nfs)
        {
            string address = app.Services.GetRequiredService<IOptions<NfsServerOptions>>().Value.ListenAddress;
            servers.Add(string.Create(CultureInfo.InvariantCulture, $"nfs {address}:{nfs.NfsPort}"));
        }

        ServeOptions serve = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;
        if (serve.EnableDhcp)
        {
            servers.Add("dhcp " + (serve.Interface ?? "all interfaces"));
        }

        return servers;
    }

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    private static int WindowHeight()
    {
        try
        {
            return Console.WindowHeight > 0 ? Console.WindowHeight : 24;
        }
        catch (IOException)
        {
            return 24;
        }
    }
}

/// <summary>
/// Keeps the latest log lines (<see cref="Capacity"/>) for the live view instead of writing them to the terminal,
/// which the view owns while it runs; each line as <c>HH:mm:ss level: message</c>.
/// </summary>
internal sealed class LiveLogProvider : ILoggerProvider
{
    /// <summary>How many lines are kept.</summary>
    public const int Capacity = 100;

    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Recent() => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LiveLogProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string level = logLevel switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            string message = formatter(state, exception).ReplaceLineEndings(" ");
            if (exception is not null)
            {
                message += " (" + exception.GetType().Name + ": " + exception.Message.ReplaceLineEndings(" ") + ")";
            }

            owner.Add(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} {level}: {message}"));
        }
    }
}
