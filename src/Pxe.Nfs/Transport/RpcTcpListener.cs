using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pxe.Nfs;

/// <summary>
/// Serves RPC over TCP (RFC 5531 §11): one thread per connection reads with blocking receives, finds records with
/// <see cref="RpcRecordScanner"/> and dispatches each to <typeparamref name="THandler"/>. A record over the maximum
/// closes the connection before it is buffered.
/// </summary>
/// <typeparam name="THandler">The program handler (a struct for devirtualised dispatch).</typeparam>
public sealed class RpcTcpListener<THandler> : IDisposable
    where THandler : IRpcHandler
{
    /// <summary>The receive buffer a connection starts with (256 KiB); it grows for larger records.</summary>
    private const int InitialInputLength = 256 * 1024;

    /// <summary>Room for record-mark headers on top of the largest record (a record may come in many fragments).</summary>
    private const int MaxFragmentHeaders = 64 * 1024;

    private readonly Socket _socket;
    private readonly int _maxRecordLength;
    private readonly ILogger _logger;
    private readonly NfsMetrics? _metrics;
    private readonly NfsObserverInvoker? _observer;
    private THandler _handler;

    /// <summary>Binds and listens on <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">The address and port to listen on (port 0 picks a free one).</param>
    /// <param name="handler">The program handler.</param>
    /// <param name="maxRecordLength">The largest record accepted; a larger one closes the connection.</param>
    /// <param name="logger">The logger, or null for none.</param>
    /// <param name="metrics">The metrics, or null for none.</param>
    /// <param name="observer">Told when each connection opens and closes, or null for none (see <see cref="INfsServerObserver"/>).</param>
    public RpcTcpListener(IPEndPoint endPoint, THandler handler, int maxRecordLength = RpcLimits.DefaultMaxRecordLength, ILogger? logger = null, NfsMetrics? metrics = null, INfsServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _handler = handler;
        _maxRecordLength = maxRecordLength;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _observer = NfsObserverInvoker.Create(observer, _logger);
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.Bind(endPoint);
        _socket.Listen(128);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Accepts connections until <paramref name="cancellationToken"/> fires; then closes every connection.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                client.NoDelay = true;
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    /// <summary>Serves one connected socket until the peer closes it, it misbehaves or <paramref name="cancellationToken"/> fires.</summary>
    /// <remarks>
    /// Each connection gets a dedicated thread with blocking <c>recv(2)</c>/<c>send(2)</c>: an NFS client waits for
    /// most replies before its next call (READDIRPLUS, LOOKUP, GETATTR), so the round trip is the cost, and an
    /// asynchronous receive adds a hop from the socket engine's epoll thread to the thread pool to every call. On
    /// loopback a 10,000-entry <c>nfs-ls -R</c> went from 0.10–0.14 s to 0.096–0.107 s; the gap to ganesha in
    /// <c>nfs-compare.sh</c> (0.59–0.67) lies elsewhere (see benchmarks/README.md).
    /// </remarks>
    public Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Task.Factory.StartNew(() => Serve(client, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Serve(Socket client, CancellationToken cancellationToken)
    {
        EndPoint? remote = client.RemoteEndPoint;
        IPAddress? peer = (remote as IPEndPoint)?.Address;
        NfsLog.ConnectionAccepted(_logger, remote);
        if (remote is IPEndPoint opened)
        {
            _observer?.ConnectionOpened(opened);
        }

        client.Blocking = true;
        byte[] input = ArrayPool<byte>.Shared.Rent(InitialInputLength);
        byte[] reply = ArrayPool<byte>.Shared.Rent(Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve);
        byte[]? call = null;
        long records = 0;
        long received = 0;
        long sent = 0;
        using var registration = cancellationToken.Register(static s => ((Socket)s!).Dispose(), client);
        try
        {
            var state = default(RpcRecordState);
            int start = 0; // input[start..end) is received and not yet consumed
            int end = 0;
            while (true)
            {
                if (end == input.Length)
                {
                    if (start > 0)
                    {
                        // Move the partial record to the front; the scanner's offsets are relative to its start.
                        input.AsSpan(start, end - start).CopyTo(input);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        // One record larger than the buffer: grow (the scanner refuses records over the maximum),
                        // unless it is all fragment headers — tiny fragments of a hostile peer.
                        int grown = Math.Min(input.Length * 2, _maxRecordLength + MaxFragmentHeaders);
                        if (grown <= input.Length)
                        {
                            NfsLog.RecordTooLarge(_logger, remote, _maxRecordLength);
                            _metrics?.RecordDrop("record_too_large");
                            return;
                        }

                        byte[] larger = ArrayPool<byte>.Shared.Rent(grown);
                        input.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(input);
                        input = larger;
                    }
                }

                int n = client.Receive(input, end, input.Length - end, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                end += n;
                received += n;
                while (true)
                {
                    var buffer = new ReadOnlySequence<byte>(input, start, end - start);
                    OperationStatus status = RpcRecordScanner.TryRead(ref state, buffer, _maxRecordLength);
                    if (status == OperationStatus.InvalidData)
                    {
                        // RFC 5531 §11 gives no way to skip a record we will not buffer: close the connection.
                        NfsLog.RecordTooLarge(_logger, remote, _maxRecordLength);
                        _metrics?.RecordDrop("record_too_large");
                        return;
                    }

                    if (status != OperationStatus.Done)
                    {
                        break;
                    }

                    int replyLength = Process(buffer, state, reply, ref call, peer);
                    _metrics?.RecordBytes(state.ScannedLength, replyLength);
                    start += (int)state.ScannedLength;
                    state.Reset();
                    records++;
                    for (int done = 0; done < replyLength;)
                    {
                        int m = client.Send(reply, done, replyLength - done, SocketFlags.None);
                        done += m;
                        sent += m;
                    }
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                NfsLog.ConnectionFailed(_logger, remote, ex);
            }
        }
        finally
        {
            client.Dispose();
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(reply);
            if (call is not null)
            {
                ArrayPool<byte>.Shared.Return(call);
            }

            NfsLog.ConnectionClosed(_logger, remote, records);
            if (remote is IPEndPoint closed)
            {
                _observer?.ConnectionClosed(closed, records, received, sent);
            }
        }
    }

    /// <summary>Dispatches one complete record; returns the reply length including its record mark (0: no reply).</summary>
    private int Process(ReadOnlySequence<byte> buffer, RpcRecordState state, byte[] reply, ref byte[]? call, IPAddress? peer)
    {
        ReadOnlySpan<byte> message;
        if (!RpcRecordScanner.TryGetContiguousPayload(buffer, state, out message))
        {
            if (call is null || call.Length < state.PayloadLength)
            {
                if (call is not null)
                {
                    ArrayPool<byte>.Shared.Return(call);
                }

                call = ArrayPool<byte>.Shared.Rent(Math.Max(state.PayloadLength, 64 * 1024));
            }

            RpcRecordScanner.CopyPayload(buffer, state, call);
            message = call.AsSpan(0, state.PayloadLength);
        }

        RpcDispatchResult result = RpcDispatcher.Dispatch(ref _handler, message, reply.AsSpan(RpcRecordScanner.FragmentHeaderLength), peer, RpcTransport.Tcp, out int written, out _);
        if (result != RpcDispatchResult.Reply)
        {
            _metrics?.RecordDrop("undecodable");
            return 0;
        }

        RpcRecordScanner.WriteRecordMark(reply, written);
        return written + RpcRecordScanner.FragmentHeaderLength;
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _socket.Dispose();
}
