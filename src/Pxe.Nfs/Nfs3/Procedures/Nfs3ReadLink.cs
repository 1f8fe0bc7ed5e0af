using System.Text;

namespace Pxe.Nfs;

/// <summary>READLINK (RFC 1813 §3.3.5): <c>nfs_fh3 symlink</c> → <c>nfsstat3, post_op_attr</c> [<c>nfspath3 data</c>]. The target is data; the server never follows it.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus ReadLink(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage)
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        string target = string.Empty;
        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.ReadLink(node, out target);
        }

        WriteStatus(ref res, status);
        WritePostOpAttributes(ref res, export, node);
        if (status == Nfs3Status.Ok)
        {
            XdrLengthToken token = res.BeginOpaque();
            int n = Encoding.UTF8.GetByteCount(target);
            if (n <= res.FreeSpan.Length)
            {
                Encoding.UTF8.GetBytes(target, res.FreeSpan);
            }

            res.Advance(n);
            res.EndOpaque(token);
        }

        return RpcHandlerStatus.Success;
    }
}
