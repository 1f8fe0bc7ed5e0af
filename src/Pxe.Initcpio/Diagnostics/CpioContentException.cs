namespace Pxe.Initcpio;

/// <summary>A cpio archive is malformed; thrown by the convenience APIs that wrap the Try forms.</summary>
public sealed class CpioContentException : Exception
{
    /// <summary>Creates the exception with a reason and a message.</summary>
    public CpioContentException(CpioParseStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Creates the exception with a message.</summary>
    public CpioContentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CpioContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public CpioContentException()
    {
    }

    /// <summary>Why the archive was refused.</summary>
    public CpioParseStatus Status { get; }
}
