using System.Net;
using System.Net.Sockets;
using System.Text;
using Pxe.Nfs;
using Pxe.Nfs.Tests.Rpc;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Nfs3;

/// <summary>Every NFSv3 procedure through a real TCP connection, against both backends.</summary>
public class Nfs3ServerTests
{
    public enum Backend
    {
        Memory,
        Local,
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly TempDirectory? _temp;

        private Fixture(TestServer server, Nfs3Client client, byte[] root, TempDirectory? temp, string? directory)
        {
            Server = server;
            Client = client;
            Root = root;
            _temp = temp;
            Directory = directory;
        }

        public TestServer Server { get; }

        public Nfs3Client Client { get; }

        public byte[] Root { get; }

        public string? Directory { get; }

        public static async Task<Fixture> StartAsync(Backend backend, bool readOnly = false, NfsSquash squash = NfsSquash.None)
        {
            if (backend == Backend.Memory)
            {
                var fs = new InMemoryFileSystem();
                fs.AddFile("hello.txt", "hello, world"u8);
                fs.AddFile("dir/inner.txt", "inner"u8);
                fs.AddSymlink("escape", "/etc/passwd");
                TestServer server = await TestServer.StartInMemoryAsync(fs, readOnly, squash);
                (Nfs3Client client, byte[] root) = await server.ConnectAndMountAsync("/mem");
                return new Fixture(server, client, root, null, null);
            }

            var temp = new TempDirectory();
            File.WriteAllText(Path.Combine(temp.Path, "hello.txt"), "hello, world");
            System.IO.Directory.CreateDirectory(Path.Combine(temp.Path, "dir"));
            File.WriteAllText(Path.Combine(temp.Path, "dir", "inner.txt"), "inner");
            File.CreateSymbolicLink(Path.Combine(temp.Path, "escape"), "/etc/passwd");
            File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(Path.Combine(temp.Path, "hello.txt"), (UnixFileMode)0b110_100_100);
            TestServer local = await TestServer.StartLocalAsync(temp.Path, readOnly, squash);
            (Nfs3Client c, byte[] r) = await local.ConnectAndMountAsync("/local");
            return new Fixture(local, c, r, temp, temp.Path);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            _temp?.Dispose();
        }
    }

    [Theory]
    [InlineData(Backend.Memory)]
    [InlineData(Backend.Local)]
    public async Task Read_path_getattr_lookup_access_read_readlink_fsinfo_fsstat_pathconf(Backend backend)
    {
        await using Fixture f = await Fixture.StartAsync(backend);
        Nfs3Client c = f.Client;
        (Nfs3Status s, NfsAttributes rootAttr) = await c.GetAttributesAsync(f.Root);
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal(NfsFileType.Directory, rootAttr.Type);

        (s, byte[] hello, NfsAttributes? helloAttr) = await c.LookupAsync(f.Root, "hello.txt");
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal(12ul, helloAttr!.Value.Size);
        Assert.NotEqual(0ul, helloAttr.Value.FileId);

        (s, byte[] data, bool eof) = await c.ReadAsync(hello, 0, 100);
        Assert.Equal((Nfs3Status.Ok, "hello, world", true), (s, Encoding.UTF8.GetString(data), eof));
        (s, data, eof) = await c.ReadAsync(hello, 7, 3);
        Assert.Equal(("wor", false), (Encoding.UTF8.GetString(data), eof));
        (s, data, eof) = await c.ReadAsync(hello, 1000, 10);
        Assert.Equal((Nfs3Status.Ok, 0, true), (s, data.Length, eof));

        (s, NfsAccess granted) = await c.AccessAsync(hello, NfsAccess.Read | NfsAccess.Modify | NfsAccess.Execute);
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal(NfsAccess.Read | NfsAccess.Modify, granted); // root caller, rw export, 0644 file

        (s, byte[] link, _) = await c.LookupAsync(f.Root, "escape");
        Assert.Equal(Nfs3Status.Ok, s);
        (s, string target) = await c.ReadLinkAsync(link);
        Assert.Equal((Nfs3Status.Ok, "/etc/passwd"), (s, target));
        // symlinks are data: READ on the link never follows it
        (s, _, _) = await c.ReadAsync(link, 0, 100);
        Assert.Equal(Nfs3Status.Invalid, s);

        (s, uint rtmax, uint wtmax, uint props) = await c.FsInfoAsync(f.Root);
        Assert.Equal((Nfs3Status.Ok, (uint)Nfs3Limits.MaxTransferSize, (uint)Nfs3Limits.MaxTransferSize, Nfs3Program.FsInfoProperties), (s, rtmax, wtmax, props));
        (s, NfsFileSystemStatistics stats) = await c.FsStatAsync(f.Root);
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.True(stats.TotalBytes > 0);
        (s, _, uint nameMax) = await c.PathConfAsync(f.Root);
        Assert.Equal((Nfs3Status.Ok, 255u), (s, nameMax));

        (s, _, _) = await c.LookupAsync(f.Root, "missing");
        Assert.Equal(Nfs3Status.NoEnt, s);
        (s, _, _) = await c.LookupAsync(hello, "x");
        Assert.Equal(Nfs3Status.NotDir, s);
        (s, _, _) = await c.LookupAsync(f.Root, "a/b");
        Assert.Equal(Nfs3Status.Access, s);
        (s, _, _) = await c.LookupAsync(f.Root, new string('x', 256));
        Assert.Equal(Nfs3Status.NameTooLong, s);
    }

