namespace Pxe.Nfs;

/// <summary>FSINFO (RFC 1813 §3.3.19): <c>nfs_fh3 root</c> → <c>nfsstat3, post_op_attr</c> [<c>rtmax, rtpref, rtmult, wtmax, wtpref, wtmult, dtpref, maxfilesize, time_delta, properties</c>].</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus FsInfo(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
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
            // Over UDP a reply must fit one datagram: advertise what fits (the Linux client takes rsize from here).
            uint transfer = context.Transport == RpcTransport.Udp ? 32768u : Nfs3Limits.MaxTransferSize;
            res.WriteUInt32(transfer); // rtmax
            res.WriteUInt32(transfer); // rtpref
            res.WriteUInt32(4096); // rtmult
            res.WriteUInt32(transfer); // wtmax
            res.WriteUInt32(transfer); // wtpref
            res.WriteUInt32(4096); // wtmult
            res.WriteUInt32(Nfs3Limits.PreferredDirectorySize); // dtpref
            res.WriteUInt64(long.MaxValue); // maxfilesize
            res.WriteUInt32(0); // time_delta.seconds
            res.WriteUInt32(1); // time_delta.nseconds
            res.WriteUInt32(FsInfoProperties);
        }

        return RpcHandlerStatus.Success;
    }
}
