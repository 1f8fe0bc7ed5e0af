using System.Buffers;
using System.Globalization;
using System.Text;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Replay;

/// <summary>
/// Replays the real captures in TestData (rpcinfo, showmount, libnfs and the Linux kernel client against rpcbind and
/// nfs-ganesha): every record of every TCP stream and every UDP datagram decodes (xid, program, version, procedure,
/// status) and the decode is pinned by a golden file; reply headers and GETATTR attributes re-encode byte for byte.
/// </summary>
[Trait("Category", "Pcap")]
public sealed class RpcPcapReplayTests
{
    public static TheoryData<string> Captures => new()
    {
        "rpcinfo-dump", "rpcinfo-null-calls", "showmount-exports", "libnfs-ls-recursive", "libnfs-cat",
        "libnfs-cp-read", "libnfs-cp-write", "kernel-nfs-client",
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_rpc_message_decodes_and_matches_the_golden_file(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", name + ".pcap");
        Assert.True(File.Exists(path), path);
        var calls = new Dictionary<uint, (uint Program, uint Version, uint Procedure)>();
        var output = new StringBuilder();
        int messages = 0;
        foreach (PcapTcpStream stream in PcapReplay.ReadTcpStreams(path))
        {
            Assert.Equal(0, stream.MissingBytes);
            if (stream.Data.Length == 0)
            {
                continue;
            }

            output.Append(CultureInfo.InvariantCulture, $"tcp conn {stream.Connection} {(stream.SawSyn && stream.Destination.Port is 111 or 2049 or 20048 ? "client" : "peer")} -> :{Port(stream.Destination.Port)}\n");
            var sequence = new ReadOnlySequence<byte>(stream.Data);
            var state = default(RpcRecordState);
            while (true)
            {
                OperationStatus status = RpcRecordScanner.TryRead(ref state, sequence);
                if (status != OperationStatus.Done)
                {
                    Assert.Equal(OperationStatus.NeedMoreData, status);
                    Assert.Equal(0, sequence.Length); // every stream ends on a record boundary
                    break;
                }

                byte[] record = new byte[state.PayloadLength];
                RpcRecordScanner.CopyPayload(sequence, state, record);
                output.Append("  ").Append(Describe(record, calls)).Append('\n');
                messages++;
                sequence = sequence.Slice(state.ScannedLength);
                state.Reset();
            }
        }

        foreach (PcapDatagram datagram in PcapReplay.ReadUdp(path))
        {
            output.Append(CultureInfo.InvariantCulture, $"udp -> :{Port(datagram.Destination.Port)} ").Append(Describe(datagram.Payload.ToArray(), calls)).Append('\n');
            messages++;
        }

        Assert.True(messages > 0);
        Assert.DoesNotContain("UNDECODABLE", output.ToString(), StringComparison.Ordinal);
        GoldenFile.AssertMatches($"TestData/{name}.parsed.txt", output.ToString());
    }

    private static string Port(int port) => port is 111 or 2049 or 20048 ? port.ToString(CultureInfo.InvariantCulture) : "client";

    private static string Describe(byte[] message, Dictionary<uint, (uint Program, uint Version, uint Procedure)> calls)
    {
        if (RpcCall.TryRead(message, out RpcCall call) == RpcCallStatus.Ok)
        {
            calls[call.Xid] = (call.Program, call.Version, call.Procedure);
            string cred = call.CredentialFlavor == AuthFlavor.Sys && AuthSysCredentials.TryRead(call.CredentialBody, out AuthSysCredentials sys)
                ? $"AUTH_SYS uid={sys.Uid} gid={sys.Gid} groups={sys.GroupCount}"
                : call.CredentialFlavor.ToString();
            return $"CALL {Name(call.Program, call.Version, call.Procedure)} {cred} args={call.Arguments.Length}";
        }

        var reader = new XdrReader(message);
        if (!RpcReplyHeader.TryRead(ref reader, out RpcReplyHeader header))
        {
            return "UNDECODABLE " + Convert.ToHexString(message.AsSpan(0, Math.Min(32, message.Length)));
        }

        Assert.True(calls.TryGetValue(header.Xid, out var c), $"reply xid {header.Xid:x8} without a call");
        string what = $"REPLY {Name(c.Program, c.Version, c.Procedure)}";
        if (header.ReplyStatus == RpcReplyStatus.Denied)
        {
            return $"{what} DENIED {header.RejectStatus}";
        }

        // re-encode the accepted header (null verifier) and compare with the captured bytes
        int headerLength = message.Length - reader.Remaining;
        byte[] again = new byte[headerLength + 8];
        var w = new XdrWriter(again);
        if (header.AcceptStatus == AcceptStatus.ProgramMismatch)
        {
            RpcReplyWriter.WriteProgramMismatch(ref w, header.Xid, header.Low, header.High);
        }
        else
        {
            RpcReplyWriter.WriteAccepted(ref w, header.Xid, header.AcceptStatus);
        }

        Assert.Equal(message.AsSpan(0, headerLength).ToArray(), again.AsSpan(0, w.BytesWritten).ToArray());
        if (header.AcceptStatus != AcceptStatus.Success)
        {
            return $"{what} {header.AcceptStatus}{(header.AcceptStatus == AcceptStatus.ProgramMismatch ? $" {header.Low}-{header.High}" : "")}";
        }

        ReadOnlySpan<byte> results = reader.UnreadSpan;
        string detail = string.Empty;
        if (c.Program == RpcProgram.Nfs && c.Version == 3 && c.Procedure != 0 && reader.TryReadUInt32(out uint nfsStatus))
        {
            detail = " " + (Nfs3Status)nfsStatus;
            if (c.Procedure == (uint)Nfs3Procedure.GetAttr && nfsStatus == 0)
            {
                int start = reader.Position;
                Assert.True(NfsAttributes.TryRead(ref reader, out NfsAttributes a));
                byte[] encoded = new byte[NfsAttributes.EncodedLength];
                var aw = new XdrWriter(encoded);
                a.Write(ref aw);
                Assert.Equal(results.Slice(4, NfsAttributes.EncodedLength).ToArray(), encoded);
                detail += $" {a.Type} mode={Convert.ToString(a.Mode, 8)} nlink={a.LinkCount} size={a.Size}";
                _ = start;
            }
        }
        else if (c.Program == RpcProgram.Mount && c.Procedure == (uint)MountProcedure.Mnt && reader.TryReadUInt32(out uint mountStatus))
        {
            detail = " " + (MountStatus)mountStatus;
        }
        else if (c.Program == RpcProgram.Portmap && c.Version == 2 && c.Procedure == (uint)PortmapProcedure.GetPort && reader.TryReadUInt32(out uint port))
        {
            detail = port == 0 ? " port=0" : " port=" + Port((int)port);
        }

        return $"{what} SUCCESS{detail} results={results.Length}";
    }

    private static string Name(uint program, uint version, uint procedure) => program switch
    {
        RpcProgram.Nfs when version == 3 && procedure <= 21 => $"NFS3 {((Nfs3Procedure)procedure).ToString().ToUpperInvariant()}",
        RpcProgram.Mount when procedure <= 5 => $"MOUNT{version} {((MountProcedure)procedure).ToString().ToUpperInvariant()}",
        RpcProgram.Portmap when version == 2 && procedure <= 5 => $"PMAP2 {((PortmapProcedure)procedure).ToString().ToUpperInvariant()}",
        RpcProgram.Portmap => $"RPCBIND{version} proc {procedure}",
        _ => $"prog {program} v{version} proc {procedure}",
    };
}