    [Theory]
    [InlineData(Backend.Memory)]
    [InlineData(Backend.Local)]
    public async Task Dotdot_at_the_export_root_stays_at_the_root(Backend backend)
    {
        await using Fixture f = await Fixture.StartAsync(backend);
        (Nfs3Status s, byte[] up, NfsAttributes? upAttr) = await f.Client.LookupAsync(f.Root, "..");
        Assert.Equal(Nfs3Status.Ok, s);
        (_, NfsAttributes rootAttr) = await f.Client.GetAttributesAsync(f.Root);
        Assert.Equal(rootAttr.FileId, upAttr!.Value.FileId);
        Assert.Equal(f.Root, up);
        (s, byte[] dir, _) = await f.Client.LookupAsync(f.Root, "dir");
        (s, byte[] back, _) = await f.Client.LookupAsync(dir, "..");
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal(f.Root, back);
    }

    [Theory]
    [InlineData(Backend.Memory)]
    [InlineData(Backend.Local)]
    public async Task Write_path_create_write_commit_setattr_mkdir_symlink_mknod_link_rename_remove_rmdir(Backend backend)
    {
        await using Fixture f = await Fixture.StartAsync(backend);
        Nfs3Client c = f.Client;
        (Nfs3Status s, byte[] file) = await c.CreateAsync(f.Root, "new.bin", NfsCreateMode.Guarded, 0b110_000_000);
        Assert.Equal(Nfs3Status.Ok, s);
        (s, _) = await c.CreateAsync(f.Root, "new.bin", NfsCreateMode.Guarded);
        Assert.Equal(Nfs3Status.Exist, s);
        (s, byte[] again) = await c.CreateAsync(f.Root, "new.bin", NfsCreateMode.Unchecked);
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal(file, again);

        byte[] payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        (s, uint count, NfsStableHow committed, ulong verf) = await c.WriteAsync(file, 0, payload, NfsStableHow.Unstable);
        Assert.Equal((Nfs3Status.Ok, 300_000u), (s, count));
        (s, count, committed, ulong verf2) = await c.WriteAsync(file, 300_000, payload.AsMemory(0, 10), NfsStableHow.FileSync);
        Assert.Equal(NfsStableHow.FileSync, committed);
        Assert.Equal(verf, verf2);
        (s, ulong commitVerf) = await c.CommitAsync(file);
        Assert.Equal((Nfs3Status.Ok, verf), (s, commitVerf));
        (s, byte[] back, _) = await c.ReadAsync(file, 0, 300_010);
        Assert.Equal(payload.Concat(payload.Take(10)).ToArray(), back);

        Assert.Equal(Nfs3Status.Ok, await c.SetAttributesAsync(file, new NfsSetAttributes { Size = 1000, Mode = 0b111_000_000, Uid = 1234, Gid = 5678 }));
        (s, NfsAttributes a) = await c.GetAttributesAsync(file);
        Assert.Equal((1000ul, 0b111_000_000u, 1234u, 5678u), (a.Size, a.Mode, a.Uid, a.Gid));
        Assert.Equal(Nfs3Status.Ok, await c.SetAttributesAsync(file, new NfsSetAttributes { ModifyTimeHow = NfsTimeHow.ClientTime, ModifyTime = new NfsTime(1_000_000_000, 5) }));
        (s, a) = await c.GetAttributesAsync(file);
        Assert.Equal(1_000_000_000u, a.ModifyTime.Seconds);

        // EXCLUSIVE create is idempotent for the same verifier only
        (s, byte[] ex1) = await c.CreateAsync(f.Root, "excl", NfsCreateMode.Exclusive, verifier: 0x1122334455667788);
        Assert.Equal(Nfs3Status.Ok, s);
        (s, byte[] ex2) = await c.CreateAsync(f.Root, "excl", NfsCreateMode.Exclusive, verifier: 0x1122334455667788);
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal(ex1, ex2);
        (s, _) = await c.CreateAsync(f.Root, "excl", NfsCreateMode.Exclusive, verifier: 1);
        Assert.Equal(Nfs3Status.Exist, s);

        (s, byte[] sub) = await c.MakeDirectoryAsync(f.Root, "sub");
        Assert.Equal(Nfs3Status.Ok, s);
        (s, byte[] link) = await c.SymlinkAsync(sub, "lnk", "../new.bin");
        Assert.Equal(Nfs3Status.Ok, s);
        Assert.Equal((Nfs3Status.Ok, "../new.bin"), await c.ReadLinkAsync(link));
        (s, byte[] dev) = await c.MakeNodeAsync(sub, "null", NfsFileType.Character, 1, 3);
        Assert.Equal(Nfs3Status.Ok, s);
        (s, a) = await c.GetAttributesAsync(dev);
        Assert.Equal((NfsFileType.Character, 1u, 3u), (a.Type, a.RdevMajor, a.RdevMinor));
        (s, byte[] fifo) = await c.MakeNodeAsync(sub, "fifo", NfsFileType.Fifo);
        Assert.Equal(Nfs3Status.Ok, s);
        (s, _) = await c.MakeNodeAsync(sub, "reg", NfsFileType.Regular);
        Assert.Equal(Nfs3Status.BadType, s);

        Assert.Equal(Nfs3Status.Ok, await c.LinkAsync(file, sub, "hard"));
        (s, a) = await c.GetAttributesAsync(file);
        Assert.Equal(2u, a.LinkCount);
        Assert.Equal(Nfs3Status.Ok, await c.RenameAsync(sub, "hard", f.Root, "moved"));
        (s, byte[] moved, _) = await c.LookupAsync(f.Root, "moved");
        Assert.Equal(file, moved);
        Assert.Equal(Nfs3Status.NotEmpty, await c.RemoveDirectoryAsync(f.Root, "sub"));
        Assert.Equal(Nfs3Status.IsDir, await c.RemoveAsync(f.Root, "sub"));
        foreach (string name in new[] { "lnk", "null", "fifo" })
        {
            Assert.Equal(Nfs3Status.Ok, await c.RemoveAsync(sub, name));
        }

        Assert.Equal(Nfs3Status.Ok, await c.RemoveDirectoryAsync(f.Root, "sub"));
        Assert.Equal(Nfs3Status.Ok, await c.RemoveAsync(f.Root, "moved"));
        (s, a) = await c.GetAttributesAsync(file);
        Assert.Equal(1u, a.LinkCount);
        (s, _) = await c.GetAttributesAsync(sub);
        Assert.Equal(Nfs3Status.Stale, s);
        Assert.Equal(Nfs3Status.NoEnt, await c.RemoveAsync(f.Root, "nothing"));
    }

