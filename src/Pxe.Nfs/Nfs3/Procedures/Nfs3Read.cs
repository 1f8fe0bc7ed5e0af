namespace Pxe.Nfs;

/// <summary>READ (RFC 1813 §3.3.6): <c>nfs_fh3, offset3, count3</c> → <c>nfsstat3, post_op_attr</c> [<c>count3, bool eof, opaque data&lt;&gt;</c>]. Data is read straight into the reply buffer.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Read(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage || !args.TryReadUInt64(out ulong offset) || !args.TryReadUInt32(out uint count))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsAttributes a = default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetAttributes(node, out a);
            if (status == Nfs3Status.Ok)
            {
                RpcCaller caller = export.Squash(context.Caller);
                if (a.Type == NfsFileType.Directory)
                {
                    status = Nfs3Status.IsDir;
                }
                else if (a.Type != NfsFileType.Regular)
                {
                    status = Nfs3Status.Invalid;
                }
                else if (caller.Uid != a.Uid && !Permits(a, caller, 4) && !Permits(a, caller, 1))
                {
                    // Linux nfsd lets the owner read (and anyone with execute permission, for page-ins).
                    status = Nfs3Status.Access;
                }
            }
        }

        int statusSlot = res.BytesWritten;
        WriteStatus(ref res, status);
        if (status != Nfs3Status.Ok)
        {
            WritePostOpAttributes(ref res, export, node);
            return RpcHandlerStatus.Success;
        }

        res.WriteBoolean(true);
        a.Write(ref res);
        int countSlot = res.BytesWritten;
        res.WriteUInt32(0);
        int eofSlot = res.BytesWritten;
        res.WriteBoolean(false);
        XdrLengthToken token = res.BeginOpaque();
        int max = (int)Math.Min(Math.Min(count, (uint)Nfs3Limits.MaxTransferSize), (uint)Math.Max(0, res.Remaining - 4));
        int read = 0;
        bool eof;
        if (max == 0 || offset > long.MaxValue)
        {
            eof = offset >= a.Size;
        }
        else
        {
            status = export!.FileSystem.Read(node, (long)offset, res.FreeSpan[..max], out read, out eof);
            if (status != Nfs3Status.Ok)
            {
                res.Rewind(statusSlot);
                WriteStatus(ref res, status);
                WritePostOpAttributes(ref res, export, node);
                return RpcHandlerStatus.Success;
            }
        }

        res.Advance(read);
        res.EndOpaque(token);
        if (!res.HasOverflowed)
        {
            res.PatchUInt32(countSlot, (uint)read);
            res.PatchUInt32(eofSlot, eof ? 1u : 0u);
        }

        return RpcHandlerStatus.Success;
    }
}
