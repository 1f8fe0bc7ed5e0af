using System.Buffers;
using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Rpc;

public class RpcRecordScannerTests
{
    private static byte[] Fragment(ReadOnlySpan<byte> payload, bool last)
    {
        byte[] f = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(f, (last ? RpcRecordScanner.LastFragmentBit : 0) | (uint)payload.Length);
        payload.CopyTo(f.AsSpan(4));
        return f;
    }

    [Fact]
    public void Single_fragment_record_is_contiguous()
    {
        byte[] wire = Fragment([1, 2, 3, 4, 5], last: true);
        var state = default(RpcRecordState);
        var seq = new ReadOnlySequence<byte>(wire);
        Assert.Equal(OperationStatus.Done, RpcRecordScanner.TryRead(ref state, seq));
        Assert.Equal(9, state.ScannedLength);
        Assert.True(RpcRecordScanner.TryGetContiguousPayload(seq, state, out ReadOnlySpan<byte> payload));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, payload.ToArray());
    }

    [Fact]
    public void Multi_fragment_record_is_reassembled()
    {
        byte[] wire = [.. Fragment([1, 2], false), .. Fragment([], false), .. Fragment([3, 4, 5], true), .. Fragment([9], true)];
        var state = default(RpcRecordState);
        var seq = new ReadOnlySequence<byte>(wire);
        Assert.Equal(OperationStatus.Done, RpcRecordScanner.TryRead(ref state, seq));
        Assert.Equal(3, state.FragmentCount);
        Assert.Equal(5, state.PayloadLength);
        Assert.False(RpcRecordScanner.TryGetContiguousPayload(seq, state, out _));
        byte[] payload = new byte[state.PayloadLength];
        RpcRecordScanner.CopyPayload(seq, state, payload);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, payload);
        Assert.Equal(4 + 2 + 4 + 4 + 3, state.ScannedLength);
    }

    [Fact]
    public void A_2_GiB_record_mark_is_refused_before_buffering()
    {
        // issue 4: a 2 GiB record mark must close the connection, not allocate.
        byte[] wire = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
        var state = default(RpcRecordState);
        Assert.Equal(OperationStatus.InvalidData, RpcRecordScanner.TryRead(ref state, new ReadOnlySequence<byte>(wire)));
        byte[] notLast = [0x7F, 0xFF, 0xFF, 0xFF];
        state = default;
        Assert.Equal(OperationStatus.InvalidData, RpcRecordScanner.TryRead(ref state, new ReadOnlySequence<byte>(notLast)));
    }

    [Fact]
    public void Fragments_adding_up_over_the_maximum_are_refused()
    {
        byte[] wire = [.. Fragment(new byte[600], false), .. Fragment(new byte[600], true)];
        var state = default(RpcRecordState);
        Assert.Equal(OperationStatus.InvalidData, RpcRecordScanner.TryRead(ref state, new ReadOnlySequence<byte>(wire), maxRecordLength: 1000));
    }

    [Fact]
    public void Every_prefix_needs_more_data()
    {
        byte[] wire = [.. Fragment([1, 2], false), .. Fragment([3, 4, 5], true)];
        for (int n = 0; n < wire.Length; n++)
        {
            var state = default(RpcRecordState);
            Assert.Equal(OperationStatus.NeedMoreData, RpcRecordScanner.TryRead(ref state, new ReadOnlySequence<byte>(wire, 0, n)));
        }
    }

    /// <summary>The law from STYLE rule 24: every split of the stream into segments yields the same records.</summary>
    [Fact]
    public void Same_records_for_every_split_property()
    {
        var gen = from records in Gen.ListOf(Gen.ListOf(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(a => a.Length > 40 ? a[..40] : a)).Where(l => l.Count is > 0 and < 4)).Where(l => l.Count is > 0 and < 6)
                  from cuts in Gen.ArrayOf(Gen.Choose(1, 20))
                  select (records.Select(r => r.ToArray()).ToArray(), cuts);
        PropertyCheck.ForAll(gen.ToArbitrary(), t =>
        {
            (byte[][][] records, int[] cuts) = t;
            var stream = new List<byte>();
            foreach (byte[][] record in records)
            {
                for (int i = 0; i < record.Length; i++)
                {
                    stream.AddRange(Fragment(record[i], i == record.Length - 1));
                }
            }

            byte[] all = [.. stream];
            ReadOnlySequence<byte> seq = Segments.Split(all, cuts);
            var found = new List<byte[]>();
            var state = default(RpcRecordState);
            while (RpcRecordScanner.TryRead(ref state, seq) == OperationStatus.Done)
            {
                byte[] payload = new byte[state.PayloadLength];
                RpcRecordScanner.CopyPayload(seq, state, payload);
                found.Add(payload);
                seq = seq.Slice(state.ScannedLength);
                state.Reset();
            }

            Assert.Equal(0, seq.Length);
            Assert.Equal(records.Length, found.Count);
            for (int i = 0; i < records.Length; i++)
            {
                Assert.Equal(records[i].SelectMany(x => x).ToArray(), found[i]);
            }
        }, maxTest: 300);
    }

    [Fact]
    public void Scanning_allocates_nothing()
    {
        byte[] wire = [.. Fragment(new byte[100], false), .. Fragment(new byte[50], true)];
        ReadOnlySequence<byte> seq = Segments.Split(wire, [7, 33, 2]);
        AllocationAssert.NoAllocations(() =>
        {
            var state = default(RpcRecordState);
            RpcRecordScanner.TryRead(ref state, seq);
        });
    }
}

/// <summary>Builds multi-segment sequences.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, int[] cuts)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        int pos = 0;
        foreach (int cut in cuts)
        {
            if (pos >= data.Length)
            {
                break;
            }

            int n = Math.Min(cut, data.Length - pos);
            pieces.Add(data.AsMemory(pos, n));
            pos += n;
        }

        if (pos < data.Length || pieces.Count == 0)
        {
            pieces.Add(data.AsMemory(pos));
        }

        var first = new Segment(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
