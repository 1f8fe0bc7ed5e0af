using System.Net;
using System.Security.Cryptography;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Interop;

/// <summary>Our <see cref="TftpClient"/> against the reference servers, tftpd-hpa and dnsmasq, inside a namespace.</summary>
[Collection("tftp-namespace")]
[Trait("Category", "Interop")]
public sealed class ReferenceServerTests(TftpNamespaceFixture fx) : IAsyncLifetime
{
    private const string Address = "192.0.2.1";
    private NetworkNamespace _ns = null!;
    private NamespaceSocketFactory _sockets = null!;

    public async Task InitializeAsync()
    {
        _ns = await NetworkNamespace.CreateAsync("tftp");
        // tftpd-hpa resolves its address with AI_ADDRCONFIG, which fails in a loopback-only namespace.
        await _ns.AddVethPairAsync("tr0", Address + "/24", "tr1");
        _sockets = new NamespaceSocketFactory(_ns.Name);
    }

    public async Task DisposeAsync()
    {
        _sockets.Dispose();
        await _ns.DisposeAsync();
    }

    public static TheoryData<string, int, int> Cases() => new()
    {
        { "tftpd-hpa", 512, 1 },
        { "tftpd-hpa", 1468, 1 },
        { "tftpd-hpa", 65464, 4 }, // windowsize refused by tftpd-hpa: the client must fall back to 1
        { "dnsmasq", 512, 1 },
        { "dnsmasq", 1468, 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_client_downloads_from_a_reference_server(string server, int blockSize, int windowSize)
    {
        PeerProcess process = server == "tftpd-hpa"
            ? _ns.Start("/usr/sbin/in.tftpd", "-L", "-u", "root", "-s", fx.Root, "-a", Address + ":69") // -u root: the generated files may be private to root
            : _ns.Start("/usr/sbin/dnsmasq", "--no-daemon", "--port=0", "--enable-tftp", "--tftp-root=" + fx.Root, "--listen-address=" + Address, "--bind-interfaces", "--user=root", "--group=root", "--pid-file=", "--conf-file=/dev/null");
        var client = new TftpClient(new TftpClientOptions { BlockSize = blockSize, WindowSize = windowSize }, socketFactory: _sockets);
        var endPoint = new IPEndPoint(IPAddress.Parse(Address), 69);
        using var output = new MemoryStream();
        TftpDownloadResult result = default;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                output.SetLength(0);
                result = await client.DownloadAsync(endPoint, "medium.bin", output);
                break;
            }
            catch (TftpTransferException) when (attempt < 20 && !process.HasExited)
            {
                await Task.Delay(100); // the server is still starting
            }
        }

        Assert.Equal(fx.Hash("medium.bin"), Convert.ToHexString(SHA256.HashData(output.ToArray())));
        Assert.Equal(blockSize, result.BlockSize);
        Assert.Equal(1, result.WindowSize); // neither reference server here implements RFC 7440
        Assert.Equal(output.Length, result.TransferSize);

        TftpTransferException missing = await Assert.ThrowsAsync<TftpTransferException>(() => client.DownloadAsync(endPoint, "missing.bin", Stream.Null));
        Assert.Equal(TftpErrorCode.FileNotFound, missing.ErrorCode);
    }
}
