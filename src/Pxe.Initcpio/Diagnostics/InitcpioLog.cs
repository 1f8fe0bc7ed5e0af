using Microsoft.Extensions.Logging;

namespace Pxe.Initcpio;

/// <summary>Source-generated log messages of Pxe.Initcpio: EventIds 5000-5999 (highest used: 5001).</summary>
internal static partial class InitcpioLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Initcpio: image built (kernel {KernelVersion}, {ModuleCount} modules, hooks [{Hooks}], {EntryCount} entries, {Length} bytes)")]
    public static partial void ImageBuilt(ILogger logger, string? kernelVersion, int moduleCount, string hooks, int entryCount, long length);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Initcpio: building the image failed")]
    public static partial void ImageFailed(ILogger logger, Exception exception);
}
