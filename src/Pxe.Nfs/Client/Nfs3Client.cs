using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pxe.Nfs;

/// <summary>Writes a call's arguments.</summary>
/// <param name="writer">The writer positioned after the call header.</param>
public delegate void RpcArgumentWriter(ref XdrWriter writer);

/// <summary>The decoded reply to one call: the header and the result bytes after it.</summary>
/// <param name="Header">The reply header.</param>
/// <param name="Results">The procedure results (empty unless accepted with SUCCESS).</param>
public sealed record RpcReply(RpcReplyHeader Header, byte[] Results);

/// <summary>One directory entry returned by <see cref="Nfs3Client.ReadDirectoryPlusAsync"/>.</summary>
/// <param name="Name">The entry name.</param>
/// <param name="FileId">The file id.</param>
/// <param name="Cookie">The cookie after this entry.</param>
/// <param name="Attributes">The attributes, when sent.</param>
/// <param name="Handle">The file handle, when sent.</param>
public sealed record Nfs3DirectoryEntry(string Name, ulong FileId, ulong Cookie, NfsAttributes? Attributes, byte[]? Handle);

/// <summary>
/// A small NFSv3 / MOUNT v3 / portmapper client over one TCP connection (AUTH_SYS), for tests and for embedding.
/// Calls are serialised on the connection. Methods return the protocol status rather than throwing for
/// NFS errors; transport failures and malformed replies throw <see cref="IOException"/>.
/// </summary>
public sealed class Nfs3Client : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private uint _xid = (uint)Environment.TickCount;

    private Nfs3Client(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The longest a call waits for its reply before it fails with <see cref="OperationCanceledException"/> (default: 30 s).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This end of the connection: the address and port the server sees as its peer.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>The identity sent with every call (default: uid 0, gid 0).</summary>
    public RpcCaller Caller { get; set; } = RpcCaller.Create(AuthFlavor.Sys, 0, 0);

    /// <summary>Connects to <paramref name="endPoint"/>.</summary>
    public static async Task<Nfs3Client> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new Nfs3Client(socket);
    }

    /// <summary>Sends one call and waits for its reply.</summary>
    public async Task<RpcReply> CallAsync(uint program, uint version, uint procedure, RpcArgumentWriter? arguments, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        cancellationToken = timeout.Token;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Nfs3Limits.MaxTransferSize + RpcLimits.ReplyHeaderReserve);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            uint xid = unchecked(++_xid);
            int length = WriteCall(buffer, xid, program, version, procedure, arguments);
            await _stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                byte[] record = await ReadRecordAsync(cancellationToken).ConfigureAwait(false);
                if (TryParseReply(record, xid, out RpcReply? reply))
                {
                    return reply!;
                }
            }
        }
        finally
        {
            _gate.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends raw bytes (for hostile-input tests) without waiting for anything.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads one raw record payload (for hostile-input tests), waiting at most <see cref="CallTimeout"/>.</summary>
    public async Task<byte[]> ReceiveRecordAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        return await ReadRecordAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <summary>MOUNT v3 MNT: returns the status and the root handle of <paramref name="path"/>.</summary>
    public async Task<(MountStatus Status, byte[] Handle)> MountAsync(string path, CancellationToken cancellationToken = default)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        RpcReply reply = await CallAsync(RpcProgram.Mount, 3, (uint)MountProcedure.Mnt, (ref XdrWriter w) => w.WriteString(p), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        if (!(r.TryReadUInt32(out uint status)))
        {
            throw Malformed();
        }
        if (status != 0)
        {
            return ((MountStatus)status, []);
        }

        if (!(r.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> handle)))
        {
            throw Malformed();
        }
        return (MountStatus.Ok, handle.ToArray());
    }

    /// <summary>MOUNT EXPORT: the exported paths.</summary>
    public async Task<IReadOnlyList<string>> ExportsAsync(CancellationToken cancellationToken = default)
    {
        RpcReply reply = await CallAsync(RpcProgram.Mount, 3, (uint)MountProcedure.Export, null, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        var list = new List<string>();
        while (Bool(ref r))
        {
            if (!(r.TryReadString(MountProgram.MaxPathLength, out ReadOnlySpan<byte> dir)))
            {
                throw Malformed();
            }
            list.Add(Encoding.UTF8.GetString(dir));
            while (Bool(ref r))
            {
                if (!(r.TryReadString(MountProgram.MaxPathLength, out _)))
                {
                    throw Malformed();
                }
            }
        }

        return list;
    }

    /// <summary>Portmapper GETPORT.</summary>
    public async Task<uint> GetPortAsync(uint program, uint version, uint protocol, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await CallAsync(RpcProgram.Portmap, PortmapProgram.Version, (uint)PortmapProcedure.GetPort, (ref XdrWriter w) =>
        {
            w.WriteUInt32(program);
            w.WriteUInt32(version);
            w.WriteUInt32(protocol);
            w.WriteUInt32(0);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        if (!(r.TryReadUInt32(out uint port)))
        {
            throw Malformed();
        }
        return port;
    }

    /// <summary>GETATTR.</summary>
    public async Task<(Nfs3Status Status, NfsAttributes Attributes)> GetAttributesAsync(byte[] handle, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.GetAttr, (ref XdrWriter w) => w.WriteOpaque(handle), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        NfsAttributes a = default;
        if (status == Nfs3Status.Ok)
        {
            if (!(NfsAttributes.TryRead(ref r, out a)))
            {
                throw Malformed();
            }
        }

        return (status, a);
    }

    /// <summary>SETATTR without a guard.</summary>
    public async Task<Nfs3Status> SetAttributesAsync(byte[] handle, NfsSetAttributes attributes, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.SetAttr, (ref XdrWriter w) =>
        {
            w.WriteOpaque(handle);
            attributes.Write(ref w);
            w.WriteBoolean(false);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        return Status(ref r);
    }

    /// <summary>LOOKUP.</summary>
    public async Task<(Nfs3Status Status, byte[] Handle, NfsAttributes? Attributes)> LookupAsync(byte[] directory, string name, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.Lookup, DirOp(directory, name), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, [], null);
        }

        if (!(r.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> h)))
        {
            throw Malformed();
        }
        byte[] handle = h.ToArray();
        return (status, handle, PostOp(ref r));
    }

    /// <summary>ACCESS: the granted subset of <paramref name="access"/>.</summary>
    public async Task<(Nfs3Status Status, NfsAccess Granted)> AccessAsync(byte[] handle, NfsAccess access, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.Access, (ref XdrWriter w) =>
        {
            w.WriteOpaque(handle);
            w.WriteUInt32((uint)access);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        uint granted = 0;
        if (status == Nfs3Status.Ok)
        {
            if (!(r.TryReadUInt32(out granted)))
            {
                throw Malformed();
            }
        }

        return (status, (NfsAccess)granted);
    }

    /// <summary>READLINK.</summary>
    public async Task<(Nfs3Status Status, string Target)> ReadLinkAsync(byte[] handle, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.ReadLink, (ref XdrWriter w) => w.WriteOpaque(handle), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, string.Empty);
        }

        if (!(r.TryReadString(XdrLimits.MaxStringLength, out ReadOnlySpan<byte> target)))
        {
            throw Malformed();
        }
        return (status, Encoding.UTF8.GetString(target));
    }

    /// <summary>READ.</summary>
    public async Task<(Nfs3Status Status, byte[] Data, bool EndOfFile)> ReadAsync(byte[] handle, ulong offset, uint count, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.Read, (ref XdrWriter w) =>
        {
            w.WriteOpaque(handle);
            w.WriteUInt64(offset);
            w.WriteUInt32(count);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, [], false);
        }

        if (!(r.TryReadUInt32(out _) && r.TryReadBoolean(out bool eof) && r.TryReadOpaque(XdrLimits.MaxOpaqueLength, out ReadOnlySpan<byte> data)))
        {
            throw Malformed();
        }

        return (status, data.ToArray(), eof);
    }

    /// <summary>WRITE.</summary>
    public async Task<(Nfs3Status Status, uint Count, NfsStableHow Committed, ulong Verifier)> WriteAsync(byte[] handle, ulong offset, ReadOnlyMemory<byte> data, NfsStableHow stable, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.Write, (ref XdrWriter w) =>
        {
            w.WriteOpaque(handle);
            w.WriteUInt64(offset);
            w.WriteUInt32((uint)data.Length);
            w.WriteUInt32((uint)stable);
            w.WriteOpaque(data.Span);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        Wcc(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, 0, default, 0);
        }

        if (!(r.TryReadUInt32(out uint count) && r.TryReadUInt32(out uint committed) && r.TryReadUInt64(out ulong verf)))
        {
            throw Malformed();
        }
        return (status, count, (NfsStableHow)committed, verf);
    }

    /// <summary>CREATE (UNCHECKED or GUARDED with a mode, or EXCLUSIVE with <paramref name="verifier"/>).</summary>
    public Task<(Nfs3Status Status, byte[] Handle)> CreateAsync(byte[] directory, string name, NfsCreateMode mode, uint permissions = 0b110_100_100, ulong verifier = 0, CancellationToken cancellationToken = default) =>
        MakeAsync(Nfs3Procedure.Create, directory, name, (ref XdrWriter w) =>
        {
            w.WriteUInt32((uint)mode);
            if (mode == NfsCreateMode.Exclusive)
            {
                w.WriteUInt64(verifier);
            }
            else
            {
                new NfsSetAttributes { Mode = permissions }.Write(ref w);
            }
        }, cancellationToken);

    /// <summary>MKDIR.</summary>
    public Task<(Nfs3Status Status, byte[] Handle)> MakeDirectoryAsync(byte[] directory, string name, uint permissions = 0b111_101_101, CancellationToken cancellationToken = default) =>
        MakeAsync(Nfs3Procedure.MkDir, directory, name, (ref XdrWriter w) => new NfsSetAttributes { Mode = permissions }.Write(ref w), cancellationToken);

    /// <summary>SYMLINK.</summary>
    public Task<(Nfs3Status Status, byte[] Handle)> SymlinkAsync(byte[] directory, string name, string target, CancellationToken cancellationToken = default)
    {
        byte[] t = Encoding.UTF8.GetBytes(target);
        return MakeAsync(Nfs3Procedure.Symlink, directory, name, (ref XdrWriter w) =>
        {
            default(NfsSetAttributes).Write(ref w);
            w.WriteString(t);
        }, cancellationToken);
    }

    /// <summary>MKNOD.</summary>
    public Task<(Nfs3Status Status, byte[] Handle)> MakeNodeAsync(byte[] directory, string name, NfsFileType type, uint major = 0, uint minor = 0, uint permissions = 0b110_100_100, CancellationToken cancellationToken = default) =>
        MakeAsync(Nfs3Procedure.MkNod, directory, name, (ref XdrWriter w) =>
        {
            w.WriteUInt32((uint)type);
            if (type is NfsFileType.Character or NfsFileType.Block or NfsFileType.Socket or NfsFileType.Fifo)
            {
                new NfsSetAttributes { Mode = permissions }.Write(ref w);
            }

            if (type is NfsFileType.Character or NfsFileType.Block)
            {
                w.WriteUInt32(major);
                w.WriteUInt32(minor);
            }
        }, cancellationToken);

    /// <summary>REMOVE.</summary>
    public Task<Nfs3Status> RemoveAsync(byte[] directory, string name, CancellationToken cancellationToken = default) => StatusOnlyAsync(Nfs3Procedure.Remove, DirOp(directory, name), cancellationToken);

    /// <summary>RMDIR.</summary>
    public Task<Nfs3Status> RemoveDirectoryAsync(byte[] directory, string name, CancellationToken cancellationToken = default) => StatusOnlyAsync(Nfs3Procedure.RmDir, DirOp(directory, name), cancellationToken);

    /// <summary>RENAME.</summary>
    public Task<Nfs3Status> RenameAsync(byte[] fromDirectory, string fromName, byte[] toDirectory, string toName, CancellationToken cancellationToken = default)
    {
        RpcArgumentWriter from = DirOp(fromDirectory, fromName), to = DirOp(toDirectory, toName);
        return StatusOnlyAsync(Nfs3Procedure.Rename, (ref XdrWriter w) =>
        {
            from(ref w);
            to(ref w);
        }, cancellationToken);
    }

    /// <summary>LINK.</summary>
    public Task<Nfs3Status> LinkAsync(byte[] file, byte[] directory, string name, CancellationToken cancellationToken = default)
    {
        RpcArgumentWriter link = DirOp(directory, name);
        return StatusOnlyAsync(Nfs3Procedure.Link, (ref XdrWriter w) =>
        {
            w.WriteOpaque(file);
            link(ref w);
        }, cancellationToken);
    }

    /// <summary>COMMIT: returns the write verifier.</summary>
    public async Task<(Nfs3Status Status, ulong Verifier)> CommitAsync(byte[] handle, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.Commit, (ref XdrWriter w) =>
        {
            w.WriteOpaque(handle);
            w.WriteUInt64(0);
            w.WriteUInt32(0);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        Wcc(ref r);
        ulong verf = 0;
        if (status == Nfs3Status.Ok)
        {
            if (!(r.TryReadUInt64(out verf)))
            {
                throw Malformed();
            }
        }

        return (status, verf);
    }

    /// <summary>READDIR (plus = false) or READDIRPLUS, following cookies to the end; Calls counts the round trips.</summary>
    public async Task<(Nfs3Status Status, IReadOnlyList<Nfs3DirectoryEntry> Entries, int Calls)> ReadDirectoryPlusAsync(byte[] directory, bool plus = true, uint maxCount = 8192, CancellationToken cancellationToken = default)
    {
        var entries = new List<Nfs3DirectoryEntry>();
        ulong cookie = 0;
        ulong verifier = 0;
        int calls = 0;
        while (true)
        {
            calls++;
            ulong c = cookie, v = verifier;
            RpcReply reply = await NfsAsync(plus ? Nfs3Procedure.ReadDirPlus : Nfs3Procedure.ReadDir, (ref XdrWriter w) =>
            {
                w.WriteOpaque(directory);
                w.WriteUInt64(c);
                w.WriteUInt64(v);
                if (plus)
                {
                    w.WriteUInt32(maxCount);
                }

                w.WriteUInt32(maxCount);
            }, cancellationToken).ConfigureAwait(false);
            (Nfs3Status status, bool eof, verifier) = ParseDirectory(reply, plus, entries, ref cookie);
            if (status != Nfs3Status.Ok)
            {
                return (status, entries, calls);
            }

            if (eof)
            {
                return (status, entries, calls);
            }
        }
    }

    /// <summary>FSINFO: rtmax, wtmax, dtpref and properties.</summary>
    public async Task<(Nfs3Status Status, uint ReadMax, uint WriteMax, uint Properties)> FsInfoAsync(byte[] root, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.FsInfo, (ref XdrWriter w) => w.WriteOpaque(root), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, 0, 0, 0);
        }

        if (!(r.TryReadUInt32(out uint rtmax) && r.TryReadUInt32(out _) && r.TryReadUInt32(out _) && r.TryReadUInt32(out uint wtmax)
            && r.TryReadUInt32(out _) && r.TryReadUInt32(out _) && r.TryReadUInt32(out _) && r.TryReadUInt64(out _) && r.TryReadUInt64(out _) && r.TryReadUInt32(out uint props)))
        {
            throw Malformed();
        }
        return (status, rtmax, wtmax, props);
    }

    /// <summary>FSSTAT.</summary>
    public async Task<(Nfs3Status Status, NfsFileSystemStatistics Statistics)> FsStatAsync(byte[] root, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.FsStat, (ref XdrWriter w) => w.WriteOpaque(root), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, default);
        }

        if (!(r.TryReadUInt64(out ulong tb) && r.TryReadUInt64(out ulong fb) && r.TryReadUInt64(out ulong ab) && r.TryReadUInt64(out ulong tf) && r.TryReadUInt64(out ulong ff) && r.TryReadUInt64(out ulong af)))
        {
            throw Malformed();
        }
        return (status, new NfsFileSystemStatistics(tb, fb, ab, tf, ff, af));
    }

    /// <summary>PATHCONF: the name length limit.</summary>
    public async Task<(Nfs3Status Status, uint LinkMax, uint NameMax)> PathConfAsync(byte[] handle, CancellationToken cancellationToken = default)
    {
        RpcReply reply = await NfsAsync(Nfs3Procedure.PathConf, (ref XdrWriter w) => w.WriteOpaque(handle), cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, 0, 0);
        }

        if (!(r.TryReadUInt32(out uint linkMax) && r.TryReadUInt32(out uint nameMax)))
        {
            throw Malformed();
        }
        return (status, linkMax, nameMax);
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _gate.Dispose();
    }

    private Task<RpcReply> NfsAsync(Nfs3Procedure procedure, RpcArgumentWriter arguments, CancellationToken cancellationToken) =>
        CallAsync(RpcProgram.Nfs, Nfs3Limits.Version, (uint)procedure, arguments, cancellationToken);

    private async Task<Nfs3Status> StatusOnlyAsync(Nfs3Procedure procedure, RpcArgumentWriter arguments, CancellationToken cancellationToken)
    {
        RpcReply reply = await NfsAsync(procedure, arguments, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        return Status(ref r);
    }

    private async Task<(Nfs3Status Status, byte[] Handle)> MakeAsync(Nfs3Procedure procedure, byte[] directory, string name, RpcArgumentWriter rest, CancellationToken cancellationToken)
    {
        RpcArgumentWriter where = DirOp(directory, name);
        RpcReply reply = await NfsAsync(procedure, (ref XdrWriter w) =>
        {
            where(ref w);
            rest(ref w);
        }, cancellationToken).ConfigureAwait(false);
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, []);
        }

        byte[] handle = [];
        if (Bool(ref r))
        {
            if (!(r.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> h)))
            {
                throw Malformed();
            }
            handle = h.ToArray();
        }

        return (status, handle);
    }

    private static RpcArgumentWriter DirOp(byte[] directory, string name)
    {
        byte[] n = Encoding.UTF8.GetBytes(name);
        return (ref XdrWriter w) =>
        {
            w.WriteOpaque(directory);
            w.WriteString(n);
        };
    }

    private static (Nfs3Status Status, bool Eof, ulong Verifier) ParseDirectory(RpcReply reply, bool plus, List<Nfs3DirectoryEntry> entries, ref ulong cookie)
    {
        var r = Reader(reply);
        Nfs3Status status = Status(ref r);
        PostOp(ref r);
        if (status != Nfs3Status.Ok)
        {
            return (status, false, 0);
        }

        if (!(r.TryReadUInt64(out ulong verifier)))
        {
            throw Malformed();
        }
        while (Bool(ref r))
        {
            if (!(r.TryReadUInt64(out ulong fileId) && r.TryReadString(XdrLimits.MaxStringLength, out ReadOnlySpan<byte> name) && r.TryReadUInt64(out ulong next)))
            {
                throw Malformed();
            }
            NfsAttributes? attributes = null;
            byte[]? handle = null;
            if (plus)
            {
                attributes = PostOp(ref r);
                if (Bool(ref r))
                {
                    if (!(r.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> h)))
                    {
                        throw Malformed();
                    }
                    handle = h.ToArray();
                }
            }

            entries.Add(new Nfs3DirectoryEntry(Encoding.UTF8.GetString(name), fileId, next, attributes, handle));
            cookie = next;
        }

        if (!(r.TryReadBoolean(out bool eof)))
        {
            throw Malformed();
        }
        return (status, eof, verifier);
    }

    private int WriteCall(byte[] buffer, uint xid, uint program, uint version, uint procedure, RpcArgumentWriter? arguments)
    {
        var w = new XdrWriter(buffer.AsSpan(RpcRecordScanner.FragmentHeaderLength));
        RpcCall.WriteHeader(ref w, xid, program, version, procedure, Caller);
        arguments?.Invoke(ref w);
        if (w.HasOverflowed)
        {
            throw new ArgumentException("The call does not fit in one record.", nameof(arguments));
        }

        RpcRecordScanner.WriteRecordMark(buffer, w.BytesWritten);
        return w.BytesWritten + RpcRecordScanner.FragmentHeaderLength;
    }

    private async Task<byte[]> ReadRecordAsync(CancellationToken cancellationToken)
    {
        var record = new MemoryStream();
        byte[] header = new byte[4];
        while (true)
        {
            await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            uint mark = BinaryPrimitives.ReadUInt32BigEndian(header);
            int length = (int)(mark & ~RpcRecordScanner.LastFragmentBit);
            if (length > RpcLimits.DefaultMaxRecordLength || record.Length + length > RpcLimits.DefaultMaxRecordLength)
            {
                throw new IOException($"The server sent a record over {RpcLimits.DefaultMaxRecordLength} bytes.");
            }

            byte[] fragment = new byte[length];
            await _stream.ReadExactlyAsync(fragment, cancellationToken).ConfigureAwait(false);
            record.Write(fragment);
            if ((mark & RpcRecordScanner.LastFragmentBit) != 0)
            {
                return record.ToArray();
            }
        }
    }

    private static bool TryParseReply(byte[] record, uint xid, out RpcReply? reply)
    {
        var r = new XdrReader(record);
        if (!RpcReplyHeader.TryRead(ref r, out RpcReplyHeader header))
        {
            throw new IOException("The server sent a malformed reply.");
        }

        reply = header.Xid == xid ? new RpcReply(header, r.UnreadSpan.ToArray()) : null;
        return reply is not null;
    }

    private static XdrReader Reader(RpcReply reply)
    {
        if (reply.Header.ReplyStatus != RpcReplyStatus.Accepted || reply.Header.AcceptStatus != AcceptStatus.Success)
        {
            throw new IOException($"The call was not executed: {reply.Header.ReplyStatus} {reply.Header.AcceptStatus} {reply.Header.RejectStatus}.");
        }

        return new XdrReader(reply.Results);
    }

    private static Nfs3Status Status(ref XdrReader r)
    {
        if (!(r.TryReadUInt32(out uint status)))
        {
            throw Malformed();
        }
        return (Nfs3Status)status;
    }

    private static NfsAttributes? PostOp(ref XdrReader r)
    {
        if (!Bool(ref r))
        {
            return null;
        }

        if (!(NfsAttributes.TryRead(ref r, out NfsAttributes a)))
        {
            throw Malformed();
        }
        return a;
    }

    private static void Wcc(ref XdrReader r)
    {
        if (Bool(ref r))
        {
            if (!(r.TryReadUInt64(out _) && r.TryReadUInt64(out _) && r.TryReadUInt64(out _)))
            {
                throw Malformed();
            }
        }

        PostOp(ref r);
    }

    private static bool Bool(ref XdrReader r)
    {
        if (!(r.TryReadBoolean(out bool value)))
        {
            throw Malformed();
        }
        return value;
    }

    private static IOException Malformed() => new("The server sent a truncated or malformed result.");
}
