using System.Net;
using System.Net.Sockets;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Interop;

/// <summary>Real Debian TFTP clients (curl, tftp-hpa, atftp, busybox) against our server, inside a network namespace.</summary>
[Collection("tftp-namespace")]
[Trait("Category", "Interop")]
public sealed class RealClientTests(TftpNamespaceFixture fx)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private async Task<PeerResult> Curl(string name, string output, params string[] extra)
    {
        PeerResult r = await fx.ExecAsync(Limit, "curl", ["-sS", "--fail", "-o", output, .. extra, "tftp://127.0.0.1/" + name]);
        Assert.True(r.ExitCode == 0, r.Output);
        return r;
    }

    private void AssertSame(string name, string output) => Assert.Equal(fx.Hash(name), TftpNamespaceFixture.HashFile(output));

    [Theory]
    [InlineData("small.bin")]
    [InlineData("exact512.bin")]
    [InlineData("empty.bin")]
    public async Task Curl_without_options(string name)
    {
        string output = fx.Output("curl-noopt-" + name);
        await Curl(name, output, "--tftp-no-options");
        AssertSame(name, output);
    }

    [Theory]
    [InlineData("medium.bin")]
    [InlineData("one-block.bin")]
    [InlineData("sub/nested.txt")]
    public async Task Curl_with_its_default_options(string name)
    {
        string output = fx.Output("curl-default-" + name.Replace('/', '_'));
        await Curl(name, output);
        AssertSame(name, output);
    }

    [Theory]
    [InlineData(8, "exact1468.bin")]
    [InlineData(512, "medium.bin")]
    [InlineData(1468, "medium.bin")]
    [InlineData(65464, "medium.bin")]
    [InlineData(512, "exact512.bin")]
    [InlineData(1468, "exact1468.bin")]
    public async Task Curl_with_blksize(int blockSize, string name)
    {
        string output = fx.Output($"curl-{blockSize}-{name}");
        await Curl(name, output, "--tftp-blksize", blockSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertSame(name, output);
    }

    [Fact]
    public async Task Curl_40_MiB_at_512_wraps_the_block_number()
    {
        string output = fx.Output("curl-wrap.bin");
        await Curl("wrap.bin", output, "--tftp-blksize", "512");
        Assert.Equal(TftpNamespaceFixture.WrapFileLength, new FileInfo(output).Length);
        AssertSame("wrap.bin", output);
        File.Delete(output);
    }

    [Theory]
    [InlineData("small.bin")]
    [InlineData("medium.bin")]
    public async Task Tftp_hpa_get(string name)
    {
        string output = fx.Output("hpa-" + name);
        PeerResult r = await fx.ExecAsync(Limit, "tftp", "-m", "binary", "127.0.0.1", "-c", "get", name, output);
        Assert.True(r.ExitCode == 0, r.Output);
        AssertSame(name, output);
    }

    [Fact]
    public async Task Atftp_with_tsize()
    {
        string output = fx.Output("atftp-tsize.bin");
        PeerResult r = await fx.ExecAsync(Limit, "atftp", "--verbose", "--option", "tsize 0", "-g", "-r", "medium.bin", "-l", output, "127.0.0.1", "69");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("tsize", r.Output, StringComparison.Ordinal);
        AssertSame("medium.bin", output);
    }

    [Fact]
    public async Task Atftp_with_blksize_1468_and_windowsize_16()
    {
        string output = fx.Output("atftp-window.bin");
        PeerResult r = await fx.ExecAsync(Limit, "atftp", "--verbose", "--option", "blksize 1468", "--option", "windowsize 16", "-g", "-r", "medium.bin", "-l", output, "127.0.0.1", "69");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("windowsize", r.Output, StringComparison.Ordinal);
        AssertSame("medium.bin", output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1468")]
    public async Task Busybox_tftp_get(string? blockSize)
    {
        string output = fx.Output("busybox-" + (blockSize ?? "default") + ".bin");
        string[] extra = blockSize is null ? [] : ["-b", blockSize];
        PeerResult r = await fx.ExecAsync(Limit, "busybox", ["tftp", "-g", "-r", "medium.bin", "-l", output, .. extra, "127.0.0.1"]);
        Assert.True(r.ExitCode == 0, r.Output);
        AssertSame("medium.bin", output);
    }

    [Fact]
    public async Task Thirty_two_concurrent_downloads()
    {
        Task<PeerResult>[] runs = Enumerable.Range(0, 32)
            .Select(i => fx.ExecAsync(Limit, "curl", "-sS", "--fail", "--tftp-blksize", "1468", "-o", fx.Output($"concurrent-{i}.bin"), "tftp://127.0.0.1/medium.bin"))
            .ToArray();
        PeerResult[] results = await Task.WhenAll(runs);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].ExitCode == 0, results[i].Output);
            AssertSame("medium.bin", fx.Output($"concurrent-{i}.bin"));
        }
    }

    [Fact]
    public async Task Our_client_against_our_server_with_windowsize()
    {
        var client = new TftpClient(new TftpClientOptions { BlockSize = 1468, WindowSize = 16 }, socketFactory: fx.Sockets);
        using var output = new MemoryStream();
        TftpDownloadResult result = await client.DownloadAsync(fx.EndPoint, "medium.bin", output);
        Assert.Equal(1468, result.BlockSize);
        Assert.Equal(16, result.WindowSize);
        Assert.Equal(output.Length, result.TransferSize);
        Assert.Equal(fx.Hash("medium.bin"), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(output.ToArray())));
    }

    [Fact]
    public async Task Our_client_reports_file_not_found()
    {
        var client = new TftpClient(socketFactory: fx.Sockets);
        TftpTransferException e = await Assert.ThrowsAsync<TftpTransferException>(() => client.DownloadAsync(fx.EndPoint, "missing.bin", Stream.Null));
        Assert.Equal(TftpErrorCode.FileNotFound, e.ErrorCode);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\etc\\passwd")]
    [InlineData("%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("sub/../../etc/passwd")]
    [InlineData("escape.txt")]
    public async Task Every_path_escape_is_refused_over_the_wire(string name)
    {
        var client = new TftpClient(socketFactory: fx.Sockets);
        using var output = new MemoryStream();
        TftpTransferException e = await Assert.ThrowsAsync<TftpTransferException>(() => client.DownloadAsync(fx.EndPoint, name, output));
        Assert.Equal(TftpErrorCode.AccessViolation, e.ErrorCode);
        Assert.Equal(0, output.Length);

        string local = fx.Output("hpa-escape.out");
        PeerResult r = await fx.ExecAsync(Limit, "tftp", "127.0.0.1", "-c", "get", name, local);
        Assert.Contains("Error code 2", r.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(local) && new FileInfo(local).Length > 0, r.Output);
    }

    [Fact]
    public async Task Write_requests_are_refused_by_default()
    {
        string local = fx.Output("upload.bin");
        await File.WriteAllTextAsync(local, "upload");
        PeerResult r = await fx.ExecAsync(Limit, "tftp", "127.0.0.1", "-c", "put", local, "uploaded.bin");
        Assert.Contains("Error code 2", r.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fx.Root, "uploaded.bin")));
    }

    [Fact]
    public async Task Garbage_datagrams_are_counted_and_dropped_and_the_server_keeps_serving()
    {
        long before = fx.Dropped;
        using (Socket socket = fx.Sockets.CreateUdpSocket(AddressFamily.InterNetwork))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var random = new Random(7);
            byte[][] garbage =
            [
                [],
                [0],
                [0, 3, 0, 1, 1, 2, 3],           // DATA on the request port
                [0, 4, 0, 1],                    // ACK on the request port
                [0, 9, 1, 2, 3],                 // unknown opcode
                [0, 1, (byte)'f', 0],            // RRQ without mode
                [0, 1, (byte)'f'],               // RRQ without NUL
                new byte[2000],                  // oversize
                .. Enumerable.Range(0, 40).Select(i => { byte[] b = new byte[random.Next(1, 100)]; random.NextBytes(b); return b; }),
            ];
            foreach (byte[] g in garbage)
            {
                socket.SendTo(g, fx.EndPoint);
            }
        }

        string output = fx.Output("after-garbage.bin");
        await Curl("small.bin", output);
        AssertSame("small.bin", output);
        Assert.True(fx.Dropped - before >= 8, $"dropped {fx.Dropped - before}");
    }
}
