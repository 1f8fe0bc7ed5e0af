using FsCheck;
using FsCheck.Fluent;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Rpc;

public class RpcDispatcherTests
{
    private static NfsRpcHandler Handler(out InMemoryFileSystem fs)
    {
        fs = new InMemoryFileSystem();
        fs.AddFile("hello.txt", "hello"u8);
        return EngineFactory.Create(fs, portmap: true);
    }

    private static RpcReplyHeader Dispatch(byte[] call, out byte[] results)
    {
        NfsRpcHandler handler = Handler(out _);
        byte[] reply = new byte[65536];
        RpcDispatchResult r = RpcDispatcher.Dispatch(ref handler, call, reply, System.Net.IPAddress.Loopback, RpcTransport.Tcp, out int written, out _);
        Assert.Equal(RpcDispatchResult.Reply, r);
        var reader = new XdrReader(reply.AsSpan(0, written));
        Assert.True(RpcReplyHeader.TryRead(ref reader, out RpcReplyHeader header));
        results = reader.UnreadSpan.ToArray();
        return header;
    }

    private static byte[] Call(uint xid, uint program, uint version, uint procedure, RpcArgumentWriter? args = null, uint rpcVersion = 2, AuthFlavor flavor = AuthFlavor.Sys)
    {
        byte[] buffer = new byte[4096];
        var w = new XdrWriter(buffer);
        RpcCall.WriteHeader(ref w, xid, program, version, procedure, flavor == AuthFlavor.Sys ? RpcCaller.Create(AuthFlavor.Sys, 0, 0) : null);
        if (flavor is not AuthFlavor.Sys and not AuthFlavor.None)
        {
            // rewrite the credential flavor in place: cred starts at offset 24
            w.PatchUInt32(24, (uint)flavor);
        }

        if (rpcVersion != 2)
        {
            w.PatchUInt32(8, rpcVersion);
        }

        args?.Invoke(ref w);
        return buffer.AsSpan(0, w.BytesWritten).ToArray();
    }

    [Fact]
    public void Null_procedure_succeeds_with_empty_results()
    {
        RpcReplyHeader h = Dispatch(Call(7, RpcProgram.Nfs, 3, 0), out byte[] results);
        Assert.Equal((7u, RpcReplyStatus.Accepted, AcceptStatus.Success), (h.Xid, h.ReplyStatus, h.AcceptStatus));
        Assert.Empty(results);
    }

    [Fact]
    public void Unknown_program_is_PROG_UNAVAIL()
    {
        RpcReplyHeader h = Dispatch(Call(1, 100099, 1, 0), out _);
        Assert.Equal(AcceptStatus.ProgramUnavailable, h.AcceptStatus);
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(4u)]
    public void Nfs_v2_or_v4_probe_gets_PROG_MISMATCH_3_3(uint version)
    {
        RpcReplyHeader h = Dispatch(Call(1, RpcProgram.Nfs, version, 0), out _);
        Assert.Equal((AcceptStatus.ProgramMismatch, 3u, 3u), (h.AcceptStatus, h.Low, h.High));
    }

    [Fact]
    public void Rpcbind_v4_probe_falls_back_to_portmap_v2()
    {
        RpcReplyHeader h = Dispatch(Call(1, RpcProgram.Portmap, 4, 0), out _);
        Assert.Equal((AcceptStatus.ProgramMismatch, 2u, 2u), (h.AcceptStatus, h.Low, h.High));
    }

    [Fact]
    public void Unknown_procedure_is_PROC_UNAVAIL()
    {
        Assert.Equal(AcceptStatus.ProcedureUnavailable, Dispatch(Call(1, RpcProgram.Nfs, 3, 22), out _).AcceptStatus);
        Assert.Equal(AcceptStatus.ProcedureUnavailable, Dispatch(Call(1, RpcProgram.Mount, 3, 6), out _).AcceptStatus);
        Assert.Equal(AcceptStatus.ProcedureUnavailable, Dispatch(Call(1, RpcProgram.Portmap, 2, 5), out _).AcceptStatus);
    }

    [Fact]
    public void Truncated_arguments_are_GARBAGE_ARGS()
    {
        RpcReplyHeader h = Dispatch(Call(1, RpcProgram.Nfs, 3, (uint)Nfs3Procedure.GetAttr, (ref XdrWriter w) => w.WriteUInt32(64)), out _);
        Assert.Equal(AcceptStatus.GarbageArguments, h.AcceptStatus);
    }

    [Fact]
    public void Rpc_version_3_is_RPC_MISMATCH()
    {
        RpcReplyHeader h = Dispatch(Call(9, RpcProgram.Nfs, 3, 0, rpcVersion: 3), out _);
        Assert.Equal((RpcReplyStatus.Denied, RejectStatus.RpcMismatch, 2u, 2u), (h.ReplyStatus, h.RejectStatus, h.Low, h.High));
    }

