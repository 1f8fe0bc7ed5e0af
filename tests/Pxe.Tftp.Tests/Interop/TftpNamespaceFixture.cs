using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Interop;

/// <summary>
/// A network namespace (prefix <c>tftp</c>, loopback only) with our server listening on 127.0.0.1:69 inside it,
/// serving a directory of generated files. Real clients run inside the namespace with <c>ip netns exec</c>.
/// </summary>
public sealed class TftpNamespaceFixture : IAsyncLifetime
{
    public const int WrapFileLength = 40 * 1024 * 1024;

    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private MeterListener? _listener;
    private long _dropped;

    public NetworkNamespace Namespace { get; private set; } = null!;

    public string Root { get; } = Directory.CreateTempSubdirectory("pxe-tftp-root-").FullName;

    public string Work { get; } = Directory.CreateTempSubdirectory("pxe-tftp-out-").FullName;

    public TftpServer Server { get; private set; } = null!;

    internal NamespaceSocketFactory Sockets { get; private set; } = null!;

    public TftpMetrics Metrics { get; } = new();

    public long Dropped => Interlocked.Read(ref _dropped);

    public IPEndPoint EndPoint => new(IPAddress.Loopback, 69);

    public string Hash(string name) => _hashes[name];

    public static string HashFile(string path)
    {
        using FileStream s = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(s));
    }

    public async Task InitializeAsync()
    {
        Write("small.bin", 1000);
        Write("exact512.bin", 512 * 8);
        Write("exact1468.bin", 1468 * 5);
        Write("one-block.bin", 100);
        Write("empty.bin", 0);
        Write("medium.bin", 3 * 1024 * 1024 + 17);
        Write("wrap.bin", WrapFileLength);
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        File.WriteAllText(Path.Combine(Root, "sub", "nested.txt"), "nested\n");
        _hashes["sub/nested.txt"] = HashFile(Path.Combine(Root, "sub", "nested.txt"));
        string outside = Path.Combine(Path.GetDirectoryName(Root)!, Path.GetFileName(Root) + "-outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(Root, "escape.txt"), Path.Combine(outside, "secret.txt"));

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TftpMetrics.MeterName && instrument.Name == "pxe.tftp.dropped")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _dropped, value));
        _listener.Start();

        Namespace = await NetworkNamespace.CreateAsync("tftp");
        Sockets = new NamespaceSocketFactory(Namespace.Name);
        Server = CreateServer(Options.Create(new TftpServerOptions { ListenAddress = "127.0.0.1", Port = 69, MaxBlockSize = TftpLimits.MaxBlockSize }), Sockets, Metrics);
        await Server.StartAsync(CancellationToken.None);
    }

    internal TftpServer CreateServer(IOptions<TftpServerOptions> options, TftpSocketFactory sockets, TftpMetrics? metrics = null) =>
        new(options, new DirectoryTftpFileProvider(Root, new DirectoryTftpFileProviderOptions { AllowWrite = options.Value.AllowWrite, MaxWriteSize = options.Value.MaxWriteSize }), null, metrics, null, sockets);

    public async Task DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Server.StopAsync(stop.Token);
        Server.Dispose();
        Sockets.Dispose();
        await Namespace.DisposeAsync();
        _listener?.Dispose();
        Metrics.Dispose();
        Directory.Delete(Root, true);
        Directory.Delete(Root + "-outside", true);
        Directory.Delete(Work, true);
    }

    /// <summary>Runs a command in the namespace.</summary>
    public Task<PeerResult> ExecAsync(TimeSpan timeout, string file, params string[] args) => Namespace.ExecAsync(timeout, file, args);

    public string Output(string name) => Path.Combine(Work, name);

    private void Write(string name, int length)
    {
        byte[] content = new byte[length];
        new Random(length).NextBytes(content);
        File.WriteAllBytes(Path.Combine(Root, name), content);
        _hashes[name] = Convert.ToHexString(SHA256.HashData(content));
    }
}

[CollectionDefinition("tftp-namespace")]
public sealed class TftpNamespaceCollection : ICollectionFixture<TftpNamespaceFixture>
{
}
