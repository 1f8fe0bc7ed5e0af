using System.Net;
using Microsoft.Extensions.Logging;

namespace Pxe.Nfs;

/// <summary>Source-generated log messages of Pxe.Nfs. EventIds 3000–3999; highest id used: 3013.</summary>
internal static partial class NfsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "NFS: serving {Programs} on {Transport} {EndPoint}")]
    public static partial void Listening(ILogger logger, string programs, string transport, EndPoint? endPoint);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "NFS: connection from {Peer}")]
    public static partial void ConnectionAccepted(ILogger logger, EndPoint? peer);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "NFS: connection from {Peer} closed after {Records} records")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint? peer, long records);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "NFS: closing connection from {Peer}: record over {MaxRecordLength} bytes or too many fragments")]
    public static partial void RecordTooLarge(ILogger logger, EndPoint? peer, int maxRecordLength);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "NFS: connection from {Peer} failed")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? peer, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "NFS: dropped an undecodable {Length}-byte message from {Peer}")]
    public static partial void Dropped(ILogger logger, int length, EndPoint? peer);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "NFS: export {Path} -> {Directory} ({Access}, squash {Squash})")]
    public static partial void Export(ILogger logger, string path, string directory, string access, NfsSquash squash);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "NFS: stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "NFS: answered a retransmitted UDP call xid {Xid} from the duplicate-request cache")]
    public static partial void DuplicateRequest(ILogger logger, uint xid);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "NFS: UDP receive loop error")]
    public static partial void UdpError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Trace, Message = "NFS: call from {Peer}: {Hex}")]
    public static partial void CallDump(ILogger logger, EndPoint? peer, string hex);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "NFS: port {Port} belongs to the system portmapper; registered {Count} mappings with it (removed again on stop)")]
    public static partial void RegisteredWithPortmapper(ILogger logger, int port, int count);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "NFS: observer {Observer}.{Method} threw; the server carries on (further failures are logged at Debug)")]
    public static partial void ObserverFailed(ILogger logger, string observer, string method, Exception exception);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "NFS: observer {Observer}.{Method} threw again")]
    public static partial void ObserverFailedAgain(ILogger logger, string observer, string method, Exception exception);
}