    [Theory]
    [InlineData(Backend.Memory)]
    [InlineData(Backend.Local)]
    public async Task Read_only_export_refuses_every_change(Backend backend)
    {
        await using Fixture f = await Fixture.StartAsync(backend, readOnly: true);
        Nfs3Client c = f.Client;
        Assert.Equal(Nfs3Status.ReadOnlyFileSystem, (await c.CreateAsync(f.Root, "x", NfsCreateMode.Unchecked)).Status);
        Assert.Equal(Nfs3Status.ReadOnlyFileSystem, (await c.MakeDirectoryAsync(f.Root, "x")).Status);
        Assert.Equal(Nfs3Status.ReadOnlyFileSystem, await c.RemoveAsync(f.Root, "hello.txt"));
        (_, byte[] hello, _) = await c.LookupAsync(f.Root, "hello.txt");
        Assert.Equal(Nfs3Status.ReadOnlyFileSystem, (await c.WriteAsync(hello, 0, new byte[3], NfsStableHow.FileSync)).Status);
        Assert.Equal(Nfs3Status.ReadOnlyFileSystem, await c.SetAttributesAsync(hello, new NfsSetAttributes { Size = 0 }));
        (_, NfsAccess granted) = await c.AccessAsync(hello, NfsAccess.Read | NfsAccess.Modify | NfsAccess.Extend);
        Assert.Equal(NfsAccess.Read, granted);
        Assert.Equal("hello, world", Encoding.UTF8.GetString((await c.ReadAsync(hello, 0, 100)).Data));
    }

