using System.Buffers;
using System.Net;

namespace Pxe.Nfs;

/// <summary>Dispatches one complete record of a TCP stream and frames its reply: shared by both TCP transports.</summary>
internal static class RpcRecordDispatch
{
    /// <summary>The smallest buffer rented for joining a fragmented record.</summary>
    private const int MinJoinBufferLength = 64 * 1024;

    /// <summary>
    /// Dispatches the record <paramref name="state"/> found at the start of <paramref name="buffer"/> to
    /// <paramref name="handler"/> and writes the reply, record mark first, into <paramref name="reply"/>. A record in
    /// several fragments or segments is joined in <paramref name="join"/> (rented here, returned by the caller).
    /// </summary>
    /// <returns>The reply length including its record mark; 0 when the call gets no reply (undecodable).</returns>
    public static int Process<THandler>(ref THandler handler, in ReadOnlySequence<byte> buffer, in RpcRecordState state, byte[] reply, ref byte[]? join, IPAddress? peer, NfsMetrics? metrics)
        where THandler : IRpcHandler
    {
        ReadOnlySpan<byte> message;
        if (!RpcRecordScanner.TryGetContiguousPayload(buffer, state, out message))
        {
            if (join is null || join.Length < state.PayloadLength)
            {
                if (join is not null)
                {
                    ArrayPool<byte>.Shared.Return(join);
                }

                join = ArrayPool<byte>.Shared.Rent(Math.Max(state.PayloadLength, MinJoinBufferLength));
            }

            RpcRecordScanner.CopyPayload(buffer, state, join);
            message = join.AsSpan(0, state.PayloadLength);
        }

        RpcDispatchResult result = RpcDispatcher.Dispatch(ref handler, message, reply.AsSpan(RpcRecordScanner.FragmentHeaderLength), peer, RpcTransport.Tcp, out int written, out _);
        if (result != RpcDispatchResult.Reply)
        {
            metrics?.RecordDrop("undecodable");
            return 0;
        }

        RpcRecordScanner.WriteRecordMark(reply, written);
        return written + RpcRecordScanner.FragmentHeaderLength;
    }
}
