namespace Pxe.Initcpio;

/// <summary>An initramfs could not be built: a module, file or busybox is missing or unreadable.</summary>
public sealed class InitcpioException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public InitcpioException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InitcpioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public InitcpioException()
    {
    }
}
