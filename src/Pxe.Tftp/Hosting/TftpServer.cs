using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pxe.Tftp;

/// <summary>
/// The TFTP server: receives requests on one UDP socket and runs each transfer on its own socket (its RFC 1350
/// transfer id), bound to the listening address on a fresh port and connected to the client.
/// </summary>
/// <remarks>
/// Requests arrive with <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>
/// into one pooled buffer; transfers use pooled buffers sized for their negotiated block size, so per-transfer
/// memory is bounded by two packets. A retransmitted request from a client whose transfer is already running is
/// ignored. Because transfer sockets are connected, datagrams from other ports are filtered by the kernel rather
/// than answered with ERROR 5 (RFC 1350 §4 asks for the error; it only ever helps a confused client).
/// </remarks>
public sealed class TftpServer : BackgroundService
{
    private readonly TftpServerOptions _options;
    private readonly TftpTransferSettings _settings;
    private readonly ITftpFileProvider _provider;
    private readonly ILogger _logger;
    private readonly TftpMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly TftpSocketFactory _sockets;
    private readonly TftpObserverInvoker? _observer;
    private readonly ConcurrentDictionary<IPEndPoint, byte> _active = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private const int MinPacketBuffer = TftpLimits.HeaderLength + TftpLimits.DefaultBlockSize;
    private Socket? _socket;
    private int _activeCount;

    /// <summary>Creates a server; <see cref="IHostedService.StartAsync"/> binds the socket.</summary>
    /// <param name="options">The options.</param>
    /// <param name="provider">Opens the files served (and written).</param>
    /// <param name="logger">The logger, or null for none.</param>
    /// <param name="metrics">The metrics, or null for a private instance.</param>
    /// <param name="timeProvider">The clock for timeouts and durations, or null for the system clock.</param>
    /// <param name="socketFactory">Creates the sockets, or null for plain UDP sockets.</param>
    /// <param name="observer">Told when each transfer starts and ends, or null for none (see <see cref="ITftpTransferObserver"/>).</param>
    public TftpServer(IOptions<TftpServerOptions> options, ITftpFileProvider provider, ILogger<TftpServer>? logger = null, TftpMetrics? metrics = null, TimeProvider? timeProvider = null, TftpSocketFactory? socketFactory = null, ITftpTransferObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _settings = TftpTransferSettings.From(_options);
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics ?? new TftpMetrics();
        _time = timeProvider ?? TimeProvider.System;
        _sockets = socketFactory ?? new TftpSocketFactory();
        _observer = TftpObserverInvoker.Create(observer, _logger);
    }

    /// <summary>The address and port the server listens on, once started.</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    /// <summary>Transfers running now.</summary>
    public int ActiveTransfers => Volatile.Read(ref _activeCount);

