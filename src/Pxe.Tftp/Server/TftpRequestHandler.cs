using System.Net;
using System.Net.NetworkInformation;
using System.Text;

namespace Pxe.Tftp;

/// <summary>Turns one request datagram into a running session (or a refusal): mode, provider, negotiation. No sockets.</summary>
internal static class TftpRequestHandler
{
    public static async ValueTask<TftpTransferStart> StartAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, PhysicalAddress? hardwareAddress, TftpTransferSettings settings, ITftpFileProvider provider, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Describe(datagram.Span, out TftpOpcode opcode, out string fileName, out TftpTransferMode mode, out long? announcedSize))
        {
            return new(null, TftpErrorCode.IllegalOperation, "malformed request", string.Empty, false);
        }

        bool isWrite = opcode == TftpOpcode.WriteRequest;
        var context = new TftpRequestContext(remote, fileName, mode, hardwareAddress);
        if (mode is not (TftpTransferMode.Octet or TftpTransferMode.NetAscii))
        {
            // RFC 1350 §1: "mail" is obsolete; anything else is unknown.
            return new(null, TftpErrorCode.IllegalOperation, "unsupported transfer mode", fileName, isWrite, context);
        }

        TftpTransferStart start = isWrite
            ? await StartWriteAsync(datagram, context, announcedSize, settings, provider, time, cancellationToken).ConfigureAwait(false)
            : await StartReadAsync(datagram, context, settings, provider, time, cancellationToken).ConfigureAwait(false);
        return start with { Context = context, Size = start.Session is null ? null : isWrite ? announcedSize : start.Size };
    }

    private static async ValueTask<TftpTransferStart> StartReadAsync(ReadOnlyMemory<byte> datagram, TftpRequestContext context, TftpTransferSettings settings, ITftpFileProvider provider, TimeProvider time, CancellationToken cancellationToken)
    {
        TftpOpenResult<ITftpReadableFile> open = await provider.OpenReadAsync(context, cancellationToken).ConfigureAwait(false);
        if (open.File is not { } file)
        {
            return new(null, open.ErrorCode, open.ErrorMessage, context.FileName, false);
        }

        if (context.Mode == TftpTransferMode.NetAscii)
        {
            if (file.Length > NetAscii.MaxEncodedSourceLength)
            {
                file.Dispose();
                return new(null, TftpErrorCode.NotDefined, "file too large for netascii", context.FileName, false);
            }

            ITftpReadableFile source = file;
            file = NetAscii.Encode(source);
            source.Dispose();
        }

        TftpRequest.TryCreate(datagram.Span, out TftpRequest request);
        TftpNegotiatedOptions negotiated = TftpOptionNegotiator.Negotiate(request, settings.MaxBlockSize, settings.MaxWindowSize, file.Length);
        Span<byte> oack = stackalloc byte[256];
        int oackLength = 0;
        if (negotiated.HasAcknowledgedOptions && !negotiated.TryWriteOptionAck(oack, out oackLength))
        {
            file.Dispose();
            return new(null, TftpErrorCode.NotDefined, "internal error writing OACK", context.FileName, false);
        }

        TimeSpan timeout = negotiated.AckTimeout ? TimeSpan.FromSeconds(negotiated.TimeoutSeconds) : settings.Timeout;
        var sender = new TftpSender(file, negotiated.BlockSize, negotiated.WindowSize, oack[..oackLength], time, timeout, settings.MaxRetries);
        return new(sender, TftpErrorCode.NotDefined, null, context.FileName, false, context, file.Length);
    }

    private static async ValueTask<TftpTransferStart> StartWriteAsync(ReadOnlyMemory<byte> datagram, TftpRequestContext context, long? announcedSize, TftpTransferSettings settings, ITftpFileProvider provider, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!settings.AllowWrite || provider is not ITftpWritableFileProvider writable)
        {
            return new(null, TftpErrorCode.AccessViolation, "writes are disabled", context.FileName, true);
        }

        if (announcedSize > settings.MaxWriteSize)
        {
            return new(null, TftpErrorCode.DiskFull, "file larger than the server's limit", context.FileName, true);
        }

        TftpOpenResult<ITftpWritableFile> open = await writable.OpenWriteAsync(context, announcedSize, cancellationToken).ConfigureAwait(false);
        if (open.File is not { } sink)
        {
            return new(null, open.ErrorCode, open.ErrorMessage, context.FileName, true);
        }

        if (context.Mode == TftpTransferMode.NetAscii)
        {
            sink = NetAscii.Decode(sink);
        }

        TftpRequest.TryCreate(datagram.Span, out TftpRequest request);
        TftpNegotiatedOptions negotiated = TftpOptionNegotiator.Negotiate(request, settings.MaxBlockSize, settings.MaxWindowSize, null);
        Span<byte> oack = stackalloc byte[256];
        int oackLength = 0;
        if (negotiated.HasAcknowledgedOptions && !negotiated.TryWriteOptionAck(oack, out oackLength))
        {
            sink.Dispose();
            return new(null, TftpErrorCode.NotDefined, "internal error writing OACK", context.FileName, true);
        }

        TimeSpan timeout = negotiated.AckTimeout ? TimeSpan.FromSeconds(negotiated.TimeoutSeconds) : settings.Timeout;
        var receiver = new TftpReceiver(sink, negotiated.BlockSize, negotiated.WindowSize, oack[..oackLength], sendInitialAck: true, settings.MaxWriteSize, time, timeout, settings.MaxRetries);
        return new(receiver, TftpErrorCode.NotDefined, null, context.FileName, true);
    }

    private static bool Describe(ReadOnlySpan<byte> datagram, out TftpOpcode opcode, out string fileName, out TftpTransferMode mode, out long? announcedSize)
    {
        announcedSize = null;
        if (!TftpRequest.TryCreate(datagram, out TftpRequest request))
        {
            opcode = default;
            fileName = string.Empty;
            mode = default;
            return false;
        }

        opcode = request.Opcode;
        fileName = Encoding.UTF8.GetString(request.FileName);
        mode = request.TransferMode;
        foreach (TftpOption option in request.Options)
        {
            if (option.NameEquals(TftpAscii.TransferSize) && option.TryGetNumber(out long size))
            {
                announcedSize = size;
            }
        }

        return true;
    }
}
