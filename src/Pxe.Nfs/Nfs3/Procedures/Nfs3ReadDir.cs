namespace Pxe.Nfs;

/// <summary>
/// READDIR (RFC 1813 §3.3.16): <c>nfs_fh3 dir, cookie3, cookieverf3, count3</c> and READDIRPLUS (§3.3.17):
/// <c>nfs_fh3 dir, cookie3, cookieverf3, count3 dircount, count3 maxcount</c> → <c>nfsstat3, post_op_attr dir</c>,
/// OK: <c>cookieverf3, entry* (fileid, name, cookie [, post_op_attr, post_op_fh3]), bool eof</c>.
/// </summary>
/// <remarks>
/// Cookies are the backend's stable directory positions, so a listing resumed from any cookie continues exactly
/// after that entry and a large directory is listed once, however many calls it takes. The cookie verifier we send
/// is always zero and the one we receive is not checked, as Linux nfsd does: a client that resumes after the
/// directory changed gets the entries from that position on instead of NFS3ERR_BAD_COOKIE, which the Linux client
/// handles badly. <c>.</c> and <c>..</c> are not listed (the client synthesises them).
/// </remarks>
public sealed partial class Nfs3Program
{
    /// <summary>The fixed bytes of a READDIR(PLUS) result around the entries: status, post_op_attr, verifier, list end, eof.</summary>
    private const int ReadDirOverhead = 4 + 4 + NfsAttributes.EncodedLength + Nfs3Limits.VerifierLength + 4 + 4;

    // The listing this thread answered last, if unfinished: PrepareAhead hands it to the backend to read ahead. Per
    // thread because the transports call PrepareAhead on the thread that handled the call, right after replying.
    [ThreadStatic]
    private static UnfinishedListing t_unfinished;

    /// <summary>
    /// Lets the backend read ahead the directory this thread's last READDIR(PLUS) left unfinished (see
    /// <see cref="INfsFileSystem.ReadDirectoryAhead"/>): as many entries as that reply held, ready for the client's
    /// next call while it decodes this one. Called by the transport once the reply is sent.
    /// </summary>
    internal static void PrepareAhead()
    {
        UnfinishedListing listing = t_unfinished;
        if (listing.FileSystem is null)
        {
            return;
        }

        t_unfinished = default;
        listing.FileSystem.ReadDirectoryAhead(listing.Directory, listing.Cookie, listing.Count);
    }

    private RpcHandlerStatus ReadDir(in RpcCallContext context, ref XdrReader args, ref XdrWriter res, bool plus)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        uint dircount = 0;
        if (garbage || !args.TryReadUInt64(out ulong cookie) || !args.TryReadFixedOpaque(Nfs3Limits.VerifierLength, out _)
            || (plus && !args.TryReadUInt32(out dircount)) || !args.TryReadUInt32(out uint maxcount))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        _ = dircount;
        NfsAttributes da = default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetAttributes(dir, out da);
            if (status == Nfs3Status.Ok && da.Type != NfsFileType.Directory)
            {
                status = Nfs3Status.NotDir;
            }
            else if (status == Nfs3Status.Ok && !Permits(da, export.Squash(context.Caller), 4))
            {
                status = Nfs3Status.Access;
            }
        }

        int statusSlot = res.BytesWritten;
        WriteStatus(ref res, status);
        if (status != Nfs3Status.Ok)
        {
            WritePostOpAttributes(ref res, export, dir);
            return RpcHandlerStatus.Success;
        }

        res.WriteBoolean(true);
        da.Write(ref res);
        res.WriteUInt64(0); // cookieverf3: always zero (see remarks)
        int budget = (int)Math.Min(Math.Min(maxcount, (uint)Nfs3Limits.MaxTransferSize), (uint)Math.Max(0, res.Remaining + res.BytesWritten - statusSlot)) - ReadDirOverhead;
        var visitor = new DirectoryEntryWriter(res.FreeSpan, Math.Max(0, Math.Min(budget, res.Remaining - 8)), plus ? export : null, _state.HandleKey);
        status = export!.FileSystem.ReadDirectory(dir, cookie, ref visitor, out bool eof);
        if (status == Nfs3Status.Ok && visitor.Count == 0 && !eof)
        {
            // RFC 1813 §3.3.16: not even one entry fits in the client's count.
            status = Nfs3Status.TooSmall;
        }

        if (status != Nfs3Status.Ok)
        {
            res.Rewind(statusSlot);
            WriteStatus(ref res, status);
            WritePostOpAttributes(ref res, export, dir);
            return RpcHandlerStatus.Success;
        }

        res.Advance(visitor.BytesWritten);
        res.WriteBoolean(false);
        res.WriteBoolean(eof);
        t_unfinished = eof ? default : new UnfinishedListing(export.FileSystem, dir, visitor.LastCookie, visitor.Count);
        _state.Metrics?.RecordDirectoryEntries(visitor.Count);
        return RpcHandlerStatus.Success;
    }

    /// <summary>A listing that stopped at <see cref="Cookie"/> after a reply of <see cref="Count"/> entries.</summary>
    private readonly record struct UnfinishedListing(INfsFileSystem? FileSystem, NfsNodeId Directory, ulong Cookie, int Count);

    private ref struct DirectoryEntryWriter : INfsDirectoryVisitor
    {
        private const int PlusExtra = 4 + NfsAttributes.EncodedLength + 4 + 4 + NfsFileHandle.EncodedLength;
        private readonly int _limit;
        private readonly ExportEntry? _plusExport;
        private readonly byte[] _key;
        private XdrWriter _writer;

        public DirectoryEntryWriter(Span<byte> destination, int limit, ExportEntry? plusExport, byte[] key)
        {
            _writer = new XdrWriter(destination);
            _limit = limit;
            _plusExport = plusExport;
            _key = key;
            Count = 0;
        }

        public int Count { get; private set; }

        /// <summary>The cookie of the last entry written: where the client's next call continues.</summary>
        public ulong LastCookie { get; private set; }

        public readonly int BytesWritten => _writer.BytesWritten;

        public bool Visit(scoped ReadOnlySpan<byte> name, ulong cookie, NfsNodeId node, in NfsAttributes attributes)
        {
            int need = 4 + 8 + 4 + XdrLimits.Pad(name.Length) + 8 + (_plusExport is null ? 0 : PlusExtra);
            if (_writer.BytesWritten + need > _limit)
            {
                return false;
            }

            _writer.WriteBoolean(true);
            _writer.WriteUInt64(attributes.FileId);
            _writer.WriteString(name);
            _writer.WriteUInt64(cookie);
            if (_plusExport is not null)
            {
                _writer.WriteBoolean(true);
                attributes.Write(ref _writer);
                _writer.WriteBoolean(true);
                NfsFileHandle handle = NfsFileHandle.Create(_plusExport.Index, node, _key);
                _writer.WriteOpaque(handle.Span);
            }

            Count++;
            LastCookie = cookie;
            return true;
        }
    }
}
