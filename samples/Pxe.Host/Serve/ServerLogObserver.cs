using System.Net;
using Microsoft.Extensions.Logging;

namespace Pxe.Host.Serve;

/// <summary>
/// Learns from the libraries' structured log events what they expose no observer for: Pxe.Nfs logs each TCP
/// connection (EventId 3001 "connection from {Peer}", 3002 "... closed after {Records} records") at Debug level,
/// which is how a client reaching its NFS root is seen. Only those events are enabled for this provider.
/// </summary>
internal sealed class ServerLogObserver : ILoggerProvider
{
    /// <summary>The NFS server's logger category.</summary>
    public const string NfsCategory = "Pxe.Nfs";

    // The tracker logs through the logger factory that holds this provider, so it is resolved on first use.
    private readonly Lazy<BootProgressTracker> _tracker;

    public ServerLogObserver(Func<BootProgressTracker> tracker) => _tracker = new Lazy<BootProgressTracker>(tracker);

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(NfsCategory, StringComparison.Ordinal) ? new NfsObserver(_tracker) : NullObserver.Instance;

    public void Dispose()
    {
    }

    private sealed class NfsObserver(Lazy<BootProgressTracker> tracker) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (3001 or 3002) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            IPAddress? peer = null;
            long records = 0;
            foreach (KeyValuePair<string, object?> kv in values)
            {
                if (kv.Key == "Peer")
                {
                    peer = kv.Value switch
                    {
                        IPEndPoint ep => ep.Address,
                        { } o when IPEndPoint.TryParse(o.ToString() ?? string.Empty, out IPEndPoint? ep) => ep.Address,
                        _ => null,
                    };
                }
                else if (kv.Key == "Records" && kv.Value is IConvertible c)
                {
                    records = c.ToInt64(System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            if (peer is not null)
            {
                tracker.Value.OnRequest(peer, null, BootPhase.Root, eventId.Id == 3001 ? "NFS connection" : $"NFS done ({records} calls)", 0);
            }
        }
    }

    private sealed class NullObserver : ILogger
    {
        public static readonly NullObserver Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
