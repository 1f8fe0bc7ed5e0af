using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Pxe.Host.Serve;
using Pxe.Nfs;
using Pxe.Tftp;

namespace Pxe.Host.Tests;

/// <summary>
/// <c>pxe serve</c>'s progress comes from the libraries' observers: a TFTP download (TftpClient) and an NFS mount
/// (Nfs3Client) against the real servers on loopback move the client to Kernel and then Root with their bytes.
/// </summary>
public sealed class ServeProgressObserverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tftp_and_nfs_observers_move_the_client_through_kernel_to_root_with_bytes()
    {
        string export = Directory.CreateTempSubdirectory("pxe-host-nfs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(export, "init"), "#!/bin/sh\n");
            await using ServeFixture serve = await ServeFixture.StartAsync(
                $"Pxe:Nfs:Exports:0:Directory={export}",
                "Pxe:Nfs:Exports:0:Path=/srv/root",
                "Pxe:Nfs:ListenAddress=127.0.0.1",
                "Pxe:Nfs:Port=0",
                "Pxe:Nfs:EnablePortmap=false",
                "Pxe:Nfs:EnableUdp=false");
            BootProgressTracker tracker = serve.App.Services.GetRequiredService<BootProgressTracker>();
            NfsServer nfs = serve.App.Services.GetRequiredService<NfsServer>();
            await nfs.Ready.WaitAsync(Bound);

            using var kernel = new MemoryStream();
            await new TftpClient().DownloadAsync(new IPEndPoint(IPAddress.Loopback, serve.TftpPort), "vmlinuz-test", kernel).WaitAsync(Bound);
            Assert.Equal(300_000, kernel.Length);
            ClientSnapshot afterTftp = await WaitForAsync(tracker, c => c.Bytes == 300_000);
            Assert.Equal("Kernel", afterTftp.Phase);
            Assert.Equal("TFTP vmlinuz-test", afterTftp.Detail);

            await using (Nfs3Client client = await Nfs3Client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, nfs.NfsPort)))
            {
                client.CallTimeout = Bound;
                (MountStatus status, byte[] root) = await client.MountAsync("/srv/root");
                Assert.Equal(MountStatus.Ok, status);
                Assert.Equal(Nfs3Status.Ok, (await client.GetAttributesAsync(root)).Status);
                ClientSnapshot mounted = await WaitForAsync(tracker, c => c.Phase == "Root");
                Assert.Equal("NFS mount /srv/root", mounted.Detail);
            }

            ClientSnapshot done = await WaitForAsync(tracker, c => c.Detail == "NFS done (2 calls)");
            Assert.Equal("Root", done.Phase);
            Assert.True(done.Bytes > 300_000, $"NFS bytes added to {done.Bytes}");
            Assert.Equal(["Kernel", "Root"], done.PhaseSeconds.Keys.Order());
        }
        finally
        {
            Directory.Delete(export, recursive: true);
        }
    }

    private static async Task<ClientSnapshot> WaitForAsync(BootProgressTracker tracker, Func<ClientSnapshot, bool> condition)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (true)
        {
            if (tracker.Snapshot().SingleOrDefault(c => c.Address == "127.0.0.1") is { } c && condition(c))
            {
                return c;
            }

            await Task.Delay(20, cts.Token);
        }
    }
}
