using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pxe.Nfs;

/// <summary>
/// Serves RPC over TCP (RFC 5531 §11): one task per connection reads with System.IO.Pipelines, finds records with
/// <see cref="RpcRecordScanner"/>, dispatches each to <typeparamref name="THandler"/> and always ends a read with
/// <c>AdvanceTo(consumed, examined)</c>. A record over the maximum closes the connection before it is buffered.
/// </summary>
/// <typeparam name="THandler">The program handler (a struct for devirtualised dispatch).</typeparam>
public sealed class RpcTcpListener<THandler> : IDisposable
    where THandler : IRpcHandler
{
    private readonly Socket _socket;
    private readonly int _maxRecordLength;
    private readonly ILogger _logger;
    private readonly NfsMetrics? _metrics;
    private THandler _handler;

    /// <summary>Binds and listens on <paramref name="endPoint"/>.</summary>
    public RpcTcpListener(IPEndPoint endPoint, THandler handler, int maxRecordLength = RpcLimits.DefaultMaxRecordLength, ILogger? logger = null, NfsMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _handler = handler;
        _maxRecordLength = maxRecordLength;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
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
    public async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        EndPoint? remote = client.RemoteEndPoint;
        IPAddress? peer = (remote as IPEndPoint)?.Address;
        NfsLog.ConnectionAccepted(_logger, remote);
        var stream = new NetworkStream(client, ownsSocket: true);
        PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024));
        byte[] reply = ArrayPool<byte>.Shared.Rent(Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve);
        byte[]? call = null;
        long records = 0;
        using var registration = cancellationToken.Register(static s => ((Socket)s!).Dispose(), client);
        try
        {
            var state = default(RpcRecordState);
            while (true)
            {
                ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (true)
                {
                    OperationStatus status = RpcRecordScanner.TryRead(ref state, buffer, _maxRecordLength);
                    if (status == OperationStatus.InvalidData)
                    {
                        // RFC 5531 §11 gives no way to skip a record we will not buffer: close the connection.
                        NfsLog.RecordTooLarge(_logger, remote, _maxRecordLength);
                        _metrics?.RecordDrop("record_too_large");
                        await reader.CompleteAsync().ConfigureAwait(false);
                        return;
                    }

                    if (status != OperationStatus.Done)
                    {
                        break;
                    }

                    int replyLength = Process(buffer, state, reply, ref call, peer);
                    _metrics?.RecordBytes(state.ScannedLength, replyLength);
                    buffer = buffer.Slice(state.ScannedLength);
                    state.Reset();
                    records++;
                    if (replyLength > 0)
                    {
                        await client.SendAsync(reply.AsMemory(0, replyLength), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                NfsLog.ConnectionFailed(_logger, remote, ex);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(reply);
            if (call is not null)
            {
                ArrayPool<byte>.Shared.Return(call);
            }

            NfsLog.ConnectionClosed(_logger, remote, records);
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
