using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pxe.Testing;

/// <summary>One log entry as written: level, event id, formatted message, exception and the managed thread that wrote it.</summary>
public sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception, int ThreadId);

/// <summary>A logger that keeps every entry at every level, for tests that assert what a server logged.</summary>
/// <typeparam name="T">The category type.</typeparam>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>The entries so far, oldest first.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception, Environment.CurrentManagedThreadId));
    }
}
