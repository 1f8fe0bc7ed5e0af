using System.Net;
using Microsoft.Extensions.Options;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests;

/// <summary>An in-process <see cref="NfsServer"/> on 127.0.0.1 with free ports (no portmapper), stopped on disposal.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly NfsServer _server;

    private TestServer(NfsServer server, NfsServerOptions options)
    {
        _server = server;
        Options = options;
    }

    public NfsServerOptions Options { get; }

    public NfsServer Server => _server;

    public IPEndPoint EndPoint => new(IPAddress.Loopback, _server.NfsPort);

    public IPEndPoint UdpEndPoint => new(IPAddress.Loopback, _server.NfsUdpPort);

    public static async Task<TestServer> StartAsync(Action<NfsServerOptions> configure, INfsFileSystemProvider? provider = null, INfsServerObserver? observer = null, Microsoft.Extensions.Logging.ILogger<NfsServer>? logger = null)
    {
        var options = new NfsServerOptions { ListenAddress = "127.0.0.1", Port = 0, EnablePortmap = false, HandleSecret = "test-secret" };
        configure(options);
        var server = new NfsServer(Microsoft.Extensions.Options.Options.Create(options), logger, null, provider, observer);
        await server.StartAsync(CancellationToken.None);
        await server.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        return new TestServer(server, options);
    }

    /// <summary>A server exporting one in-memory file system at /mem.</summary>
    public static Task<TestServer> StartInMemoryAsync(InMemoryFileSystem fs, bool readOnly = false, NfsSquash squash = NfsSquash.None, INfsServerObserver? observer = null, Microsoft.Extensions.Logging.ILogger<NfsServer>? logger = null) =>
        StartAsync(o => o.Exports.Add(new NfsExport("/unused", "/mem") { ReadOnly = readOnly, Squash = squash }), new FixedProvider(fs), observer, logger);

    /// <summary>A server exporting <paramref name="directory"/> at /local.</summary>
    public static Task<TestServer> StartLocalAsync(string directory, bool readOnly = false, NfsSquash squash = NfsSquash.None) =>
        StartAsync(o => o.Exports.Add(new NfsExport(directory, "/local") { ReadOnly = readOnly, Squash = squash }));

    public async Task<(Nfs3Client Client, byte[] Root)> ConnectAndMountAsync(string path)
    {
        Nfs3Client client = await Nfs3Client.ConnectAsync(EndPoint);
        (MountStatus status, byte[] root) = await client.MountAsync(path);
        Assert.Equal(MountStatus.Ok, status);
        return (client, root);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _server.StopAsync(cts.Token);
        _server.Dispose();
    }

    private sealed class FixedProvider(INfsFileSystem fs) : INfsFileSystemProvider
    {
        public INfsFileSystem? Create(NfsExport export) => fs;
    }
}

/// <summary>A temporary directory, deleted on disposal.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("pxe-nfs-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Finds the repository and the built <c>pxe</c> host.</summary>
internal static class Repo
{
    public static string Root => Repository.Root;

    /// <summary>The built pxe.dll (see <see cref="Repository.PxeHostDll"/>).</summary>
    public static string PxeDll => Repository.PxeHostDll;
}
