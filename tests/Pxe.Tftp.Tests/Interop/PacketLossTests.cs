using Microsoft.Extensions.Options;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Interop;

/// <summary>
/// 1 % of UDP datagrams dropped at random by nftables inside a private namespace (the kernel here has no netem):
/// real clients must still receive the exact file from our server, which recovers by retransmission.
/// </summary>
[Collection("tftp-namespace")]
[Trait("Category", "Interop")]
public sealed class PacketLossTests(TftpNamespaceFixture fx) : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private NetworkNamespace _ns = null!;
    private NamespaceSocketFactory _sockets = null!;
    private TftpServer _server = null!;
    private TftpMetrics _metrics = null!;

    public async Task InitializeAsync()
    {
        _ns = await NetworkNamespace.CreateAsync("tftp");
        await _ns.ExecCheckedAsync("nft", "add", "table", "inet", "t");
        await _ns.ExecCheckedAsync("nft", "add", "chain", "inet", "t", "in", "{ type filter hook input priority 0 ; }");
        await _ns.ExecCheckedAsync("nft", "add", "rule", "inet", "t", "in", "meta", "l4proto", "udp", "numgen", "random", "mod", "100", "<", "1", "drop");
        _sockets = new NamespaceSocketFactory(_ns.Name);
        _metrics = new TftpMetrics();
        // A short retransmission timeout keeps the run quick; clients keep their own defaults.
        _server = fx.CreateServer(Options.Create(new TftpServerOptions { ListenAddress = "127.0.0.1", Port = 69, Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 10 }), _sockets, _metrics);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _server.StopAsync(stop.Token);
        _server.Dispose();
        _sockets.Dispose();
        _metrics.Dispose();
        await _ns.DisposeAsync();
    }

    [Fact]
    public async Task Rule_really_drops_packets()
    {
        PeerResult r = await _ns.ExecCheckedAsync("nft", "list", "ruleset");
        Assert.Contains("numgen random mod 100 < 1 drop", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Atftp_with_windowsize_recovers_from_loss()
    {
        string output = fx.Output("loss-atftp.bin");
        PeerResult r = await _ns.ExecAsync(Limit, "atftp", "--option", "blksize 1468", "--option", "windowsize 16", "--tftp-timeout", "1", "-g", "-r", "medium.bin", "-l", output, "127.0.0.1", "69");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal(fx.Hash("medium.bin"), TftpNamespaceFixture.HashFile(output));
    }

    [Fact]
    public async Task Busybox_recovers_from_loss()
    {
        string output = fx.Output("loss-busybox.bin");
        PeerResult r = await _ns.ExecAsync(Limit, "busybox", "tftp", "-b", "1468", "-g", "-r", "medium.bin", "-l", output, "127.0.0.1");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal(fx.Hash("medium.bin"), TftpNamespaceFixture.HashFile(output));
    }

    [Fact]
    public async Task Our_client_recovers_from_loss()
    {
        var client = new TftpClient(new TftpClientOptions { BlockSize = 1468, WindowSize = 16, Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 10 }, socketFactory: _sockets);
        using var output = new MemoryStream();
        await client.DownloadAsync(fx.EndPoint, "medium.bin", output);
        Assert.Equal(fx.Hash("medium.bin"), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(output.ToArray())));
    }
}
