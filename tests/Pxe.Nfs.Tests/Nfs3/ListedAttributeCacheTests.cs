using Pxe.Nfs;

namespace Pxe.Nfs.Tests.Nfs3;

/// <summary>
/// READDIRPLUS reuses the attributes it read for an entry (like nfs-ganesha's MDCACHE): changes made through NFS show
/// at once, changes made behind the server's back show after the lifetime, and a lifetime of zero caches nothing.
/// </summary>
public class ListedAttributeCacheTests
{
    private static async Task<ulong> ListedSizeAsync(Nfs3Client client, byte[] directory, string name)
    {
        (Nfs3Status status, IReadOnlyList<Nfs3DirectoryEntry> entries, _) = await client.ReadDirectoryPlusAsync(directory);
        Assert.Equal(Nfs3Status.Ok, status);
        return entries.Single(e => e.Name == name).Attributes!.Value.Size;
    }

    /// <summary>A read-write export of <paramref name="directory"/> at /local whose listings keep attributes for <paramref name="lifetime"/>.</summary>
    private static Task<TestServer> StartAsync(string directory, TimeSpan lifetime) => TestServer.StartAsync(o =>
    {
        o.Exports.Add(new NfsExport(directory, "/local") { ReadOnly = false, Squash = NfsSquash.None });
        o.AttributeCacheLifetime = lifetime;
    });

    [Fact]
    public async Task Changes_through_nfs_show_at_once_and_changes_behind_its_back_after_the_lifetime()
    {
        using var temp = new TempDirectory();
        string file = Path.Combine(temp.Path, "kernel");
        File.WriteAllBytes(file, new byte[100]);
        await using TestServer server = await StartAsync(temp.Path, TimeSpan.FromSeconds(2));
        (Nfs3Client client, byte[] root) = await server.ConnectAndMountAsync("/local");
        await using (client)
        {
            Assert.Equal(100UL, await ListedSizeAsync(client, root, "kernel"));

            // Behind the server's back: the listing still shows what it read (GETATTR reads the disk).
            File.WriteAllBytes(file, new byte[200]);
            Assert.Equal(100UL, await ListedSizeAsync(client, root, "kernel"));
            (Nfs3Status ls, byte[] handle, _) = await client.LookupAsync(root, "kernel");
            Assert.Equal(Nfs3Status.Ok, ls);
            Assert.Equal(200UL, (await client.GetAttributesAsync(handle)).Attributes.Size);

            // Through NFS: a WRITE forgets the node at once.
            (Nfs3Status ws, _, _, _) = await client.WriteAsync(handle, 200, new byte[50], NfsStableHow.FileSync);
            Assert.Equal(Nfs3Status.Ok, ws);
            Assert.Equal(250UL, await ListedSizeAsync(client, root, "kernel"));

            // Behind its back again, then a change to the name space through NFS forgets everything.
            File.WriteAllBytes(file, new byte[300]);
            Assert.Equal(250UL, await ListedSizeAsync(client, root, "kernel"));
            Assert.Equal(Nfs3Status.Ok, (await client.CreateAsync(root, "initrd", NfsCreateMode.Guarded)).Status);
            Assert.Equal(300UL, await ListedSizeAsync(client, root, "kernel"));

            // And once the lifetime has passed, what changed on the disk shows by itself.
            File.WriteAllBytes(file, new byte[400]);
            Assert.Equal(300UL, await ListedSizeAsync(client, root, "kernel"));
            await Task.Delay(TimeSpan.FromSeconds(2.2));
            Assert.Equal(400UL, await ListedSizeAsync(client, root, "kernel"));
        }
    }

    [Fact]
    public async Task A_lifetime_of_zero_reads_every_entry_from_the_disk()
    {
        using var temp = new TempDirectory();
        string file = Path.Combine(temp.Path, "kernel");
        File.WriteAllBytes(file, new byte[100]);
        await using TestServer server = await StartAsync(temp.Path, TimeSpan.Zero);
        (Nfs3Client client, byte[] root) = await server.ConnectAndMountAsync("/local");
        await using (client)
        {
            Assert.Equal(100UL, await ListedSizeAsync(client, root, "kernel"));
            File.WriteAllBytes(file, new byte[200]);
            Assert.Equal(200UL, await ListedSizeAsync(client, root, "kernel"));
        }
    }

