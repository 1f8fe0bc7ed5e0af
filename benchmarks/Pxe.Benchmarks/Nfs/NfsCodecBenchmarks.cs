using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Pxe.Nfs;

namespace Pxe.Benchmarks.Nfs;

/// <summary>The NFS calls a booting kernel sends most: READ, GETATTR and LOOKUP.</summary>
public enum NfsCallKind
{
    /// <summary>READ of 4 KiB.</summary>
    Read,

    /// <summary>GETATTR.</summary>
    GetAttr,

    /// <summary>LOOKUP of a 7-byte name.</summary>
    Lookup,
}

/// <summary>Decoding calls and encoding replies (target: 0 B allocated).</summary>
[BenchmarkCategory("Nfs", "Codec")]
public class NfsCodecBenchmarks
{
    private static readonly byte[] Key = NfsServer.DeriveKey("bench");
    private readonly byte[] _reply = new byte[Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve];
    private readonly byte[] _data = new byte[4096];
    private byte[] _call = [];
    private NfsAttributes _attributes;

    /// <summary>The call decoded.</summary>
    [ParamsAllValues]
    public NfsCallKind Kind { get; set; }

    /// <summary>Builds the call.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _call = NfsBenchmarkData.Call(Kind, Key);
        _attributes = new NfsAttributes { Type = NfsFileType.Regular, Mode = 0b110_100_100, LinkCount = 1, Size = 4096, FileId = 42 };
    }

    /// <summary>Call header, AUTH_SYS credential, file handle (with its MAC check) and arguments.</summary>
    [Benchmark(Baseline = true)]
    public ulong DecodeCall()
    {
        RpcCall.TryRead(_call, out RpcCall call);
        AuthSysCredentials.TryRead(call.CredentialBody, out AuthSysCredentials cred);
        var r = new XdrReader(call.Arguments);
        r.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> fh);
        NfsFileHandle.TryParse(fh, Key, out NfsFileHandle handle);
        ulong sum = handle.Node.FileId + cred.Uid;
        if (Kind == NfsCallKind.Read)
        {
            r.TryReadUInt64(out ulong offset);
            r.TryReadUInt32(out uint count);
            sum += offset + count;
        }
        else if (Kind == NfsCallKind.Lookup)
        {
            r.TryReadString(Nfs3Limits.MaxNameLength, out ReadOnlySpan<byte> name);
            sum += (ulong)name.Length;
        }

        return sum;
    }

    /// <summary>The reply: header, status, attributes, and the handle (LOOKUP) or 4 KiB of data (READ).</summary>
    [Benchmark]
    public int EncodeReply()
    {
        var w = new XdrWriter(_reply);
        RpcRecordScanner.WriteRecordMark(_reply, 0);
        RpcReplyWriter.WriteAccepted(ref w, 1, AcceptStatus.Success);
        w.WriteUInt32(0);
        switch (Kind)
        {
            case NfsCallKind.GetAttr:
                _attributes.Write(ref w);
                break;
            case NfsCallKind.Lookup:
                NfsFileHandle h = NfsFileHandle.Create(0, new NfsNodeId(1, 43), Key);
                w.WriteOpaque(h.Span);
                w.WriteBoolean(true);
                _attributes.Write(ref w);
                w.WriteBoolean(true);
                _attributes.Write(ref w);
                break;
            default:
                w.WriteBoolean(true);
                _attributes.Write(ref w);
                w.WriteUInt32(4096);
                w.WriteBoolean(false);
                w.WriteOpaque(_data);
                break;
        }

        return w.BytesWritten;
    }
}

/// <summary>Finding records in a TCP stream: one contiguous segment vs many small segments and fragments.</summary>
[BenchmarkCategory("Nfs", "RecordScanner")]
public class NfsRecordScannerBenchmarks
{
    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _fragmented;
    private readonly byte[] _copy = new byte[1024];

    /// <summary>Builds 16 READ calls as one buffer, and as 16-byte segments with 3 fragments per record.</summary>
    [GlobalSetup]
    public void Setup()
    {
        byte[] call = NfsBenchmarkData.Call(NfsCallKind.Read, NfsServer.DeriveKey("bench"));
        var single = new List<byte>();
        var multi = new List<byte>();
        for (int i = 0; i < 16; i++)
        {
            single.AddRange(Mark(call.Length, true));
            single.AddRange(call);
            int third = call.Length / 3;
            multi.AddRange(Mark(third, false));
            multi.AddRange(call[..third]);
            multi.AddRange(Mark(third, false));
            multi.AddRange(call[third..(2 * third)]);
            multi.AddRange(Mark(call.Length - (2 * third), true));
            multi.AddRange(call[(2 * third)..]);
        }

        _contiguous = new ReadOnlySequence<byte>(single.ToArray());
        _fragmented = NfsBenchmarkData.Segmented(multi.ToArray(), 16);
    }

    /// <summary>Scans 16 single-fragment records in one segment and slices each payload.</summary>
    [Benchmark(Baseline = true)]
    public int Contiguous() => Scan(_contiguous);

    /// <summary>Scans 16 three-fragment records spread over 16-byte segments and copies each payload.</summary>
    [Benchmark]
    public int Fragmented() => Scan(_fragmented);

    private int Scan(ReadOnlySequence<byte> data)
    {
        int total = 0;
        var state = default(RpcRecordState);
        while (RpcRecordScanner.TryRead(ref state, data) == OperationStatus.Done)
        {
            if (RpcRecordScanner.TryGetContiguousPayload(data, state, out ReadOnlySpan<byte> payload))
            {
                total += payload.Length;
            }
            else
            {
                RpcRecordScanner.CopyPayload(data, state, _copy);
                total += state.PayloadLength;
            }

            data = data.Slice(state.ScannedLength);
            state.Reset();
        }

        return total;
    }

    private static byte[] Mark(int length, bool last)
    {
        byte[] m = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(m, (last ? RpcRecordScanner.LastFragmentBit : 0) | (uint)length);
        return m;
    }
}

/// <summary>Inputs shared by the NFS benchmarks.</summary>
internal static class NfsBenchmarkData
{
    public static byte[] Call(NfsCallKind kind, byte[] key)
    {
        byte[] buffer = new byte[512];
        var w = new XdrWriter(buffer);
        uint procedure = kind switch { NfsCallKind.Read => 6, NfsCallKind.Lookup => 3, _ => 1 };
        RpcCall.WriteHeader(ref w, 0x1234, RpcProgram.Nfs, 3, procedure, RpcCaller.Create(AuthFlavor.Sys, 0, 0));
        w.WriteOpaque(NfsFileHandle.Create(0, new NfsNodeId(1, 42), key).Span);
        if (kind == NfsCallKind.Read)
        {
            w.WriteUInt64(0);
            w.WriteUInt32(4096);
        }
        else if (kind == NfsCallKind.Lookup)
        {
            w.WriteString("vmlinuz"u8);
        }

        return buffer[..w.BytesWritten];
    }

    public static ReadOnlySequence<byte> Segmented(byte[] data, int segmentSize)
    {
        Segment first = new(data.AsMemory(0, Math.Min(segmentSize, data.Length)), 0);
        Segment last = first;
        for (int pos = segmentSize; pos < data.Length; pos += segmentSize)
        {
            last = last.Append(data.AsMemory(pos, Math.Min(segmentSize, data.Length - pos)));
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