    [Fact]
    public void Rpcsec_gss_is_AUTH_ERROR()
    {
        RpcReplyHeader h = Dispatch(Call(9, RpcProgram.Nfs, 3, 0, flavor: AuthFlavor.RpcSecGss), out _);
        Assert.Equal((RpcReplyStatus.Denied, RejectStatus.AuthError), (h.ReplyStatus, h.RejectStatus));
        Assert.Equal((uint)AuthStatus.TooWeak, h.Low);
    }

    [Fact]
    public void Forged_handle_is_BADHANDLE()
    {
        byte[] forged = new byte[NfsFileHandle.EncodedLength];
        forged[0] = 1;
        RpcReplyHeader h = Dispatch(Call(1, RpcProgram.Nfs, 3, (uint)Nfs3Procedure.GetAttr, (ref XdrWriter w) => w.WriteOpaque(forged)), out byte[] results);
        Assert.Equal(AcceptStatus.Success, h.AcceptStatus);
        Assert.Equal((uint)Nfs3Status.BadHandle, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(results));
    }

    [Fact]
    public void A_reply_is_never_a_call_and_is_dropped()
    {
        NfsRpcHandler handler = Handler(out _);
        byte[] reply = new byte[1024];
        byte[] notCall = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0];
        Assert.Equal(RpcDispatchResult.Drop, RpcDispatcher.Dispatch(ref handler, notCall, reply, null, RpcTransport.Udp, out int written, out _));
        Assert.Equal(0, written);
        Assert.Equal(RpcDispatchResult.Drop, RpcDispatcher.Dispatch(ref handler, [1, 2], reply, null, RpcTransport.Udp, out _, out _));
    }

    [Fact]
    public void Arbitrary_bytes_after_a_valid_header_never_throw_property()
    {
        NfsRpcHandler handler = Handler(out _);
        byte[] reply = new byte[1 << 20];
        var gen = from proc in Gen.Choose(0, 23)
                  from prog in Gen.Elements(RpcProgram.Nfs, RpcProgram.Mount, RpcProgram.Portmap)
                  from body in ArbMap.Default.GeneratorFor<byte[]>()
                  select (proc, prog, body);
        PropertyCheck.ForAll(gen.ToArbitrary(), t =>
        {
            uint version = t.prog == RpcProgram.Nfs ? 3u : t.prog == RpcProgram.Mount ? 3u : 2u;
            byte[] call = [.. Call(5, t.prog, version, (uint)t.proc), .. t.body ?? []];
            RpcDispatcher.Dispatch(ref handler, call, reply, System.Net.IPAddress.Loopback, RpcTransport.Tcp, out _, out _);
            // truncations of the header are dropped or answered, never thrown
            for (int n = 0; n < Math.Min(call.Length, 48); n += 3)
            {
                RpcDispatcher.Dispatch(ref handler, call.AsSpan(0, n), reply, null, RpcTransport.Udp, out _, out _);
            }
        }, maxTest: 400);
    }

    [Fact]
    public void Portmap_getport_and_dump()
    {
        RpcReplyHeader h = Dispatch(Call(1, RpcProgram.Portmap, 2, (uint)PortmapProcedure.GetPort, (ref XdrWriter w) =>
        {
            w.WriteUInt32(RpcProgram.Nfs);
            w.WriteUInt32(3);
            w.WriteUInt32(PortmapMapping.Tcp);
            w.WriteUInt32(0);
        }), out byte[] results);
        Assert.Equal(AcceptStatus.Success, h.AcceptStatus);
        Assert.Equal(2049u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(results));
    }
}

/// <summary>Builds the engine the way <see cref="NfsServer"/> does, without sockets.</summary>
internal static class EngineFactory
{
    public static NfsRpcHandler Create(INfsFileSystem fs, bool portmap = false, bool readOnly = false, NfsSquash squash = NfsSquash.None)
    {
        var export = new NfsExport("/unused", "/mem") { ReadOnly = readOnly, Squash = squash };
        var state = new NfsServerState([new ExportEntry(0, export, fs)], NfsServer.DeriveKey("test"), null);
        PortmapProgram? pm = portmap ? new PortmapProgram([new PortmapMapping(RpcProgram.Nfs, 3, PortmapMapping.Tcp, 2049)]) : null;
        return new NfsRpcHandler(pm, new MountProgram(state), new Nfs3Program(state), null);
    }

    public static byte[] RootHandle(INfsFileSystem fs) => NfsFileHandle.Create(0, fs.Root, NfsServer.DeriveKey("test")).Span.ToArray();

    public static byte[] Handle(NfsNodeId node) => NfsFileHandle.Create(0, node, NfsServer.DeriveKey("test")).Span.ToArray();
}
