namespace Pxe.Tftp;

/// <summary>The outcome of opening a file: the file, or the TFTP error to send instead.</summary>
/// <typeparam name="TFile">The file type.</typeparam>
public readonly struct TftpOpenResult<TFile>
    where TFile : class
{
    private TftpOpenResult(TFile? file, TftpErrorCode errorCode, string? errorMessage)
    {
        File = file;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The opened file, or <see langword="null"/> on error.</summary>
    public TFile? File { get; }

    /// <summary>The error to send when <see cref="File"/> is <see langword="null"/>.</summary>
    public TftpErrorCode ErrorCode { get; }

    /// <summary>The error message to send when <see cref="File"/> is <see langword="null"/>.</summary>
    public string? ErrorMessage { get; }

#pragma warning disable CA1000 // Named factories read better than two constructors that differ only by argument types.
    /// <summary>A successful open.</summary>
    public static TftpOpenResult<TFile> Success(TFile file) => new(file ?? throw new ArgumentNullException(nameof(file)), TftpErrorCode.NotDefined, null);

    /// <summary>A refusal with a TFTP error code and message.</summary>
    public static TftpOpenResult<TFile> Error(TftpErrorCode code, string message) => new(null, code, message);
#pragma warning restore CA1000
}
