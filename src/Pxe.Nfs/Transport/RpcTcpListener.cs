using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pxe.Nfs;

/// <summary>
/// Serves RPC over TCP (RFC 5531 §11): one thread per connection reads with blocking receives, finds records with
/// <see cref="RpcRecordScanner"/> and dispatches each to <typeparamref name="THandler"/>. A record over the maximum
/// closes the connection before it is buffered. Connection threads and their buffers are kept for the next
/// connection (up to <see cref="MaxIdleWorkers"/>, for <see cref="WorkerIdleLifetime"/>).
/// </summary>
/// <typeparam name="THandler">The program handler (a struct for devirtualised dispatch).</typeparam>
public sealed class RpcTcpListener<THandler> : IDisposable
    where THandler : IRpcHandler
{
    /// <summary>The receive buffer a connection starts with (256 KiB); it grows for larger records.</summary>
    private const int InitialInputLength = 256 * 1024;

    /// <summary>Room for record-mark headers on top of the largest record (a record may come in many fragments).</summary>
    private const int MaxFragmentHeaders = 64 * 1024;

    /// <summary>Connection threads kept waiting for the next connection once theirs closes.</summary>
    /// <remarks>
    /// A libnfs tool or a mount makes three or four short connections (portmap, MOUNT, NFS). Starting a thread for
    /// each and allocating its 1.3 MiB of buffers (large-object heap: every few connections a full collection) cost
    /// ~13 ms of CPU per <c>nfs-ls</c> of an empty directory; a kept thread with its buffers costs nothing.
    /// </remarks>
    private const int MaxIdleWorkers = 8;

    /// <summary>The pause before accepting again after the process ran out of descriptors or socket memory.</summary>
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an idle connection thread waits for a connection before it exits and frees its buffers.</summary>
    private static readonly TimeSpan WorkerIdleLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentStack<ConnectionWorker> _idleWorkers = new();
    private int _idleWorkerCount;
    private volatile bool _disposed;

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
    /// <remarks>
    /// Connections are accepted on a thread of their own with a blocking <c>accept(2)</c> and handed straight to a
    /// connection thread. Accepting asynchronously woke a thread-pool worker per connection, which then spun in
    /// <c>sched_yield</c> looking for more work: over half of the server's CPU time for a libnfs tool (four short
    /// connections each) on this 2-core machine.
    /// </remarks>
    /// <returns>A task that completes when the listener has stopped and every connection has closed.</returns>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                AcceptUntilStopped(cancellationToken);
                stopped.TrySetResult();
            }
            catch (Exception ex)
            {
                stopped.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "pxe rpc/accept" }.Start();
        return stopped.Task;
    }

    private void AcceptUntilStopped(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();

        // Closing the listening socket is what ends a blocking accept(2).
        using (cancellationToken.Register(static s => ((Socket)s!).Dispose(), _socket))
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Socket client;
                    try
                    {
                        client = _socket.Accept();
                    }
                    catch (SocketException ex) when (!cancellationToken.IsCancellationRequested && !_disposed
                        && ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                    {
                        // A client gone before it was accepted, or no descriptor or memory for a moment: keep listening.
                        NfsLog.ConnectionFailed(_logger, null, ex);
                        if (ex.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                        {
                            Thread.Sleep(AcceptBackoff);
                        }

                        continue;
                    }

                    client.NoDelay = true;
                    connections.RemoveAll(t => t.IsCompleted);
                    connections.Add(ServeAsync(client, cancellationToken));
                }
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested || _disposed)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        Task.WaitAll(connections, CancellationToken.None);
    }

    /// <summary>Serves one connected socket until the peer closes it, it misbehaves or <paramref name="cancellationToken"/> fires.</summary>
    /// <remarks>
    /// Each connection gets a dedicated thread with blocking <c>recv(2)</c>/<c>send(2)</c>: an NFS client waits for
    /// most replies before its next call (READDIRPLUS, LOOKUP, GETATTR), so the round trip is the cost, and an
    /// asynchronous receive adds a hop from the socket engine's epoll thread to the thread pool to every call. The
    /// thread is an idle one from an earlier connection when there is one.
    /// </remarks>
    /// <returns>A task that completes when the connection is closed.</returns>
    public Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (_idleWorkers.TryPop(out ConnectionWorker? idle))
        {
            Interlocked.Decrement(ref _idleWorkerCount);
            if (idle.TryAssign(client, done, cancellationToken))
            {
                return done.Task;
            }
        }

        var worker = new ConnectionWorker(this, client, done, cancellationToken);
        new Thread(worker.Run) { IsBackground = true, Name = "pxe rpc/tcp" }.Start();
        return done.Task;
    }

    /// <summary>Offers an idle worker for the next connection; false when enough are waiting already.</summary>
    private bool TryPark(ConnectionWorker worker)
    {
        if (Interlocked.Increment(ref _idleWorkerCount) > MaxIdleWorkers)
        {
            Interlocked.Decrement(ref _idleWorkerCount);
            return false;
        }

        _idleWorkers.Push(worker);
        return true;
    }

    private void Serve(Socket client, ConnectionWorker worker, CancellationToken cancellationToken)
    {
        EndPoint? remote = client.RemoteEndPoint;
        IPAddress? peer = (remote as IPEndPoint)?.Address;
        NfsLog.ConnectionAccepted(_logger, remote);
        if (remote is IPEndPoint opened)
        {
            _observer?.ConnectionOpened(opened);
        }

        client.Blocking = true;
        byte[] input = worker.Input;
        byte[] reply = worker.Reply;
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
                        // unless it is all fragment headers — tiny fragments of a hostile peer. The worker keeps the
                        // larger buffer, so its memory stays bounded by the maximum record.
                        int grown = Math.Min(input.Length * 2, _maxRecordLength + MaxFragmentHeaders);
                        if (grown <= input.Length)
                        {
                            NfsLog.RecordTooLarge(_logger, remote, _maxRecordLength);
                            _metrics?.RecordDrop("record_too_large");
                            return;
                        }

                        byte[] larger = GC.AllocateUninitializedArray<byte>(grown);
                        input.AsSpan(0, end).CopyTo(larger);
                        input = worker.Input = larger;
                    }
                }

                // The error-code overloads: a reset is how libnfs closes (SO_LINGER 0), and an exception per connection
                // cost more than serving its calls.
                int n = client.Receive(input.AsSpan(end), SocketFlags.None, out SocketError receiveError);
                if (receiveError != SocketError.Success)
                {
                    CloseFailed(remote, receiveError, cancellationToken);
                    return;
                }

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

                    int replyLength = RpcRecordDispatch.Process(ref _handler, buffer, state, reply, ref call, peer, _metrics);
                    _metrics?.RecordBytes(state.ScannedLength, replyLength);
                    start += (int)state.ScannedLength;
                    state.Reset();
                    records++;
                    for (int done = 0; done < replyLength;)
                    {
                        int m = client.Send(reply.AsSpan(done, replyLength - done), SocketFlags.None, out SocketError sendError);
                        if (sendError != SocketError.Success)
                        {
                            CloseFailed(remote, sendError, cancellationToken);
                            return;
                        }

                        done += m;
                        sent += m;
                    }
                }

                if (start == end)
                {
                    start = end = 0;

                    // Every call received is answered: work ahead while the client reads the replies.
                    _handler.PrepareAhead();
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

    /// <summary>Logs a connection that ended in a socket error; a reset is a normal close and a cancelled one says nothing.</summary>
    private void CloseFailed(EndPoint? remote, SocketError error, CancellationToken cancellationToken)
    {
        if (error != SocketError.ConnectionReset && !cancellationToken.IsCancellationRequested && _logger.IsEnabled(LogLevel.Debug))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
            NfsLog.ConnectionFailed(_logger, remote, new SocketException((int)error));
#pragma warning restore CA1873
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    /// <summary>
    /// A connection thread with its receive and reply buffers. After its connection closes it parks itself with the
    /// listener and waits for the next one; an idle worker that times out retires, unless a connection was handed
    /// to it at that moment (the state word decides which happened).
    /// </summary>
    private sealed class ConnectionWorker : IDisposable
    {
        private const int Serving = 0;
        private const int Idle = 1;
        private const int Retired = 2;

        private readonly RpcTcpListener<THandler> _listener;
        // No spinning before it blocks: a parked worker waits for seconds, and SemaphoreSlim's spin (sched_yield) was
        // 30 % of the server's CPU in a tree copy of 4,000 nfs-cp processes on this 2-core machine.
        private readonly ManualResetEventSlim _assigned = new(initialState: false, spinCount: 0);
        private Socket? _client;
        private CancellationToken _cancellationToken;
        private TaskCompletionSource? _done;
        private int _state = Serving;

        public ConnectionWorker(RpcTcpListener<THandler> listener, Socket client, TaskCompletionSource done, CancellationToken cancellationToken)
        {
            _listener = listener;
            _client = client;
            _cancellationToken = cancellationToken;
            _done = done;
        }

        public byte[] Input { get; set; } = GC.AllocateUninitializedArray<byte>(InitialInputLength);

        public byte[] Reply { get; } = GC.AllocateUninitializedArray<byte>(Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve);

        /// <summary>Hands a connection to this idle worker; false when it has just retired.</summary>
        public bool TryAssign(Socket client, TaskCompletionSource done, CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Serving, Idle) != Idle)
            {
                return false;
            }

            _client = client;
            _cancellationToken = cancellationToken;
            _done = done;
            _assigned.Set();
            return true;
        }

        /// <summary>Serves connections until the worker retires; then frees the wait handle (no one signals a retired worker).</summary>
        public void Run()
        {
            try
            {
                ServeUntilRetired();
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose() => _assigned.Dispose();

        private void ServeUntilRetired()
        {
            while (true)
            {
                TaskCompletionSource done = _done!;
                try
                {
                    _listener.Serve(_client!, this, _cancellationToken);
                }
                catch (Exception ex)
                {
                    // Not a connection failure (those are handled in Serve): a defect. The listener's RunAsync reports it.
                    Volatile.Write(ref _state, Retired);
                    done.TrySetException(ex);
                    return;
                }

                _client = null;
                _done = null;
                done.TrySetResult();

                CancellationToken cancellationToken = _cancellationToken;
                Volatile.Write(ref _state, Idle);
                if (cancellationToken.IsCancellationRequested || !_listener.TryPark(this))
                {
                    Volatile.Write(ref _state, Retired);
                    return;
                }

                bool assigned;
                try
                {
                    assigned = _assigned.Wait(WorkerIdleLifetime, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    assigned = false;
                }

                if (!assigned && Interlocked.CompareExchange(ref _state, Retired, Idle) == Idle)
                {
                    return;
                }

                if (!assigned)
                {
                    // A connection was handed over as the wait ended: its Set is on the way.
                    _assigned.Wait(CancellationToken.None);
                }

                _assigned.Reset();
            }
        }
    }
}
