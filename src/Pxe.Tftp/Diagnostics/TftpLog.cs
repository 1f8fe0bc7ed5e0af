using System.Net;
using Microsoft.Extensions.Logging;

namespace Pxe.Tftp;

/// <summary>Source-generated log messages of the TFTP server. EventId block 2000–2999; highest id used: 2012.</summary>
internal static partial class TftpLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "TFTP server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "{Direction} request for '{FileName}' from {Remote}")]
    public static partial void RequestReceived(ILogger logger, string direction, string fileName, IPEndPoint remote);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Sent '{FileName}' to {Remote}: {Bytes} bytes, blksize {BlockSize}, windowsize {WindowSize}, {Retransmits} retransmits")]
    public static partial void ReadCompleted(ILogger logger, string fileName, IPEndPoint remote, long bytes, int blockSize, int windowSize, long retransmits);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Received '{FileName}' from {Remote}: {Bytes} bytes")]
    public static partial void WriteCompleted(ILogger logger, string fileName, IPEndPoint remote, long bytes);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Client {Remote} aborted '{FileName}' after the OACK (tsize probe)")]
    public static partial void SizeProbe(ILogger logger, IPEndPoint remote, string fileName);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Transfer of '{FileName}' with {Remote} failed: {Outcome} ({Reason})")]
    public static partial void TransferFailed(ILogger logger, string fileName, IPEndPoint remote, TftpTransferOutcome outcome, string? reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Refused '{FileName}' from {Remote}: {ErrorCode} {Message}")]
    public static partial void Refused(ILogger logger, string fileName, IPEndPoint remote, TftpErrorCode errorCode, string? message);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Dropped a {Length}-byte datagram on the request port: {Status}")]
    public static partial void DroppedDatagram(ILogger logger, int length, TftpParseStatus status);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Refused a request from {Remote}: {Active} transfers are running (limit {Limit})")]
    public static partial void TooManyTransfers(ILogger logger, IPEndPoint remote, int active, int limit);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Transfer with {Remote} crashed")]
    public static partial void TransferCrashed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Receive error on the request socket")]
    public static partial void ReceiveError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Transfer observer {Observer}.{Method} threw; the server carries on (further failures are logged at Debug)")]
    public static partial void ObserverFailed(ILogger logger, string observer, string method, Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Transfer observer {Observer}.{Method} threw again")]
    public static partial void ObserverFailedAgain(ILogger logger, string observer, string method, Exception exception);
}
