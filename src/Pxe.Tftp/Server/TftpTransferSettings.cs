namespace Pxe.Tftp;

/// <summary>The server limits one transfer is negotiated against (a snapshot of <see cref="TftpServerOptions"/>).</summary>
internal sealed record TftpTransferSettings(int MaxBlockSize, int MaxWindowSize, TimeSpan Timeout, int MaxRetries, bool AllowWrite, long MaxWriteSize)
{
    public static TftpTransferSettings From(TftpServerOptions o) =>
        new(o.MaxBlockSize, o.MaxWindowSize, o.Timeout, o.MaxRetries, o.AllowWrite, o.MaxWriteSize);
}
