using Microsoft.Extensions.Logging;

namespace Pxe.Ipxe;

/// <summary>Source-generated log messages of Pxe.Ipxe (EventIds 4000–4999; highest id used: 4003).</summary>
internal static partial class IpxeLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "iPXE dry run line {Line}: {CommandLine}")]
    public static partial void CommandExecuted(ILogger logger, int line, string commandLine);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "iPXE dry run line {Line}: {CommandLine} failed: {Reason}")]
    public static partial void CommandFailed(ILogger logger, int line, string commandLine, string? reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "iPXE dry run ended after {Steps} commands: {Message}")]
    public static partial void RunEnded(ILogger logger, int steps, string message);
}
