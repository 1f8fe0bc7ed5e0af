namespace Pxe.Dhcp;

/// <summary>
/// Offsets and lengths of the fixed BOOTP header, declared once (RFC 951 §3, RFC 2131 §2 figure 1).
/// </summary>
internal static class DhcpLayout
{
    public const int OpOffset = 0;
    public const int HardwareTypeOffset = 1;
    public const int HardwareLengthOffset = 2;
    public const int HopsOffset = 3;
    public const int XidOffset = 4;
    public const int SecsOffset = 8;
    public const int FlagsOffset = 10;
    public const int CiaddrOffset = 12;
    public const int YiaddrOffset = 16;
    public const int SiaddrOffset = 20;
    public const int GiaddrOffset = 24;
    public const int ChaddrOffset = 28;
    public const int ChaddrLength = 16;
    public const int SnameOffset = 44;
    public const int SnameLength = 64;
    public const int FileOffset = 108;
    public const int FileLength = 128;
    public const int MagicCookieOffset = 236;
    public const int OptionsOffset = 240;

    /// <summary>RFC 2131 §3: the first four octets of the options field are 99, 130, 83, 99.</summary>
    public const uint MagicCookie = 0x6382_5363;
}
