using System.Collections.Concurrent;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Server;

/// <summary>
/// READDIR(PLUS) read-ahead: between two calls of a listing the backend reads the next entries and their attributes,
/// so the client's next call finds them ready. A listing must come out exactly as without it, and a change made through
/// the server in between must show.
/// </summary>
public class DirectoryReadAheadTests
{
    /// <summary>One entry as a listing returned it.</summary>
    private readonly record struct Listed(string Name, ulong Cookie, ulong Size);

    /// <summary>Takes at most a given number of entries, like a reply with room for that many.</summary>
    private ref struct Collector(List<Listed> into, int room) : INfsDirectoryVisitor
    {
        public int Count { get; private set; }

        public ulong LastCookie { get; private set; }

        public bool Visit(scoped ReadOnlySpan<byte> name, ulong cookie, NfsNodeId node, in NfsAttributes attributes)
        {
            if (Count == room)
            {
                return false;
            }

            into.Add(new Listed(Encoding.UTF8.GetString(name), cookie, attributes.Size));
            Count++;
            LastCookie = cookie;
            return true;
        }
    }

    /// <summary>Lists <paramref name="directory"/> in calls of <paramref name="room"/> entries, reading ahead <paramref name="ahead"/> (0: never) between calls; <paramref name="between"/> runs after each read-ahead.</summary>
    private static List<Listed> List(LocalFileSystem fs, NfsNodeId directory, int room, int ahead, Action<int>? between = null)
    {
        var listed = new List<Listed>();
        ulong cookie = 0;
        for (int call = 0; ; call++)
        {
            var collector = new Collector(listed, room);
            Assert.Equal(Nfs3Status.Ok, fs.ReadDirectory(directory, cookie, ref collector, out bool eof));
            if (eof)
            {
                return listed;
            }

            cookie = collector.LastCookie;
            if (ahead > 0)
            {
                fs.ReadDirectoryAhead(directory, cookie, ahead);
            }

            between?.Invoke(call);
        }
    }

    private static TempDirectory Populate(int files)
    {
        var temp = new TempDirectory();
        for (int i = 0; i < files; i++)
        {
            File.WriteAllBytes(Path.Combine(temp.Path, $"f{i:D4}"), new byte[i % 97]);
        }

        return temp;
    }

    [Fact]
    public void Any_reply_size_and_read_ahead_count_lists_the_same_entries_as_no_read_ahead_property()
    {
        using TempDirectory temp = Populate(300);
        List<Listed> expected;
        using (var plain = new LocalFileSystem(temp.Path, readOnly: true, TimeSpan.Zero))
        {
            expected = List(plain, plain.Root, room: 1000, ahead: 0);
        }

        Assert.Equal(300, expected.Select(e => e.Name).Distinct().Count());
        var gen = from room in Gen.Choose(1, 80)
                  from ahead in Gen.Choose(0, 2 * LocalFileSystem.MaxReadAheadEntries)
                  select (room, ahead);
        PropertyCheck.ForAll(gen.ToArbitrary(), t =>
        {
            using var fs = new LocalFileSystem(temp.Path, readOnly: true, TimeSpan.Zero);
            Assert.Equal(expected, List(fs, fs.Root, t.room, t.ahead));
        }, maxTest: 60);
    }

    [Fact]
    public void Entries_read_ahead_are_served_without_reading_the_disk_again()
    {
        using TempDirectory temp = Populate(10);
        using var fs = new LocalFileSystem(temp.Path, readOnly: false, TimeSpan.Zero);
        string name = List(fs, fs.Root, room: 1000, ahead: 0)[7].Name; // in the second call of five entries each
        string late = Path.Combine(temp.Path, name);

        // No attribute cache: without read-ahead the second call reads f0007 from the disk (97 bytes, written after
        // the first call); with it, the size read before the change is what the call returns.
        List<Listed> plain = List(fs, fs.Root, room: 5, ahead: 0, between: call => File.WriteAllBytes(late, new byte[97]));
        Assert.Equal(97UL, plain.Single(e => e.Name == name).Size);

        File.WriteAllBytes(late, new byte[7]);
        List<Listed> ahead = List(fs, fs.Root, room: 5, ahead: 5, between: call => File.WriteAllBytes(late, new byte[97]));
        Assert.Equal(7UL, ahead.Single(e => e.Name == name).Size);
        Assert.Equal(plain.Select(e => e.Name), ahead.Select(e => e.Name));
    }

    [Fact]
    public void A_write_or_removal_through_the_server_after_read_ahead_shows_in_the_next_call()
    {
        using TempDirectory temp = Populate(10);
        using var fs = new LocalFileSystem(temp.Path, readOnly: false);
        List<Listed> order = List(fs, fs.Root, room: 1000, ahead: 0);
        (string written, string removed) = (order[7].Name, order[8].Name); // both in the second call of five entries each
        ulong size = order[7].Size;
        Assert.Equal(Nfs3Status.Ok, fs.Lookup(fs.Root, written, out NfsNodeId node));
        List<Listed> listed = List(fs, fs.Root, room: 5, ahead: 5, between: call =>
        {
            if (call == 0)
            {
                Assert.Equal(Nfs3Status.Ok, fs.Write(node, (long)size, new byte[1000], NfsStableHow.FileSync, out _));
                Assert.Equal(Nfs3Status.Ok, fs.Remove(fs.Root, removed));
            }
        });

        Assert.Equal(size + 1000, listed.Single(e => e.Name == written).Size);
        Assert.DoesNotContain(listed, e => e.Name == removed);
        Assert.Equal(9, listed.Count);
    }

