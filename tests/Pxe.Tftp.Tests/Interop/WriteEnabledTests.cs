using Microsoft.Extensions.Options;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Interop;

/// <summary>With writes enabled, tftp-hpa's put lands in the root through a temporary file; escapes stay refused.</summary>
[Collection("tftp-namespace")]
[Trait("Category", "Interop")]
public sealed class WriteEnabledTests(TftpNamespaceFixture fx) : IAsyncLifetime
{
    private TftpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = fx.CreateServer(Options.Create(new TftpServerOptions { ListenAddress = "127.0.0.1", Port = 6969, AllowWrite = true, MaxWriteSize = 100_000 }), fx.Sockets);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _server.StopAsync(stop.Token);
        _server.Dispose();
    }

    [Fact]
    public async Task Tftp_hpa_put_is_stored_and_escapes_and_oversize_are_refused()
    {
        string local = fx.Output("put-source.bin");
        byte[] content = new byte[5000];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(local, content);
        PeerResult r = await fx.ExecAsync(TimeSpan.FromSeconds(30), "tftp", "-m", "binary", "127.0.0.1", "6969", "-c", "put", local, "put-target.bin");
        Assert.True(r.ExitCode == 0, r.Output);
        string stored = Path.Combine(fx.Root, "put-target.bin");
        Assert.Equal(content, await File.ReadAllBytesAsync(stored));
        Assert.Empty(Directory.GetFiles(fx.Root, "*.tftp-tmp"));
        File.Delete(stored);

        r = await fx.ExecAsync(TimeSpan.FromSeconds(30), "tftp", "127.0.0.1", "6969", "-c", "put", local, "../escaped.bin");
        Assert.Contains("Error code 2", r.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(fx.Root)!, "escaped.bin")));

        string big = fx.Output("put-big.bin");
        await File.WriteAllBytesAsync(big, new byte[200_000]);
        r = await fx.ExecAsync(TimeSpan.FromSeconds(30), "tftp", "-m", "binary", "127.0.0.1", "6969", "-c", "put", big, "big.bin");
        Assert.Contains("Error code 3", r.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fx.Root, "big.bin")));
        Assert.Empty(Directory.GetFiles(fx.Root, "*.tftp-tmp"));
    }
}
