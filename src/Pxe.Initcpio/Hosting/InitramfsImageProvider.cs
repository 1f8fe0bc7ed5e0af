using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pxe.Initcpio;

/// <summary>
/// Builds the configured initramfs once, on first use, and hands out its bytes (for a TFTP or HTTP server to serve).
/// Thread-safe; a failed build is retried on the next call.
/// </summary>
public sealed class InitramfsImageProvider : IDisposable
{
    private readonly IOptions<InitcpioOptions> _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReadOnlyMemory<byte>? _image;

    /// <summary>Creates the provider.</summary>
    public InitramfsImageProvider(IOptions<InitcpioOptions> options, ILogger<InitramfsImageProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Releases the build lock.</summary>
    public void Dispose() => _gate.Dispose();

    /// <summary>The image bytes, built on the first call.</summary>
    /// <exception cref="InitcpioException">The image cannot be built (a module, file or busybox is missing).</exception>
    public async ValueTask<ReadOnlyMemory<byte>> GetImageAsync(CancellationToken cancellationToken = default)
    {
        if (_image is ReadOnlyMemory<byte> ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_image is ReadOnlyMemory<byte> built)
            {
                return built;
            }

            InitcpioOptions o = _options.Value;
            var builder = new InitramfsBuilder
            {
                KernelRoot = o.KernelRoot,
                KernelVersion = o.KernelVersion,
                BusyboxPath = o.BusyboxPath,
                Compression = o.Compression,
                ModificationTime = o.ModificationTime,
            };
            foreach (string module in o.Modules)
            {
                builder.Modules.Add(module);
            }

            foreach (string hook in o.Hooks)
            {
                builder.Hooks.Add(PxeHooks.Find(hook) ?? throw new InitcpioException($"unknown hook '{hook}'"));
            }

            using var output = new MemoryStream();
            try
            {
                InitramfsBuildResult result = await Task.Run(() => builder.Build(output), cancellationToken).ConfigureAwait(false);
                string hooks = string.Join(' ', result.Hooks);
                InitcpioLog.ImageBuilt(_logger, result.KernelVersion, result.Modules.Count, hooks, result.EntryCount, output.Length);
            }
            catch (InitcpioException ex)
            {
                InitcpioLog.ImageFailed(_logger, ex);
                throw;
            }

            ReadOnlyMemory<byte> image = output.ToArray();
            _image = image;
            return image;
        }
        finally
        {
            _gate.Release();
        }
    }
}