    [Theory]
    [InlineData(Backend.Memory)]
    [InlineData(Backend.Local)]
    public async Task Root_squash_maps_root_to_nobody(Backend backend)
    {
        await using Fixture f = await Fixture.StartAsync(backend, squash: NfsSquash.Root);
        Nfs3Client c = f.Client;
        // the root directory is 0755 root-owned: a squashed root cannot create in it
        (Nfs3Status s, _) = await c.CreateAsync(f.Root, "x", NfsCreateMode.Unchecked);
        Assert.Equal(Nfs3Status.Access, s);
        (_, byte[] hello, _) = await c.LookupAsync(f.Root, "hello.txt");
        (_, NfsAccess granted) = await c.AccessAsync(hello, NfsAccess.Read | NfsAccess.Modify);
        Assert.Equal(NfsAccess.Read, granted);
    }

    [Theory]
    [InlineData(Backend.Memory, 3000)]
    [InlineData(Backend.Local, 3000)]
    public async Task Large_directory_is_listed_exactly_once_across_many_calls(Backend backend, int count)
    {
        await using Fixture f = await Fixture.StartAsync(backend);
        (_, byte[] big) = await f.Client.MakeDirectoryAsync(f.Root, "big");
        if (f.Directory is not null)
        {
            for (int i = 0; i < count; i++)
            {
                File.WriteAllBytes(Path.Combine(f.Directory, "big", $"entry-{i:D5}-{new string('n', i % 40)}"), []);
            }
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(Nfs3Status.Ok, (await f.Client.CreateAsync(big, $"entry-{i:D5}-{new string('n', i % 40)}", NfsCreateMode.Guarded)).Status);
            }
        }

        foreach (bool plus in new[] { true, false })
        {
            (Nfs3Status s, IReadOnlyList<Nfs3DirectoryEntry> entries, int calls) = await f.Client.ReadDirectoryPlusAsync(big, plus, maxCount: 8192);
            Assert.Equal(Nfs3Status.Ok, s);
            Assert.True(calls > 10, $"expected many READDIR calls, got {calls}");
            Assert.Equal(count, entries.Count);
            Assert.Equal(count, entries.Select(e => e.Name).Distinct().Count());
            Assert.Equal(count, entries.Select(e => e.Cookie).Distinct().Count());
            if (plus)
            {
                Assert.All(entries, e => Assert.NotNull(e.Handle));
                Nfs3DirectoryEntry sample = entries[count / 2];
                Assert.Equal(sample.FileId, (await f.Client.GetAttributesAsync(sample.Handle!)).Attributes.FileId);
            }
        }

