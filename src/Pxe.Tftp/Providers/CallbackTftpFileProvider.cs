namespace Pxe.Tftp;

/// <summary>
/// Generates a file per request: the callback sees the client's address, its MAC address when known, and the
/// requested name, and returns the content, or <see langword="null"/> for "file not found". This is how a host
/// serves per-machine iPXE scripts.
/// </summary>
public sealed class CallbackTftpFileProvider : ITftpFileProvider
{
    private readonly Func<TftpRequestContext, CancellationToken, ValueTask<ReadOnlyMemory<byte>?>> _callback;
    private readonly ITftpFileProvider? _fallback;

    /// <summary>Creates a provider around <paramref name="callback"/>; names it returns <see langword="null"/> for go to <paramref name="fallback"/> when given.</summary>
    public CallbackTftpFileProvider(Func<TftpRequestContext, CancellationToken, ValueTask<ReadOnlyMemory<byte>?>> callback, ITftpFileProvider? fallback = null)
    {
        _callback = callback ?? throw new ArgumentNullException(nameof(callback));
        _fallback = fallback;
    }

    /// <inheritdoc />
    public async ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte>? content = await _callback(context, cancellationToken).ConfigureAwait(false);
        if (content is { } bytes)
        {
            return TftpOpenResult<ITftpReadableFile>.Success(new MemoryTftpFile(bytes));
        }

        return _fallback is null
            ? TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found")
            : await _fallback.OpenReadAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