    [Fact]
    public async Task The_server_reads_ahead_after_each_unfinished_reply_and_the_listing_is_exact()
    {
        using TempDirectory temp = Populate(300);
        var recorder = new ReadAheadRecorder(new LocalFileSystem(temp.Path, readOnly: true));
        await using TestServer server = await TestServer.StartAsync(
            o => o.Exports.Add(new NfsExport(temp.Path, "/local") { ReadOnly = true, Squash = NfsSquash.None }), new SingleProvider(recorder));
        (Nfs3Client client, byte[] root) = await server.ConnectAndMountAsync("/local");
        await using (client)
        {
            (Nfs3Status status, IReadOnlyList<Nfs3DirectoryEntry> entries, int calls) = await client.ReadDirectoryPlusAsync(root, maxCount: 2048);
            Assert.Equal(Nfs3Status.Ok, status);
            Assert.True(calls > 10, $"{calls} calls");
            Assert.Equal(Enumerable.Range(0, 300).Select(i => $"f{i:D4}"), entries.Select(e => e.Name).Order(StringComparer.Ordinal));
            Assert.All(entries, e => Assert.Equal((ulong)(int.Parse(e.Name[1..], System.Globalization.CultureInfo.InvariantCulture) % 97), e.Attributes!.Value.Size));

            // One hint per reply but the last, each continuing where that reply stopped, for as many entries as it held.
            (ulong Cookie, int Count)[] hints = [.. recorder.Hints];
            Assert.Equal(calls - 1, hints.Length);
            int index = 0;
            foreach ((ulong cookie, int count) in hints)
            {
                index += count;
                Assert.Equal(entries[index - 1].Cookie, cookie);
            }
        }
    }

    private sealed class SingleProvider(INfsFileSystem fs) : INfsFileSystemProvider
    {
        public INfsFileSystem? Create(NfsExport export) => fs;
    }

    /// <summary>A local export that notes every read-ahead hint the server gives it.</summary>
    private sealed class ReadAheadRecorder(LocalFileSystem inner) : INfsFileSystem
    {
        public ConcurrentQueue<(ulong Cookie, int Count)> Hints { get; } = new();

        public NfsNodeId Root => inner.Root;

        public void ReadDirectoryAhead(NfsNodeId directory, ulong cookie, int count)
        {
            Hints.Enqueue((cookie, count));
            inner.ReadDirectoryAhead(directory, cookie, count);
        }

        public Nfs3Status ReadDirectory<TVisitor>(NfsNodeId directory, ulong cookie, ref TVisitor visitor, out bool endOfDirectory)
            where TVisitor : INfsDirectoryVisitor, allows ref struct => inner.ReadDirectory(directory, cookie, ref visitor, out endOfDirectory);

        public Nfs3Status GetAttributes(NfsNodeId node, out NfsAttributes attributes) => inner.GetAttributes(node, out attributes);

        public Nfs3Status Lookup(NfsNodeId directory, string name, out NfsNodeId node) => inner.Lookup(directory, name, out node);

        public Nfs3Status Read(NfsNodeId node, long offset, Span<byte> destination, out int bytesRead, out bool endOfFile) => inner.Read(node, offset, destination, out bytesRead, out endOfFile);

        public Nfs3Status Write(NfsNodeId node, long offset, ReadOnlySpan<byte> data, NfsStableHow stable, out NfsStableHow committed) => inner.Write(node, offset, data, stable, out committed);

        public Nfs3Status Commit(NfsNodeId node) => inner.Commit(node);

        public Nfs3Status ReadLink(NfsNodeId node, out string target) => inner.ReadLink(node, out target);

        public Nfs3Status SetAttributes(NfsNodeId node, in NfsSetAttributes attributes) => inner.SetAttributes(node, attributes);

        public Nfs3Status Create(NfsNodeId directory, string name, NfsCreateMode mode, in NfsSetAttributes attributes, ulong verifier, NfsOwner owner, out NfsNodeId node) => inner.Create(directory, name, mode, attributes, verifier, owner, out node);

        public Nfs3Status MakeDirectory(NfsNodeId directory, string name, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) => inner.MakeDirectory(directory, name, attributes, owner, out node);

        public Nfs3Status MakeSymlink(NfsNodeId directory, string name, string target, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) => inner.MakeSymlink(directory, name, target, attributes, owner, out node);

        public Nfs3Status MakeNode(NfsNodeId directory, string name, NfsFileType type, uint major, uint minor, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) => inner.MakeNode(directory, name, type, major, minor, attributes, owner, out node);

        public Nfs3Status Remove(NfsNodeId directory, string name) => inner.Remove(directory, name);

        public Nfs3Status RemoveDirectory(NfsNodeId directory, string name) => inner.RemoveDirectory(directory, name);

        public Nfs3Status Rename(NfsNodeId fromDirectory, string fromName, NfsNodeId toDirectory, string toName) => inner.Rename(fromDirectory, fromName, toDirectory, toName);

        public Nfs3Status Link(NfsNodeId node, NfsNodeId directory, string name) => inner.Link(node, directory, name);

        public Nfs3Status GetStatistics(NfsNodeId node, out NfsFileSystemStatistics statistics) => inner.GetStatistics(node, out statistics);
    }
}
