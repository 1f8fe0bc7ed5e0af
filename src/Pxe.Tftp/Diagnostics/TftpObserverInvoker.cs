using Microsoft.Extensions.Logging;

namespace Pxe.Tftp;

/// <summary>
/// Calls an <see cref="ITftpTransferObserver"/> so that it cannot break the server: an exception is caught and
/// logged, the first at Warning with its stack, later ones at Debug.
/// </summary>
internal sealed class TftpObserverInvoker
{
    private readonly ITftpTransferObserver _observer;
    private readonly ILogger _logger;
    private int _faulted;

    private TftpObserverInvoker(ITftpTransferObserver observer, ILogger logger)
    {
        _observer = observer;
        _logger = logger;
    }

    /// <summary>An invoker for <paramref name="observer"/>, or null when there is none (callers test for null).</summary>
    public static TftpObserverInvoker? Create(ITftpTransferObserver? observer, ILogger logger) =>
        observer is null ? null : new TftpObserverInvoker(observer, logger);

    public void Started(TftpRequestContext request, bool isWrite, long? size)
    {
        try
        {
            _observer.OnTransferStarted(request, isWrite, size);
        }
        catch (Exception ex)
        {
            Fault(nameof(ITftpTransferObserver.OnTransferStarted), ex);
        }
    }

    /// <summary>Reports the end: completed for <see cref="TftpTransferOutcome.Completed"/>, failed otherwise.</summary>
    public void Ended(TftpRequestContext request, bool isWrite, TftpTransferOutcome outcome, string? reason, long bytes, TimeSpan duration)
    {
        try
        {
            if (outcome == TftpTransferOutcome.Completed)
            {
                _observer.OnTransferCompleted(request, isWrite, bytes, duration);
            }
            else
            {
                _observer.OnTransferFailed(request, isWrite, outcome, reason, bytes, duration);
            }
        }
        catch (Exception ex)
        {
            Fault(outcome == TftpTransferOutcome.Completed ? nameof(ITftpTransferObserver.OnTransferCompleted) : nameof(ITftpTransferObserver.OnTransferFailed), ex);
        }
    }

    public void Refused(TftpRequestContext request, bool isWrite, TftpErrorCode errorCode, string? message)
    {
        try
        {
            _observer.OnRequestRefused(request, isWrite, errorCode, message);
        }
        catch (Exception ex)
        {
            Fault(nameof(ITftpTransferObserver.OnRequestRefused), ex);
        }
    }

    private void Fault(string method, Exception exception)
    {
        if (Interlocked.Exchange(ref _faulted, 1) == 0)
        {
            TftpLog.ObserverFailed(_logger, _observer.GetType().Name, method, exception);
        }
        else
        {
            TftpLog.ObserverFailedAgain(_logger, _observer.GetType().Name, method, exception);
        }
    }
}
