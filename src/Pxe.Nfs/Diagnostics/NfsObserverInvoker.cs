using System.Net;
using Microsoft.Extensions.Logging;

namespace Pxe.Nfs;

/// <summary>
/// Calls an <see cref="INfsServerObserver"/> so that it cannot break the server: an exception is caught and logged,
/// the first at Warning with its stack, later ones at Debug. The server wraps its observer once and hands the
/// wrapper to every listener, so "the first" is the first of the whole server.
/// </summary>
internal sealed class NfsObserverInvoker : INfsServerObserver
{
    private readonly INfsServerObserver _observer;
    private readonly ILogger _logger;
    private int _faulted;

    private NfsObserverInvoker(INfsServerObserver observer, ILogger logger)
    {
        _observer = observer;
        _logger = logger;
    }

    /// <summary>An invoker for <paramref name="observer"/> (itself if it is one already), or null when there is none.</summary>
    public static NfsObserverInvoker? Create(INfsServerObserver? observer, ILogger logger) => observer switch
    {
        null => null,
        NfsObserverInvoker invoker => invoker,
        _ => new NfsObserverInvoker(observer, logger),
    };

    void INfsServerObserver.OnConnectionOpened(IPEndPoint peer) => ConnectionOpened(peer);

    void INfsServerObserver.OnConnectionClosed(IPEndPoint peer, long records, long bytesReceived, long bytesSent) => ConnectionClosed(peer, records, bytesReceived, bytesSent);

    void INfsServerObserver.OnMountGranted(IPAddress? peer, string path) => Mount(peer, path, MountStatus.Ok);

    void INfsServerObserver.OnMountRefused(IPAddress? peer, string path, MountStatus status) => Mount(peer, path, status);

    public void ConnectionOpened(IPEndPoint peer)
    {
        try
        {
            _observer.OnConnectionOpened(peer);
        }
        catch (Exception ex)
        {
            Fault(nameof(INfsServerObserver.OnConnectionOpened), ex);
        }
    }

    public void ConnectionClosed(IPEndPoint peer, long records, long bytesReceived, long bytesSent)
    {
        try
        {
            _observer.OnConnectionClosed(peer, records, bytesReceived, bytesSent);
        }
        catch (Exception ex)
        {
            Fault(nameof(INfsServerObserver.OnConnectionClosed), ex);
        }
    }

    public void Mount(IPAddress? peer, string path, MountStatus status)
    {
        try
        {
            if (status == MountStatus.Ok)
            {
                _observer.OnMountGranted(peer, path);
            }
            else
            {
                _observer.OnMountRefused(peer, path, status);
            }
        }
        catch (Exception ex)
        {
            Fault(status == MountStatus.Ok ? nameof(INfsServerObserver.OnMountGranted) : nameof(INfsServerObserver.OnMountRefused), ex);
        }
    }

    private void Fault(string method, Exception exception)
    {
        if (Interlocked.Exchange(ref _faulted, 1) == 0)
        {
            NfsLog.ObserverFailed(_logger, _observer.GetType().Name, method, exception);
        }
        else
        {
            NfsLog.ObserverFailedAgain(_logger, _observer.GetType().Name, method, exception);
        }
    }
}
