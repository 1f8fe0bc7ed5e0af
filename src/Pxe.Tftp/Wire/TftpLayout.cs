namespace Pxe.Tftp;

/// <summary>Offsets of the fixed fields, declared once (RFC 1350 §5).</summary>
internal static class TftpLayout
{
    public const int OpcodeOffset = 0;
    public const int BlockOffset = 2;
    public const int ErrorCodeOffset = 2;
    public const int PayloadOffset = 4;
    public const int ErrorMessageOffset = 4;
    public const int RequestFileNameOffset = 2;
    public const int OptionsOffset = 2;
}
