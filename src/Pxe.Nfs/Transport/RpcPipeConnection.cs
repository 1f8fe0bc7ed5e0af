using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pxe.Nfs;

/// <summary>
/// Serves ONC-RPC over one byte-stream connection given as an <see cref="IDuplexPipe"/> (RFC 5531 §11 record
/// marking): a Kestrel connection (<c>ConnectionHandler</c>), a pipe over any <see cref="Stream"/>
/// (<see cref="PipeReader.Create(Stream, StreamPipeReaderOptions?)"/>), or an in-memory <see cref="Pipe"/>. Records are
/// found with <see cref="RpcRecordScanner"/> in the reader's buffers however the stream was split, dispatched to
/// <typeparamref name="THandler"/>, and the replies of everything that arrived together are flushed together.
/// </summary>
/// <remarks>
/// <see cref="RpcTcpListener{THandler}"/> serves sockets itself with a blocking thread per connection, which answers
/// a lock-step client fastest; this class is for hosts that already own the connections. Nothing is allocated per
/// call: a fragmented record is joined in a buffer rented once per connection, and each reply is composed in a
/// rented buffer and copied into the writer.
/// </remarks>
/// <typeparam name="THandler">The program handler (a struct for devirtualised dispatch).</typeparam>
public sealed class RpcPipeConnection<THandler>
    where THandler : IRpcHandler
{
    private readonly int _maxRecordLength;
    private readonly ILogger _logger;
    private readonly NfsMetrics? _metrics;
    private readonly NfsObserverInvoker? _observer;
    private THandler _handler;

    /// <summary>Creates a connection server for <paramref name="handler"/>.</summary>
    /// <param name="handler">The program handler, e.g. <see cref="NfsRpcHandler"/> (NFSv3 and MOUNT).</param>
    /// <param name="maxRecordLength">The largest record accepted; a larger one closes the connection before it is buffered.</param>
    /// <param name="logger">Connection events (EventIds 3001–3004).</param>
    /// <param name="metrics">Bytes and drops, or null.</param>
    /// <param name="observer">Told when each connection opens and closes, or null (see <see cref="INfsServerObserver"/>).</param>
    public RpcPipeConnection(THandler handler, int maxRecordLength = RpcLimits.DefaultMaxRecordLength, ILogger? logger = null, NfsMetrics? metrics = null, INfsServerObserver? observer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordLength, 64);
        _handler = handler;
        _maxRecordLength = maxRecordLength;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _observer = NfsObserverInvoker.Create(observer, _logger);
    }

    /// <summary>
    /// Serves <paramref name="connection"/> until its input completes, a record is over the maximum or
    /// <paramref name="cancellationToken"/> fires; then completes both directions.
    /// </summary>
    /// <param name="connection">The connection's two directions.</param>
    /// <param name="remote">The peer (for AUTH_SYS checks, export client lists, logs), or null when unknown.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>The number of records (calls) served.</returns>
    public async Task<long> ServeAsync(IDuplexPipe connection, IPEndPoint? remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        PipeReader input = connection.Input;
        PipeWriter output = connection.Output;
        NfsLog.ConnectionAccepted(_logger, remote);
        if (remote is not null)
        {
            _observer?.ConnectionOpened(remote);
        }

        byte[] reply = ArrayPool<byte>.Shared.Rent(Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve);
        byte[]? call = null;
        long records = 0;
        long received = 0;
        long sent = 0;
        Exception? failure = null;
        try
        {
            var state = default(RpcRecordState);
            while (true)
            {
                ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool replied = false;
                while (true)
                {
                    OperationStatus status = RpcRecordScanner.TryRead(ref state, buffer, _maxRecordLength);
                    if (status == OperationStatus.InvalidData)
                    {
                        // RFC 5531 §11 gives no way to skip a record we will not buffer: close the connection.
                        NfsLog.RecordTooLarge(_logger, remote, _maxRecordLength);
                        _metrics?.RecordDrop("record_too_large");
                        return records;
                    }

                    if (status != OperationStatus.Done)
                    {
                        break;
                    }

                    int replyLength = RpcRecordDispatch.Process(ref _handler, buffer, state, reply, ref call, remote?.Address, _metrics);
                    _metrics?.RecordBytes(state.ScannedLength, replyLength);
                    received += state.ScannedLength;
                    sent += replyLength;
                    if (replyLength > 0)
                    {
                        output.Write(reply.AsSpan(0, replyLength));
                        replied = true;
                    }

                    buffer = buffer.Slice(state.ScannedLength);
                    state.Reset();
                    records++;
                }

                // Consumed up to the start of the unfinished record; everything after it was looked at.
                input.AdvanceTo(buffer.Start, buffer.End);
                if (replied)
                {
                    ValueTask<FlushResult> flushing = output.FlushAsync(cancellationToken);
                    bool onHandlingThread = flushing.IsCompleted;
                    FlushResult flushed = await flushing.ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        return records;
                    }

                    if (onHandlingThread)
                    {
                        // Work ahead while the client reads the replies (only the thread that handled the calls knows what).
                        _handler.PrepareAhead();
                    }
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return records;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            failure = ex is OperationCanceledException ? null : ex;
            if (failure is not null)
            {
                NfsLog.ConnectionFailed(_logger, remote, failure);
            }

            return records;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(reply);
            if (call is not null)
            {
                ArrayPool<byte>.Shared.Return(call);
            }

            await input.CompleteAsync(failure).ConfigureAwait(false);
            await output.CompleteAsync(failure).ConfigureAwait(false);
            NfsLog.ConnectionClosed(_logger, remote, records);
            if (remote is not null)
            {
                _observer?.ConnectionClosed(remote, records, received, sent);
            }
        }
    }
}
