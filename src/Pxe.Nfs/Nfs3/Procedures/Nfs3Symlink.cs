using System.Text;

namespace Pxe.Nfs;

/// <summary>SYMLINK (RFC 1813 §3.3.10): <c>diropargs3 where, sattr3, nfspath3 target</c> → as CREATE. The target is stored verbatim.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Symlink(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus) || !NfsSetAttributes.TryRead(ref args, out NfsSetAttributes set)
            || !args.TryReadString(XdrLimits.MaxStringLength, out ReadOnlySpan<byte> rawTarget))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        if (nameStatus == Nfs3Status.Ok && (rawTarget.Length == 0 || rawTarget.IndexOf((byte)0) >= 0))
        {
            nameStatus = Nfs3Status.Invalid;
        }

        string target = Encoding.UTF8.GetString(rawTarget);
        return FinishCreate(context, ref res, status, nameStatus, export, dir, name, (fs, owner) =>
        {
            Nfs3Status s = fs.MakeSymlink(dir, name, target, set, owner, out NfsNodeId node);
            return (s, node);
        });
    }
}
