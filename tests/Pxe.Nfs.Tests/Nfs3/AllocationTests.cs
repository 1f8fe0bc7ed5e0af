using Pxe.Nfs;
using Pxe.Nfs.Tests.Rpc;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Nfs3;

/// <summary>The hot paths allocate nothing: decoding READ/GETATTR/LOOKUP calls and encoding their replies.</summary>
public class AllocationTests
{
    internal static byte[] BuildCall(Nfs3Procedure procedure, byte[] handle, string? name = null)
    {
        byte[] buffer = new byte[512];
        var w = new XdrWriter(buffer);
        RpcCall.WriteHeader(ref w, 0x1234, RpcProgram.Nfs, 3, (uint)procedure, RpcCaller.Create(AuthFlavor.Sys, 0, 0));
        w.WriteOpaque(handle);
        if (name is not null)
        {
            w.WriteString(System.Text.Encoding.UTF8.GetBytes(name));
        }

        if (procedure == Nfs3Procedure.Read)
        {
            w.WriteUInt64(0);
            w.WriteUInt32(4096);
        }

        return buffer[..w.BytesWritten];
    }

    [Fact]
    public void Decoding_read_getattr_and_lookup_calls_allocates_nothing()
    {
        byte[] key = NfsServer.DeriveKey("k");
        byte[] handle = NfsFileHandle.Create(0, new NfsNodeId(1, 42), key).Span.ToArray();
        byte[] read = BuildCall(Nfs3Procedure.Read, handle);
        byte[] getattr = BuildCall(Nfs3Procedure.GetAttr, handle);
        byte[] lookup = BuildCall(Nfs3Procedure.Lookup, handle, "vmlinuz");
        byte[][] messages = [read, getattr, lookup];
        int decoded = 0;
        AllocationAssert.NoAllocations(() =>
        {
            decoded = 0;
            foreach (byte[] message in messages)
            {
                if (RpcCall.TryRead(message, out RpcCall call) != RpcCallStatus.Ok || !AuthSysCredentials.TryRead(call.CredentialBody, out _))
                {
                    continue;
                }

                var r = new XdrReader(call.Arguments);
                if (!r.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> fh) || !NfsFileHandle.TryParse(fh, key, out NfsFileHandle parsed) || parsed.Node.FileId != 42)
                {
                    continue;
                }

                bool ok = call.Procedure switch
                {
                    (uint)Nfs3Procedure.Read => r.TryReadUInt64(out _) && r.TryReadUInt32(out _),
                    (uint)Nfs3Procedure.Lookup => r.TryReadString(Nfs3Limits.MaxNameLength, out _),
                    _ => true,
                };
                decoded += ok && r.Remaining == 0 ? 1 : 0;
            }
        });
        Assert.Equal(3, decoded);
    }

    [Fact]
    public void Encoding_read_getattr_and_lookup_replies_allocates_nothing()
    {
        byte[] key = NfsServer.DeriveKey("k");
        byte[] reply = new byte[8192];
        byte[] data = new byte[4096];
        var attributes = new NfsAttributes { Type = NfsFileType.Regular, Mode = 0b110_100_100, LinkCount = 1, Size = 4096, FileId = 42 };
        AllocationAssert.NoAllocations(() =>
        {
            var w = new XdrWriter(reply);
            RpcReplyWriter.WriteAccepted(ref w, 1, AcceptStatus.Success); // GETATTR
            w.WriteUInt32(0);
            attributes.Write(ref w);
            w = new XdrWriter(reply);
            RpcReplyWriter.WriteAccepted(ref w, 2, AcceptStatus.Success); // LOOKUP
            w.WriteUInt32(0);
            NfsFileHandle handle = NfsFileHandle.Create(0, new NfsNodeId(1, 43), key);
            w.WriteOpaque(handle.Span);
            w.WriteBoolean(true);
            attributes.Write(ref w);
            w.WriteBoolean(true);
            attributes.Write(ref w);
            w = new XdrWriter(reply);
            RpcReplyWriter.WriteAccepted(ref w, 3, AcceptStatus.Success); // READ
            w.WriteUInt32(0);
            w.WriteBoolean(true);
            attributes.Write(ref w);
            w.WriteUInt32(4096);
            w.WriteBoolean(true);
            w.WriteOpaque(data);
            Assert.False(w.HasOverflowed);
        });
    }

    [Fact]
    public void Serving_getattr_and_read_end_to_end_allocates_nothing()
    {
        var fs = new InMemoryFileSystem();
        NfsNodeId file = fs.AddFile("kernel", new byte[65536]);
        NfsRpcHandler handler = EngineFactory.Create(fs);
        byte[] handle = EngineFactory.Handle(file);
        byte[] getattr = BuildCall(Nfs3Procedure.GetAttr, handle);
        byte[] read = BuildCall(Nfs3Procedure.Read, handle);
        byte[] reply = new byte[Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve];
        int replies = 0, readLength = 0;
        AllocationAssert.NoAllocations(() =>
        {
            replies = 0;
            replies += RpcDispatcher.Dispatch(ref handler, getattr, reply, null, RpcTransport.Tcp, out _, out _) == RpcDispatchResult.Reply ? 1 : 0;
            replies += RpcDispatcher.Dispatch(ref handler, read, reply, null, RpcTransport.Tcp, out readLength, out _) == RpcDispatchResult.Reply ? 1 : 0;
        });
        Assert.Equal(2, replies);
        Assert.True(readLength > 4096);
    }
}
