using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Server;

/// <summary>
/// <see cref="ITftpTransferObserver"/> through a real <see cref="TftpServer"/> on 127.0.0.1 (an ephemeral port) and
/// the library's <see cref="TftpClient"/>: the events with their exact peer, file, size and bytes, the firmware's
/// tsize probe, a refusal, and an observer that throws.
/// </summary>
public sealed class TftpTransferObserverTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly InMemoryTftpFileProvider _files = new();
    private readonly RecordingObserver _observer = new();
    private readonly RecordingLogger<TftpServer> _logger = new();
    private readonly ClientSockets _clientSockets = new();
    private TftpServer _server = null!;
    private ThrowingObserver? _throwing;

    private IPEndPoint ServerEndPoint => _server.LocalEndPoint!;

    public Task InitializeAsync() => StartAsync(_observer);

    public async Task DisposeAsync()
    {
        using var stop = new CancellationTokenSource(Bound);
        await _server.StopAsync(stop.Token);
        _server.Dispose();
    }

    private async Task StartAsync(ITftpTransferObserver observer)
    {
        var options = new TftpServerOptions { ListenAddress = "127.0.0.1", Port = 0, Timeout = TimeSpan.FromSeconds(1) };
        _server = new TftpServer(Options.Create(options), new CapturingProvider(_files, _clientSockets), _logger, observer: observer);
        await _server.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_download_reports_started_with_its_size_then_completed_with_every_byte()
    {
        byte[] content = new byte[1300];
        new Random(8).NextBytes(content);
        _files.Set("boot/undionly.kpxe", content);
        var client = new TftpClient(new TftpClientOptions { Timeout = TimeSpan.FromSeconds(1) }, socketFactory: _clientSockets);
        using var destination = new MemoryStream();
        TftpDownloadResult result = await client.DownloadAsync(ServerEndPoint, "boot/undionly.kpxe", destination).WaitAsync(Bound);
        Assert.Equal(1300, result.Bytes);

        await _observer.Ended.Task.WaitAsync(Bound);
        IPEndPoint peer = Assert.Single(_clientSockets.Ports.Select(p => new IPEndPoint(IPAddress.Loopback, p)));
        Assert.Equal(
        [
            $"started {peer} boot/undionly.kpxe read size=1300",
            $"completed {peer} boot/undionly.kpxe read bytes=1300",
        ], _observer.Events);
        Assert.InRange(_observer.Duration, TimeSpan.FromTicks(1), Bound);
    }

    [Fact]
    public async Task A_missing_file_is_reported_as_refused_and_never_as_started()
    {
        var client = new TftpClient(new TftpClientOptions { Timeout = TimeSpan.FromSeconds(1) }, socketFactory: _clientSockets);
        using var destination = new MemoryStream();
        await Assert.ThrowsAsync<TftpTransferException>(() => client.DownloadAsync(ServerEndPoint, "missing.efi", destination).WaitAsync(Bound));

        await _observer.Ended.Task.WaitAsync(Bound);
        IPEndPoint peer = new(IPAddress.Loopback, Assert.Single(_clientSockets.Ports));
        Assert.Equal([$"refused {peer} missing.efi read FileNotFound file not found"], _observer.Events);
    }

    [Fact]
    public async Task The_firmware_tsize_probe_is_reported_as_failed_after_the_option_ack_with_no_bytes()
    {
        _files.Set("ipxe.efi", new byte[70_000]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peer = (IPEndPoint)socket.LocalEndPoint!;

        // What PXE firmware sends first: RRQ with tsize 0, then ERROR 8 in reply to the OACK.
        await socket.SendToAsync("\0\u0001ipxe.efi\0octet\0tsize\00\0"u8.ToArray(), ServerEndPoint);
        byte[] buffer = new byte[600];
        using var cts = new CancellationTokenSource(Bound);
        SocketReceiveFromResult oack = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        Assert.Equal((byte)TftpOpcode.OptionAck, buffer[1]);
        Assert.Equal("tsize\070000\0"u8.ToArray(), buffer[2..oack.ReceivedBytes]);
        byte[] error = new byte[64];
        Assert.True(TftpPacketWriter.TryWriteError(error, TftpErrorCode.OptionNegotiationFailed, "tsize probe"u8, out int length));
        await socket.SendToAsync(error.AsMemory(0, length), oack.RemoteEndPoint);

        await _observer.Ended.Task.WaitAsync(Bound);
        Assert.Equal(
        [
            $"started {peer} ipxe.efi read size=70000",
            $"failed {peer} ipxe.efi read AbortedAfterOptionAck bytes=0",
        ], _observer.Events);
    }

    [Fact]
    public async Task An_observer_that_throws_breaks_no_transfer_and_is_logged_once_at_warning()
    {
        await DisposeAsync();
        _throwing = new ThrowingObserver();
        await StartAsync(_throwing);
        byte[] content = new byte[3000];
        new Random(9).NextBytes(content);
        _files.Set("kernel", content);
        var client = new TftpClient(new TftpClientOptions { Timeout = TimeSpan.FromSeconds(1) });
        for (int i = 0; i < 2; i++)
        {
            using var destination = new MemoryStream();
            await client.DownloadAsync(ServerEndPoint, "kernel", destination).WaitAsync(Bound);
            Assert.Equal(content, destination.ToArray());
        }

        using var missing = new MemoryStream();
        await Assert.ThrowsAsync<TftpTransferException>(() => client.DownloadAsync(ServerEndPoint, "missing", missing).WaitAsync(Bound));

        // started + completed twice, refused once: five throws, each logged after the transfer's own log line.
        using var cts = new CancellationTokenSource(Bound);
        IReadOnlyList<LogEntry> failures;
        while ((failures = [.. _logger.Entries.Where(e => e.EventId is 2011 or 2012)]).Count < 5)
        {
            await Task.Delay(10, cts.Token);
        }

        Assert.Equal(5, Volatile.Read(ref _throwing.Calls));
        Assert.Equal(5, failures.Count);
        Assert.Equal(LogLevel.Warning, failures[0].Level);
        Assert.All(failures.Skip(1), e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.All(failures, e => Assert.IsType<InvalidOperationException>(e.Exception));
    }

    /// <summary>Opens files from the in-memory provider, first noting the ports of the client sockets (bound and waiting for the reply).</summary>
    private sealed class CapturingProvider(InMemoryTftpFileProvider files, ClientSockets sockets) : ITftpFileProvider
    {
        public ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken)
        {
            sockets.Capture();
            return files.OpenReadAsync(context, cancellationToken);
        }
    }

    /// <summary>Remembers the port of every client socket, read while the server opens the file (so while it is bound).</summary>
    private sealed class ClientSockets : TftpSocketFactory
    {
        private readonly ConcurrentQueue<Socket> _sockets = new();

        public ConcurrentQueue<int> Ports { get; } = new();

        public override Socket CreateUdpSocket(AddressFamily family)
        {
            Socket socket = base.CreateUdpSocket(family);
            _sockets.Enqueue(socket);
            return socket;
        }

        /// <summary>Called from the server's provider: the client is waiting for the first reply, its socket bound.</summary>
        public void Capture()
        {
            while (_sockets.TryDequeue(out Socket? s))
            {
                Ports.Enqueue(((IPEndPoint)s.LocalEndPoint!).Port);
            }
        }
    }

    private sealed class RecordingObserver : ITftpTransferObserver
    {
        private readonly ConcurrentQueue<string> _events = new();

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Events => [.. _events];

        public TimeSpan Duration { get; private set; }

        public void OnTransferStarted(TftpRequestContext request, bool isWrite, long? size) =>
            _events.Enqueue($"started {request.RemoteEndPoint} {request.FileName} {(isWrite ? "write" : "read")} size={size}");

        public void OnTransferCompleted(TftpRequestContext request, bool isWrite, long bytes, TimeSpan duration)
        {
            Duration = duration;
            _events.Enqueue($"completed {request.RemoteEndPoint} {request.FileName} {(isWrite ? "write" : "read")} bytes={bytes}");
            Ended.TrySetResult();
        }

        public void OnTransferFailed(TftpRequestContext request, bool isWrite, TftpTransferOutcome outcome, string? reason, long bytes, TimeSpan duration)
        {
            _events.Enqueue($"failed {request.RemoteEndPoint} {request.FileName} {(isWrite ? "write" : "read")} {outcome} bytes={bytes}");
            Ended.TrySetResult();
        }

        public void OnRequestRefused(TftpRequestContext request, bool isWrite, TftpErrorCode errorCode, string? message)
        {
            _events.Enqueue($"refused {request.RemoteEndPoint} {request.FileName} {(isWrite ? "write" : "read")} {errorCode} {message}");
            Ended.TrySetResult();
        }
    }

    private sealed class ThrowingObserver : ITftpTransferObserver
    {
        public int Calls;

        public void OnTransferStarted(TftpRequestContext request, bool isWrite, long? size) => Throw();

        public void OnTransferCompleted(TftpRequestContext request, bool isWrite, long bytes, TimeSpan duration) => Throw();

        public void OnTransferFailed(TftpRequestContext request, bool isWrite, TftpTransferOutcome outcome, string? reason, long bytes, TimeSpan duration) => Throw();

        public void OnRequestRefused(TftpRequestContext request, bool isWrite, TftpErrorCode errorCode, string? message) => Throw();

        private void Throw()
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("observer failure");
        }
    }
}