        // a count too small for one entry is TOOSMALL, not an empty success
        (Nfs3Status small, _, _) = await f.Client.ReadDirectoryPlusAsync(big, true, maxCount: 100);
        Assert.Equal(Nfs3Status.TooSmall, small);
    }

    [Fact]
    public async Task Handles_survive_a_server_restart_and_forged_ones_do_not_work()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "a", "b"));
        File.WriteAllText(Path.Combine(temp.Path, "a", "b", "f.txt"), "persist");
        byte[] handle;
        await using (TestServer first = await TestServer.StartLocalAsync(temp.Path))
        {
            (Nfs3Client c, byte[] root) = await first.ConnectAndMountAsync("/local");
            await using (c)
            {
                (_, byte[] a, _) = await c.LookupAsync(root, "a");
                (_, byte[] b, _) = await c.LookupAsync(a, "b");
                (_, handle, _) = await c.LookupAsync(b, "f.txt");
            }
        }

        // the server moved on: rename the parent on disk, restart, use the old handle without any LOOKUP
        Directory.Move(Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "renamed"));
        await using TestServer second = await TestServer.StartLocalAsync(temp.Path);
        await using Nfs3Client c2 = await Nfs3Client.ConnectAsync(second.EndPoint);
        (Nfs3Status s, byte[] data, _) = await c2.ReadAsync(handle, 0, 100);
        Assert.Equal((Nfs3Status.Ok, "persist"), (s, Encoding.UTF8.GetString(data)));

        byte[] forged = (byte[])handle.Clone();
        forged[15] ^= 1; // another inode, same MAC
        Assert.Equal(Nfs3Status.BadHandle, (await c2.GetAttributesAsync(forged)).Status);
        Assert.Equal(Nfs3Status.BadHandle, (await c2.GetAttributesAsync(handle[..20])).Status);

        File.Delete(Path.Combine(temp.Path, "renamed", "b", "f.txt"));
        Assert.Equal(Nfs3Status.Stale, (await c2.GetAttributesAsync(handle)).Status);
    }

    [Fact]
    public async Task A_handle_for_a_file_outside_the_export_is_refused()
    {
        using var temp = new TempDirectory();
        string exported = Path.Combine(temp.Path, "exported");
        Directory.CreateDirectory(exported);
        File.WriteAllText(Path.Combine(temp.Path, "secret"), "no");
        await using TestServer server = await TestServer.StartLocalAsync(exported);
        (Nfs3Client c, byte[] root) = await server.ConnectAndMountAsync("/local");
        await using (c)
        {
            // a correctly signed handle naming an inode outside the export (as if the MAC key leaked)
            var st = new FileInfo(Path.Combine(temp.Path, "secret"));
            ulong ino = Inode(st.FullName);
            (_, NfsAttributes rootAttr) = await c.GetAttributesAsync(root);
            var node = new NfsNodeId(rootAttr.FileSystemId, ino);
            byte[] outside = NfsFileHandle.Create(0, node, NfsServer.DeriveKey("test-secret")).Span.ToArray();
            Assert.Equal(Nfs3Status.Stale, (await c.GetAttributesAsync(outside)).Status);
            Assert.Equal(Nfs3Status.Stale, (await c.ReadAsync(outside, 0, 10)).Status);
            Assert.Equal(MountStatus.Access, (await c.MountAsync("/other")).Status);
            Assert.Equal(MountStatus.Access, (await c.MountAsync("/local/../etc")).Status);
        }
    }

    [Fact]
    public async Task Udp_answers_and_replays_retransmissions_from_the_duplicate_request_cache()
    {
        var fs = new InMemoryFileSystem();
        await using TestServer server = await TestServer.StartInMemoryAsync(fs);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Connect(server.UdpEndPoint);
        byte[] root = NfsFileHandle.Create(0, fs.Root, NfsServer.DeriveKey("test-secret")).Span.ToArray();
        byte[] call = new byte[512];
        var w = new XdrWriter(call);
        RpcCall.WriteHeader(ref w, 4242, RpcProgram.Nfs, 3, (uint)Nfs3Procedure.Create, RpcCaller.Create(AuthFlavor.Sys, 0, 0));
        w.WriteOpaque(root);
        w.WriteString("once"u8);
        w.WriteUInt32((uint)NfsCreateMode.Guarded);
        default(NfsSetAttributes).Write(ref w);
        byte[] datagram = call[..w.BytesWritten];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await udp.SendAsync(datagram, cts.Token);
        UdpReceiveResult first = await udp.ReceiveAsync(cts.Token);
        await udp.SendAsync(datagram, cts.Token); // retransmission: GUARDED would now fail with EXIST if re-executed
        UdpReceiveResult second = await udp.ReceiveAsync(cts.Token);
        Assert.Equal(first.Buffer, second.Buffer);
        var r = new XdrReader(first.Buffer);
        Assert.True(RpcReplyHeader.TryRead(ref r, out RpcReplyHeader h));
        Assert.Equal(4242u, h.Xid);
        Assert.True(r.TryReadUInt32(out uint status));
        Assert.Equal(Nfs3Status.Ok, (Nfs3Status)status);
    }

    [Fact]
    public async Task Garbage_records_close_only_their_connection()
    {
        var fs = new InMemoryFileSystem();
        fs.AddFile("f", "x"u8);
        await using TestServer server = await TestServer.StartInMemoryAsync(fs);

        // a 2 GiB record mark: the server closes the connection without buffering
        await using (Nfs3Client bad = await Nfs3Client.ConnectAsync(server.EndPoint))
        {
            await bad.SendRawAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4 });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Assert.ThrowsAnyAsync<Exception>(async () => await bad.ReceiveRecordAsync(cts.Token));
        }

        // random bytes in a well-formed record: dropped or answered, never a crash
        await using (Nfs3Client noisy = await Nfs3Client.ConnectAsync(server.EndPoint))
        {
            byte[] junk = new byte[200];
            new Random(4).NextBytes(junk);
            byte[] record = new byte[204];
            RpcRecordScanner.WriteRecordMark(record, 200);
            junk.CopyTo(record, 4);
            await noisy.SendRawAsync(record);
        }

        // an unknown program on a healthy connection
        await using Nfs3Client good = await Nfs3Client.ConnectAsync(server.EndPoint);
        RpcReply reply = await good.CallAsync(100099, 1, 0, null);
        Assert.Equal(AcceptStatus.ProgramUnavailable, reply.Header.AcceptStatus);
        (MountStatus ms, byte[] root) = await good.MountAsync("/mem");
        Assert.Equal(MountStatus.Ok, ms);
        Assert.Equal(Nfs3Status.Ok, (await good.GetAttributesAsync(root)).Status);
    }

    [Fact]
    public async Task Multi_fragment_calls_are_served()
    {
        var fs = new InMemoryFileSystem();
        fs.AddFile("f", "fragmented"u8);
        await using TestServer server = await TestServer.StartInMemoryAsync(fs);
        await using Nfs3Client c = await Nfs3Client.ConnectAsync(server.EndPoint);
        byte[] handle = NfsFileHandle.Create(0, fs.Lookup(fs.Root, "f", out NfsNodeId n) == Nfs3Status.Ok ? n : default, NfsServer.DeriveKey("test-secret")).Span.ToArray();
        byte[] call = new byte[256];
        var w = new XdrWriter(call);
        RpcCall.WriteHeader(ref w, 99, RpcProgram.Nfs, 3, (uint)Nfs3Procedure.Read, RpcCaller.Create(AuthFlavor.Sys, 0, 0));
        w.WriteOpaque(handle);
        w.WriteUInt64(0);
        w.WriteUInt32(100);
        byte[] body = call[..w.BytesWritten];
        var wire = new List<byte>();
        for (int i = 0; i < body.Length; i += 7)
        {
            int len = Math.Min(7, body.Length - i);
            byte[] mark = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(mark, (uint)len | (i + len >= body.Length ? RpcRecordScanner.LastFragmentBit : 0));
            wire.AddRange(mark);
            wire.AddRange(body.AsSpan(i, len).ToArray());
        }

        await c.SendRawAsync(wire.ToArray());
        byte[] reply = await c.ReceiveRecordAsync();
        var r = new XdrReader(reply);
        Assert.True(RpcReplyHeader.TryRead(ref r, out RpcReplyHeader h));
        Assert.Equal((99u, AcceptStatus.Success), (h.Xid, h.AcceptStatus));
        Assert.True(r.TryReadUInt32(out uint status) && status == 0);
        Assert.Contains("fragmented"u8.ToArray(), new[] { reply.AsSpan(reply.Length - 12, 10).ToArray() }, new ByteArrayComparer());
    }

    private static ulong Inode(string path)
    {
        PeerResult r = PeerProcess.RunAsync("stat", ["-c", "%i", path], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return ulong.Parse(r.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
