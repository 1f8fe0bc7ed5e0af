namespace Pxe.Nfs;

/// <summary>FSSTAT (RFC 1813 §3.3.18): <c>nfs_fh3 root</c> → <c>nfsstat3, post_op_attr</c> [<c>tbytes, fbytes, abytes, tfiles, ffiles, afiles, invarsec</c>].</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus FsStat(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage)
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsFileSystemStatistics s = default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetStatistics(node, out s);
        }

        WriteStatus(ref res, status);
        WritePostOpAttributes(ref res, export, node);
        if (status == Nfs3Status.Ok)
        {
            res.WriteUInt64(s.TotalBytes);
            res.WriteUInt64(s.FreeBytes);
            res.WriteUInt64(s.AvailableBytes);
            res.WriteUInt64(s.TotalFiles);
            res.WriteUInt64(s.FreeFiles);
            res.WriteUInt64(s.AvailableFiles);
            res.WriteUInt32(0);
        }

        return RpcHandlerStatus.Success;
    }
}
