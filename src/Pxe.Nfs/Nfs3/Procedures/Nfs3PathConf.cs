namespace Pxe.Nfs;

/// <summary>PATHCONF (RFC 1813 §3.3.20): <c>nfs_fh3</c> → <c>nfsstat3, post_op_attr</c> [<c>linkmax, name_max, no_trunc, chown_restricted, case_insensitive, case_preserving</c>].</summary>
public sealed partial class Nfs3Program
{
    /// <summary>The link limit advertised (ext4's).</summary>
    public const uint MaxLinks = 65000;

    private RpcHandlerStatus PathConf(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage)
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetAttributes(node, out _);
        }

        WriteStatus(ref res, status);
        WritePostOpAttributes(ref res, export, node);
        if (status == Nfs3Status.Ok)
        {
            res.WriteUInt32(MaxLinks);
            res.WriteUInt32(Nfs3Limits.MaxNameLength);
            res.WriteBoolean(true); // no_trunc: long names are refused, not truncated
            res.WriteBoolean(true); // chown_restricted
            res.WriteBoolean(false); // case_insensitive
            res.WriteBoolean(true); // case_preserving
        }

        return RpcHandlerStatus.Success;
    }
}
