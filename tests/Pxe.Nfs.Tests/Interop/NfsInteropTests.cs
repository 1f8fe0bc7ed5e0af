using System.Security.Cryptography;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Interop;

/// <summary>Real peers we did not write (rpcinfo, showmount, libnfs) against <c>pxe nfs</c> in a namespace.</summary>
[Trait("Category", "Interop")]
public sealed class NfsInteropTests : IClassFixture<NfsInteropFixture>
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);
    private readonly NfsInteropFixture _f;

    public NfsInteropTests(NfsInteropFixture fixture)
    {
        _f = fixture;
    }

    private static string Url(string path) => $"nfs://127.0.0.1/exp/{path}?version=3";

    [Fact]
    public async Task Rpcinfo_lists_portmapper_mount_and_nfs()
    {
        PeerResult r = await _f.RunAsync(Short, "rpcinfo", "-p", "127.0.0.1");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Matches(@"100000\s+2\s+tcp\s+111\s+portmapper", r.StandardOutput);
        Assert.Matches(@"100003\s+3\s+tcp\s+2049\s+nfs", r.StandardOutput);
        Assert.Matches(@"100003\s+3\s+udp\s+2049\s+nfs", r.StandardOutput);
        Assert.Matches(@"100005\s+3\s+tcp\s+2049\s+mountd", r.StandardOutput);

        // NULL over both transports, and a clean "not available" for a program we do not serve
        Assert.Equal(0, (await _f.RunAsync(Short, "rpcinfo", "-T", "tcp", "127.0.0.1", "100003", "3")).ExitCode);
        Assert.Equal(0, (await _f.RunAsync(Short, "rpcinfo", "-T", "udp", "127.0.0.1", "100005", "3")).ExitCode);
        PeerResult v2 = await _f.RunAsync(Short, "rpcinfo", "-T", "tcp", "127.0.0.1", "100003", "2");
        Assert.NotEqual(0, v2.ExitCode); // only v3 is registered (PROG_MISMATCH itself is covered by the dispatcher tests)
        PeerResult unknown = await _f.RunAsync(Short, "rpcinfo", "-T", "tcp", "127.0.0.1", "100099", "1");
        Assert.NotEqual(0, unknown.ExitCode);
    }

    [Fact]
    public async Task Showmount_lists_the_export()
    {
        PeerResult r = await _f.RunAsync(Short, "showmount", "-e", "127.0.0.1");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("/exp", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nfs_ls_recursive_shows_every_edge_size_file_with_its_size()
    {
        PeerResult r = await _f.RunAsync(Long, "nfs-ls", "-R", Url("edge"));
        Assert.True(r.ExitCode == 0, r.Output);
        foreach (int size in NfsInteropFixture.EdgeSizes)
        {
            Assert.Matches($@"\s{size}\s+(deeper/)?size-{size}\n", r.StandardOutput);
        }

        Assert.Contains("deeper/deepest/hello.txt", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nfs_cat_reads_a_text_file()
    {
        PeerResult r = await _f.RunAsync(Short, "nfs-cat", Url("edge/deeper/deepest/hello.txt"));
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal("hello from pxe nfs\n", r.StandardOutput);
    }

    [Fact]
    public async Task Nfs_cp_downloads_and_uploads_every_edge_size_file()
    {
        foreach ((string rel, string hash) in _f.Hashes.Where(h => h.Key.StartsWith("edge/", StringComparison.Ordinal)))
        {
            string local = Path.Combine(_f.ScratchDirectory, "dl-" + Path.GetFileName(rel));
            PeerResult down = await _f.RunAsync(Long, "nfs-cp", Url(rel), local);
            Assert.True(down.ExitCode == 0, down.Output);
            Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(local))));

            PeerResult up = await _f.RunAsync(Long, "nfs-cp", local, Url("upload/" + Path.GetFileName(rel)));
            Assert.True(up.ExitCode == 0, up.Output);
            Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(_f.ExportDirectory, "upload", Path.GetFileName(rel))))));
        }
    }

    [Fact]
    public async Task A_64_MiB_file_round_trips()
    {
        string local = Path.Combine(_f.ScratchDirectory, "big-down.bin");
        PeerResult down = await _f.RunAsync(Long, "nfs-cp", Url("big.bin"), local);
        Assert.True(down.ExitCode == 0, down.Output);
        Assert.Equal(_f.Hashes["big.bin"], Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(local))));
        PeerResult up = await _f.RunAsync(Long, "nfs-cp", local, Url("upload/big-up.bin"));
        Assert.True(up.ExitCode == 0, up.Output);
        Assert.Equal(_f.Hashes["big.bin"], Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(_f.ExportDirectory, "upload", "big-up.bin")))));
        File.Delete(local);
    }

    [Fact]
    public async Task A_3000_entry_directory_is_listed_exactly_once_each()
    {
        PeerResult r = await _f.RunAsync(Long, "nfs-ls", Url("many"));
        Assert.True(r.ExitCode == 0, r.Output);
        string[] names = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])
            .Where(n => n is not "." and not "..")
            .ToArray();
        Assert.Equal(NfsInteropFixture.LargeDirectoryEntries, names.Length);
        Assert.Equal(NfsInteropFixture.LargeDirectoryEntries, names.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, NfsInteropFixture.LargeDirectoryEntries).Select(i => $"f{i:D4}").Order(), names.Order());
    }

    [Fact]
    public async Task Twelve_concurrent_readers_all_get_the_right_bytes()
    {
        const int Readers = 12;
        string rel = "edge/deeper/size-" + (3 * 1048576 + 7);
        Task<PeerResult>[] runs = Enumerable.Range(0, Readers)
            .Select(i => _f.RunAsync(Long, "nfs-cp", Url(rel), Path.Combine(_f.ScratchDirectory, $"reader-{i}")))
            .ToArray();
        PeerResult[] results = await Task.WhenAll(runs);
        for (int i = 0; i < Readers; i++)
        {
            Assert.True(results[i].ExitCode == 0, results[i].Output);
            Assert.Equal(_f.Hashes[rel], Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(_f.ScratchDirectory, $"reader-{i}")))));
        }
    }

    [Fact]
    public async Task Escapes_are_refused()
    {
        string passwd = await File.ReadAllTextAsync("/etc/passwd");
        string firstLine = passwd.Split('\n')[0];

        // a symlink to /etc/passwd is data: reading through it never yields the server's /etc/passwd
        PeerResult link = await _f.RunAsync(Short, "nfs-cat", Url("passwd-link"));
        Assert.DoesNotContain(firstLine, link.StandardOutput, StringComparison.Ordinal);

        // ".." above the export and unexported paths cannot be mounted
        foreach (string url in new[] { "nfs://127.0.0.1/exp/../etc/passwd?version=3", "nfs://127.0.0.1/etc/passwd?version=3", "nfs://127.0.0.1/?version=3" })
        {
            PeerResult r = await _f.RunAsync(Short, "nfs-cat", url);
            Assert.NotEqual(0, r.ExitCode);
            Assert.DoesNotContain(firstLine, r.StandardOutput, StringComparison.Ordinal);
        }

        PeerResult ls = await _f.RunAsync(Short, "nfs-ls", "nfs://127.0.0.1/tmp?version=3");
        Assert.NotEqual(0, ls.ExitCode);
        Assert.Contains("MNT3ERR_ACCES", ls.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_to_the_real_server_does_not_hurt_the_next_client()
    {
        // a 2 GiB record mark, an unknown program and a random record, sent with bash's /dev/tcp
        string script = "exec 3<>/dev/tcp/127.0.0.1/2049; printf '\\xff\\xff\\xff\\xff\\x00\\x00' >&3; sleep 0.2; exec 3>&-;"
            + "exec 4<>/dev/tcp/127.0.0.1/2049; head -c 4000 /dev/urandom >&4; exec 4>&-;"
            + "exec 5<>/dev/tcp/127.0.0.1/111; printf '\\x80\\x00\\x00\\x04abcd' >&5; sleep 0.2; exec 5>&-";
        await _f.RunAsync(Short, "bash", "-c", script);
        PeerResult r = await _f.RunAsync(Short, "nfs-cat", Url("edge/deeper/deepest/hello.txt"));
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.False(_f.Server.HasExited);
    }
}