    /// <summary>Binds the request socket, then starts receiving.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        IPAddress address = IPAddress.Parse(_options.ListenAddress);
        Socket socket = _sockets.CreateUdpSocket(address.AddressFamily);
        try
        {
            socket.Bind(new IPEndPoint(address, _options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        TftpLog.Listening(_logger, socket.LocalEndPoint!);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Stops receiving, cancels running transfers and waits for them.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Socket socket = _socket ?? throw new InvalidOperationException("StartAsync binds the socket first");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(TftpLimits.MaxRequestLength + 1);
        var address = new SocketAddress(socket.AddressFamily);
        var template = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                int n;
                try
                {
                    n = await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, address, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    _metrics.Dropped("socket_error");
                    continue;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                OnDatagram(socket, buffer.AsSpan(0, n), address, template, stoppingToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            socket.Dispose();
        }
    }

    private void OnDatagram(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress address, IPEndPoint template, CancellationToken stoppingToken)
    {
        if (datagram.Length > TftpLimits.MaxRequestLength)
        {
            _metrics.Dropped("too_long");
            TftpLog.DroppedDatagram(_logger, datagram.Length, TftpParseStatus.TooLong);
            return;
        }

        if (!TftpRequest.TryCreate(datagram, out TftpRequest request, out TftpParseStatus status))
        {
            // RFC 1350 §4: only RRQ and WRQ belong on the request port; anything else is dropped and counted.
            _metrics.Dropped("malformed");
            TftpLog.DroppedDatagram(_logger, datagram.Length, status);
            return;
        }

        var remote = (IPEndPoint)template.Create(address);
        if (_active.ContainsKey(remote))
        {
            _metrics.Dropped("duplicate_request");
            return;
        }

        TftpLog.RequestReceived(_logger, request.Opcode == TftpOpcode.ReadRequest ? "read" : "write", request.FileNameText, remote);
        if (Interlocked.Increment(ref _activeCount) > _options.MaxTransfers)
        {
            int active = Interlocked.Decrement(ref _activeCount);
            TftpLog.TooManyTransfers(_logger, remote, active, _options.MaxTransfers);
            _metrics.Refused(TftpErrorCode.NotDefined);
            Span<byte> error = stackalloc byte[64];
            if (TftpPacketWriter.TryWriteError(error, TftpErrorCode.NotDefined, "too many transfers, try again"u8, out int length))
            {
                TrySendTo(socket, error[..length], address);
            }

            return;
        }

        if (!_active.TryAdd(remote, 0))
        {
            Interlocked.Decrement(ref _activeCount);
            return;
        }

        byte[] copy = datagram.ToArray();
        Task task = Task.Run(() => RunTransferAsync(copy, remote, stoppingToken), CancellationToken.None);
        _running.TryAdd(task, 0);
        task.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static void TrySendTo(Socket socket, ReadOnlySpan<byte> packet, SocketAddress address)
    {
        try
        {
            socket.SendTo(packet, SocketFlags.None, address);
        }
        catch (SocketException)
        {
        }
    }

    private async Task RunTransferAsync(byte[] request, IPEndPoint remote, CancellationToken stoppingToken)
    {
        _metrics.TransferStarted();
        TftpTransferOutcome outcome = TftpTransferOutcome.LocalError;
        long bytes = 0;
        long retransmits = 0;
        bool isWrite = false;
        TftpRequestContext? observed = null; // set once the observer was told the transfer started
        long startedAt = 0;
        byte[]? send = null;
        byte[]? receive = null;
        Socket? socket = null;
        try
        {
            var local = (IPEndPoint)_socket!.LocalEndPoint!;
            socket = _sockets.CreateUdpSocket(remote.AddressFamily);
            socket.Bind(new IPEndPoint(local.Address, 0));
            socket.Connect(remote);
            TftpTransferStart start = await TftpRequestHandler.StartAsync(request, remote, NeighborTable.Lookup(remote.Address), _settings, _provider, _time, stoppingToken).ConfigureAwait(false);
            isWrite = start.IsWrite;
            if (start.Session is not { } session)
            {
                Span<byte> error = stackalloc byte[TftpLimits.HeaderLength + TftpLimits.MaxErrorMessageLength + 1];
                if (start.TryWriteError(error, out int length))
                {
                    TrySend(socket, error[..length]);
                }

                TftpLog.Refused(_logger, start.FileName, remote, start.ErrorCode, start.ErrorMessage);
                _metrics.Refused(start.ErrorCode);
                if (start.Context is { } refused)
                {
                    _observer?.Refused(refused, isWrite, start.ErrorCode, start.ErrorMessage);
                }

                _metrics.TransferFinished(TftpTransferOutcome.Completed, isWrite, 0, 0); // balances TransferStarted
                return;
            }

            using (session)
            {
                int blockSize = session is TftpSender s ? s.BlockSize : ((TftpReceiver)session).BlockSize;
                // At least 516 bytes: an OACK or ERROR can be longer than a DATA packet at a small blksize.
                send = ArrayPool<byte>.Shared.Rent(Math.Max(TftpLimits.HeaderLength + blockSize, MinPacketBuffer));
                receive = ArrayPool<byte>.Shared.Rent(Math.Max(TftpLimits.HeaderLength + blockSize + 1, MinPacketBuffer));
                if (_observer is not null && start.Context is { } context)
                {
                    _observer.Started(context, isWrite, start.Size);
                    observed = context;
                    startedAt = _time.GetTimestamp();
                }

                await TftpSessionRunner.RunOnDedicatedThreadAsync(socket, session, send, receive, dally: true, stoppingToken).ConfigureAwait(false);
                outcome = session.Outcome;
                bytes = session.Bytes;
                retransmits = session.Retransmits;
                _metrics.Dropped("malformed", session.Dropped);
                if (session.ErrorToSend is { } code)
                {
                    Span<byte> error = stackalloc byte[TftpLimits.HeaderLength + TftpLimits.MaxErrorMessageLength + 1];
                    if (TftpPacketWriter.TryWriteError(error, code, Encoding.ASCII.GetBytes(session.FailureReason ?? string.Empty), out int length))
                    {
                        TrySend(socket, error[..length]);
                    }
                }

                Log(start.FileName, remote, session);
                if (observed is not null)
                {
                    _observer!.Ended(observed, isWrite, outcome, session.FailureReason, bytes, _time.GetElapsedTime(startedAt));
                    observed = null;
                }
            }

            _metrics.TransferFinished(outcome, isWrite, bytes, retransmits);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TftpLog.TransferCrashed(_logger, remote, e);
            if (socket is { Connected: true })
            {
                SendInternalError(socket);
            }

            _metrics.TransferFinished(TftpTransferOutcome.LocalError, isWrite, bytes, retransmits);
            if (observed is not null)
            {
                _observer!.Ended(observed, isWrite, TftpTransferOutcome.LocalError, e.Message, bytes, _time.GetElapsedTime(startedAt));
            }
        }
        finally
        {
            socket?.Dispose();
            if (send is not null)
            {
                ArrayPool<byte>.Shared.Return(send);
            }

            if (receive is not null)
            {
                ArrayPool<byte>.Shared.Return(receive);
            }

            _active.TryRemove(remote, out _);
            Interlocked.Decrement(ref _activeCount);
        }
    }

    private void Log(string fileName, IPEndPoint remote, TftpSession session)
    {
        switch (session.Outcome)
        {
            case TftpTransferOutcome.Completed when session is TftpSender sender:
                TftpLog.ReadCompleted(_logger, fileName, remote, session.Bytes, sender.BlockSize, sender.WindowSize, session.Retransmits);
                break;
            case TftpTransferOutcome.Completed:
                TftpLog.WriteCompleted(_logger, fileName, remote, session.Bytes);
                break;
            case TftpTransferOutcome.AbortedAfterOptionAck:
                TftpLog.SizeProbe(_logger, remote, fileName);
                break;
            default:
                TftpLog.TransferFailed(_logger, fileName, remote, session.Outcome, session.FailureReason);
                break;
        }
    }

    private static void SendInternalError(Socket socket)
    {
        Span<byte> error = stackalloc byte[32];
        if (TftpPacketWriter.TryWriteError(error, TftpErrorCode.NotDefined, "internal server error"u8, out int length))
        {
            TrySend(socket, error[..length]);
        }
    }

    private static void TrySend(Socket socket, ReadOnlySpan<byte> packet)
    {
        try
        {
            socket.Send(packet, SocketFlags.None);
        }
        catch (SocketException)
        {
        }
    }
}
