using Microsoft.Extensions.Hosting;

namespace Pxe.Host.Serve;

/// <summary>
/// Marks clients that hold a TCP connection to the NFS port as having reached the root phase. Pxe.Nfs has no
/// per-client observer, so this reads the kernel's TCP table twice a second (only while NFS runs).
/// </summary>
internal sealed class NfsConnectionWatcher : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly BootProgressTracker _tracker;
    private readonly int _port;

    public NfsConnectionWatcher(BootProgressTracker tracker, int port)
    {
        _tracker = tracker;
        _port = port;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (System.Net.IPAddress peer in NeighborTable.EstablishedPeers(_port))
            {
                _tracker.OnRequest(peer, null, BootPhase.Root, "NFS root mounted", 0);
            }
        }
    }
}