    [Fact]
    public async Task A_negative_lifetime_is_refused()
    {
        using var temp = new TempDirectory();
        await Assert.ThrowsAnyAsync<Exception>(() => TestServer.StartAsync(o =>
        {
            o.Exports.Add(new NfsExport(temp.Path, "/local") { ReadOnly = false, Squash = NfsSquash.None });
            o.AttributeCacheLifetime = TimeSpan.FromSeconds(-1);
        }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalFileSystem(temp.Path, readOnly: false, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Attributes_read_while_a_change_was_reported_are_not_kept()
    {
        var cache = new DirectoryAttributeCache(TimeSpan.FromMinutes(1));
        var kernel = new NfsNodeId(1, 10);
        var initrd = new NfsNodeId(1, 11);
        var attributes = new NfsAttributes { Type = NfsFileType.Regular, Size = 100, FileId = 10 };

        long before = cache.ChangeCount;
        cache.Store(kernel, attributes, before);
        Assert.True(cache.TryGet(kernel, out NfsAttributes kept));
        Assert.Equal(100UL, kept.Size);

        // A read that began before a write to another node finished is dropped: it may predate a change.
        before = cache.ChangeCount;
        cache.Forget(initrd);
        cache.Store(initrd, attributes, before);
        Assert.False(cache.TryGet(initrd, out _));

        // A change to the name space makes every kept entry stale.
        cache.ForgetAll();
        Assert.False(cache.TryGet(kernel, out _));
        cache.Store(kernel, attributes, cache.ChangeCount);
        Assert.True(cache.TryGet(kernel, out _));
        cache.Forget(kernel);
        Assert.False(cache.TryGet(kernel, out _));
    }

    [Fact]
    public async Task Concurrent_stores_and_reads_of_one_node_never_show_a_torn_entry()
    {
        // Entries are written in place: a reader must see one whole store or a miss, never fields of two stores. The
        // reader runs first on a thread of its own, and the writers go on until it has seen enough (or 20 s pass), so
        // a busy machine that starts the threads late cannot make the race vanish.
        var cache = new DirectoryAttributeCache(TimeSpan.FromMinutes(1));
        var node = new NfsNodeId(1, 10);
        const long WantedHits = 100_000;
        long hits = 0;
        long torn = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var readerRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var done = new CancellationTokenSource();
        Task reader = Task.Factory.StartNew(() =>
        {
            readerRunning.SetResult();
            while (!done.IsCancellationRequested)
            {
                if (cache.TryGet(node, out NfsAttributes a))
                {
                    Interlocked.Increment(ref hits);
                    if (a.FileId != a.Size || a.Mode != a.Size || a.Uid != a.Size || a.LinkCount != a.Size)
                    {
                        torn++;
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await readerRunning.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Task[] writers = [.. Enumerable.Range(0, 2).Select(w => Task.Factory.StartNew(() =>
        {
            for (uint k = 1; Interlocked.Read(ref hits) < WantedHits && clock.Elapsed < TimeSpan.FromSeconds(20); k++)
            {
                uint v = (k * 2) + (uint)w;
                cache.Store(node, new NfsAttributes { Size = v, FileId = v, Mode = v, Uid = v, LinkCount = v }, cache.ChangeCount);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        done.Cancel();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, torn);
        Assert.True(Interlocked.Read(ref hits) > 0, "the reader never found an entry");
        cache.Store(node, new NfsAttributes { Size = 7 }, cache.ChangeCount);
        Assert.True(cache.TryGet(node, out NfsAttributes last));
        Assert.Equal(7UL, last.Size);
    }

    [Fact]
    public void A_cache_with_no_lifetime_keeps_nothing()
    {
        var cache = new DirectoryAttributeCache(TimeSpan.Zero);
        cache.Store(new NfsNodeId(1, 10), new NfsAttributes { Size = 1 }, cache.ChangeCount);
        Assert.False(cache.TryGet(new NfsNodeId(1, 10), out _));
    }
}
