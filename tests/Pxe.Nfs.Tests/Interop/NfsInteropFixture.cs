using System.Security.Cryptography;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Interop;

/// <summary>
/// One network namespace (prefix <c>nfs</c>) running the real <c>pxe nfs</c> command with a portmapper on 111,
/// exporting a prepared tree read-write at <c>/exp</c>. Clients run inside the namespace against 127.0.0.1.
/// </summary>
public sealed class NfsInteropFixture : IAsyncLifetime
{
    /// <summary>File sizes around page, block, XDR and transfer-size edges.</summary>
    public static readonly int[] EdgeSizes = [0, 1, 3, 4, 5, 4095, 4096, 4097, 65535, 65536, 65537, 1048575, 1048576, 1048577, 3 * 1048576 + 7];

    public const int LargeDirectoryEntries = 3000;

    public const int BigFileSize = 64 * 1024 * 1024;

    private readonly TempDirectory _temp = new();

    public NetworkNamespace Namespace { get; private set; } = null!;

    public PeerProcess Server { get; private set; } = null!;

    public string ExportDirectory => Path.Combine(_temp.Path, "export");

    public string ScratchDirectory => Path.Combine(_temp.Path, "scratch");

    public Dictionary<string, string> Hashes { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ExportDirectory);
        Directory.CreateDirectory(ScratchDirectory);
        File.SetUnixFileMode(_temp.Path, (UnixFileMode)0b111_101_101);
        var random = new Random(1813);
        Directory.CreateDirectory(Path.Combine(ExportDirectory, "edge", "deeper", "deepest"));
        foreach (int size in EdgeSizes)
        {
            byte[] data = new byte[size];
            random.NextBytes(data);
            string rel = size % 2 == 0 ? $"edge/size-{size}" : $"edge/deeper/size-{size}";
            File.WriteAllBytes(Path.Combine(ExportDirectory, rel), data);
            Hashes[rel] = Convert.ToHexString(SHA256.HashData(data));
        }

        File.WriteAllText(Path.Combine(ExportDirectory, "edge", "deeper", "deepest", "hello.txt"), "hello from pxe nfs\n");
        Directory.CreateDirectory(Path.Combine(ExportDirectory, "many"));
        for (int i = 0; i < LargeDirectoryEntries; i++)
        {
            File.WriteAllBytes(Path.Combine(ExportDirectory, "many", $"f{i:D4}"), []);
        }

        byte[] big = new byte[BigFileSize];
        random.NextBytes(big);
        File.WriteAllBytes(Path.Combine(ExportDirectory, "big.bin"), big);
        Hashes["big.bin"] = Convert.ToHexString(SHA256.HashData(big));
        File.CreateSymbolicLink(Path.Combine(ExportDirectory, "passwd-link"), "/etc/passwd");
        Directory.CreateDirectory(Path.Combine(ExportDirectory, "upload"));

        Namespace = await NetworkNamespace.CreateAsync("nfs");
        Server = Namespace.Start("dotnet", Repo.PxeDll, "nfs", "--export", ExportDirectory + "=/exp", "--read-write", "--no-root-squash");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Server.StandardOutputSoFar.Contains("portmap", StringComparison.Ordinal))
        {
            Assert.False(Server.HasExited, "pxe nfs exited: " + Server.StandardOutputSoFar + Server.StandardErrorSoFar);
            Assert.True(DateTime.UtcNow < deadline, "pxe nfs did not start: " + Server.StandardOutputSoFar + Server.StandardErrorSoFar);
            await Task.Delay(100);
        }
    }

    public Task<PeerResult> RunAsync(TimeSpan timeout, string tool, params string[] args) => Namespace.ExecAsync(timeout, tool, args);

    public async Task DisposeAsync()
    {
        await Namespace.DisposeAsync();
        _temp.Dispose();
    }
}
