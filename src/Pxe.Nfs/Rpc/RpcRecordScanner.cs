using System.Buffers;
using System.Buffers.Binary;

namespace Pxe.Nfs;

/// <summary>
/// Finds ONC-RPC records in a TCP byte stream (RFC 5531 §11, record marking):
/// <code>
/// +-+-----------------------------+------------------+
/// |L|  fragment length (31 bits)  | fragment bytes   |  ... repeated until L (last fragment) = 1
/// +-+-----------------------------+------------------+
/// </code>
/// The scanner only walks headers; it never copies. Call <see cref="TryRead"/> with the buffer the pipe holds (always
/// starting at the record's first byte) until it returns <see cref="OperationStatus.Done"/>, then get the payload with
/// <see cref="TryGetContiguousPayload"/> or <see cref="CopyPayload"/> and consume <see cref="RpcRecordState.ScannedLength"/> bytes.
/// </summary>
public static class RpcRecordScanner
{
    /// <summary>The size of a fragment header.</summary>
    public const int FragmentHeaderLength = 4;

    /// <summary>The last-fragment bit of a record mark.</summary>
    public const uint LastFragmentBit = 0x8000_0000;

    /// <summary>
    /// Advances <paramref name="state"/> over the fragments complete in <paramref name="data"/>.
    /// </summary>
    /// <returns><see cref="OperationStatus.Done"/> when the record is complete; <see cref="OperationStatus.NeedMoreData"/> when
    /// more bytes are needed; <see cref="OperationStatus.InvalidData"/> when the record would exceed
    /// <paramref name="maxRecordLength"/> or has more than <see cref="RpcLimits.MaxFragmentsPerRecord"/> fragments (close the connection).</returns>
    public static OperationStatus TryRead(ref RpcRecordState state, in ReadOnlySequence<byte> data, int maxRecordLength = RpcLimits.DefaultMaxRecordLength)
    {
        if (state.IsComplete)
        {
            return OperationStatus.Done;
        }

        while (true)
        {
            if (data.Length - state.ScannedLength < FragmentHeaderLength)
            {
                return OperationStatus.NeedMoreData;
            }

            uint mark = ReadMark(data, state.ScannedLength);
            uint length = mark & ~LastFragmentBit;

            // RFC 5531 §11 allows fragments up to 2^31-1 bytes; we refuse any record over the configured maximum at the
            // header, before a byte of it is buffered.
            if ((long)state.PayloadLength + length > maxRecordLength || state.FragmentCount >= RpcLimits.MaxFragmentsPerRecord)
            {
                return OperationStatus.InvalidData;
            }

            if (data.Length - state.ScannedLength - FragmentHeaderLength < length)
            {
                return OperationStatus.NeedMoreData;
            }

            state.ScannedLength += FragmentHeaderLength + length;
            state.PayloadLength += (int)length;
            state.FragmentCount++;
            if ((mark & LastFragmentBit) != 0)
            {
                state.IsComplete = true;
                return OperationStatus.Done;
            }
        }
    }

    /// <summary>Returns the payload without copying when the record is one fragment inside one segment.</summary>
    public static bool TryGetContiguousPayload(ReadOnlySequence<byte> data, RpcRecordState state, out ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> first = data.FirstSpan;
        if (state.IsComplete && state.FragmentCount == 1 && first.Length >= state.ScannedLength)
        {
            payload = first.Slice(FragmentHeaderLength, state.PayloadLength);
            return true;
        }

        payload = default;
        return false;
    }

    /// <summary>Copies the payload of a complete record, without fragment headers, into <paramref name="destination"/> (at least <see cref="RpcRecordState.PayloadLength"/> bytes).</summary>
    public static void CopyPayload(in ReadOnlySequence<byte> data, in RpcRecordState state, Span<byte> destination)
    {
        if (!state.IsComplete)
        {
            throw new InvalidOperationException("The record is not complete.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, state.PayloadLength);
        long offset = 0;
        int written = 0;
        while (written < state.PayloadLength || offset < state.ScannedLength)
        {
            uint mark = ReadMark(data, offset);
            int length = (int)(mark & ~LastFragmentBit);
            data.Slice(offset + FragmentHeaderLength, length).CopyTo(destination[written..]);
            written += length;
            offset += FragmentHeaderLength + length;
            if ((mark & LastFragmentBit) != 0)
            {
                break;
            }
        }
    }

    /// <summary>Writes a single-fragment record mark for a <paramref name="payloadLength"/>-byte record.</summary>
    public static void WriteRecordMark(Span<byte> destination, int payloadLength) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, LastFragmentBit | (uint)payloadLength);

    private static uint ReadMark(in ReadOnlySequence<byte> data, long offset)
    {
        ReadOnlySequence<byte> slice = data.Slice(offset, FragmentHeaderLength);
        if (slice.IsSingleSegment)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(slice.FirstSpan);
        }

        Span<byte> header = stackalloc byte[FragmentHeaderLength];
        slice.CopyTo(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header);
    }
}
