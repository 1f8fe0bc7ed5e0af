namespace Pxe.Nfs;

/// <summary>WRITE (RFC 1813 §3.3.7): <c>nfs_fh3, offset3, count3, stable_how, opaque data&lt;&gt;</c> → <c>nfsstat3, wcc_data</c> [<c>count3, stable_how committed, writeverf3</c>].</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Write(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage || !args.TryReadUInt64(out ulong offset) || !args.TryReadUInt32(out uint count) || !args.TryReadUInt32(out uint stable)
            || stable > 2 || !args.TryReadOpaque(XdrLimits.MaxOpaqueLength, out ReadOnlySpan<byte> data))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        PreOp pre = status == Nfs3Status.Ok ? CapturePreOp(export, node) : default;
        NfsStableHow committed = (NfsStableHow)stable;
        int written = (int)Math.Min(count, (uint)data.Length);
        if (status == Nfs3Status.Ok)
        {
            status = export!.ReadOnly ? Nfs3Status.ReadOnlyFileSystem : export.FileSystem.GetAttributes(node, out NfsAttributes a);
            if (status == Nfs3Status.Ok)
            {
                export.FileSystem.GetAttributes(node, out a);
                RpcCaller caller = export.Squash(context.Caller);
                if (a.Type == NfsFileType.Directory)
                {
                    status = Nfs3Status.IsDir;
                }
                else if (a.Type != NfsFileType.Regular)
                {
                    status = Nfs3Status.Invalid;
                }
                else if (caller.Uid != a.Uid && !Permits(a, caller, 2))
                {
                    status = Nfs3Status.Access;
                }
                else if (offset > long.MaxValue - (ulong)written)
                {
                    status = Nfs3Status.FBig;
                }
                else
                {
                    status = export.FileSystem.Write(node, (long)offset, data[..written], (NfsStableHow)stable, out committed);
                }
            }
        }

        WriteStatus(ref res, status);
        WriteWcc(ref res, pre, export, node);
        if (status == Nfs3Status.Ok)
        {
            _state.Metrics?.RecordBytesWritten(written);
            res.WriteUInt32((uint)written);
            res.WriteUInt32((uint)committed);
            res.WriteFixedOpaque(_state.WriteVerifier);
        }

        return RpcHandlerStatus.Success;
    }
}
