using Microsoft.Extensions.Logging;

namespace Pxe.Dhcp;

/// <summary>Source-generated log messages of Pxe.Dhcp. EventIds 1000–1999; highest id used: 1012.</summary>
internal static partial class DhcpLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "DHCP server listening on {Interface} ({Address}) port {Port}, mode {Mode}")]
    public static partial void Listening(ILogger logger, string @interface, string address, int port, DhcpServerMode mode);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Pool {Start}-{End} exhausted: {Count} requests dropped since the last report")]
    public static partial void PoolExhausted(ILogger logger, Ipv4Address start, Ipv4Address end, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "New-client limit of {Rate}/s reached; DISCOVER dropped")]
    public static partial void Flood(ILogger logger, int rate);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Address {Address} is held by another client; not offered")]
    public static partial void AddressConflict(ILogger logger, Ipv4Address address);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Client {Mac} declined {Address}: quarantined")]
    public static partial void Declined(ILogger logger, Ipv4Address address, HardwareAddress mac);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Dropped datagram from {Source} on {Interface}: {Reason} ({Status})")]
    public static partial void Dropped(ILogger logger, string source, string @interface, DhcpDropReason reason, DhcpParseStatus status);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Bad datagram bytes: {Hex}")]
    public static partial void BadDatagram(ILogger logger, string hex);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "{Type} for {Mac} yiaddr {Address} to {Target}:{Port}")]
    public static partial void Replied(ILogger logger, DhcpMessageType type, HardwareAddress mac, Ipv4Address address, Ipv4Address target, int port);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Sending a DHCP reply to {Target}:{Port} failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, Ipv4Address target, int port);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "The DHCP receive loop on {Interface} port {Port} failed")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string @interface, int port);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Lease journal {Path} opened: {Count} leases, {Skipped} torn or bad lines skipped")]
    public static partial void JournalOpened(ILogger logger, string path, int count, int skipped);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Persisting leases failed; ACKs of this batch are not sent")]
    public static partial void FlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "DHCP server stopped")]
    public static partial void Stopped(ILogger logger);
}
