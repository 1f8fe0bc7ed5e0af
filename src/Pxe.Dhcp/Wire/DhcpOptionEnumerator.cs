using System.Diagnostics;

namespace Pxe.Dhcp;

/// <summary>
/// Walks options (or PXE/iPXE/relay sub-options, which share the code-length-value shape) without materialising
/// them. PAD (0) is skipped; END (255) ends an area. A message's options are walked area by area in the order RFC
/// 2131 §4.1 gives for option overload: the options field, then <c>file</c>, then <c>sname</c> (when option 52 says so).
/// </summary>
/// <remarks>
/// When an option's length runs past the end of its area the enumerator stops and <see cref="Status"/> is
/// <see cref="DhcpParseStatus.OptionOverrun"/>; a message accepted by <see cref="DhcpPacket.TryCreate(ReadOnlySpan{byte}, out DhcpPacket, out DhcpParseStatus)"/>
/// never does. Instances are never merged here: use <see cref="DhcpPacket.TryCopyConcatenated"/> for RFC 3396 long options.
/// </remarks>
[DebuggerDisplay("Area {_area}, offset {_position}, {Status}")]
public ref struct DhcpOptionEnumerator
{
    private readonly ReadOnlySpan<byte> _area0;
    private readonly ReadOnlySpan<byte> _area1;
    private readonly ReadOnlySpan<byte> _area2;
    private ReadOnlySpan<byte> _currentArea;
    private int _area;
    private int _position;
    private DhcpOptionCode _code;
    private ReadOnlySpan<byte> _value;

    /// <summary>Enumerates one area, for example an option-43 value (PXE sub-options) or a raw options field.</summary>
    public DhcpOptionEnumerator(ReadOnlySpan<byte> options)
        : this(options, default, default)
    {
    }

    internal DhcpOptionEnumerator(ReadOnlySpan<byte> options, ReadOnlySpan<byte> file, ReadOnlySpan<byte> serverName)
    {
        _area0 = options;
        _area1 = file;
        _area2 = serverName;
        _currentArea = options;
        _area = 0;
        _position = 0;
        _code = default;
        _value = default;
        Status = DhcpParseStatus.Success;
    }

    /// <summary><see cref="DhcpParseStatus.Success"/>, or <see cref="DhcpParseStatus.OptionOverrun"/> when the walk stopped at a truncated option.</summary>
    public DhcpParseStatus Status { get; private set; }

    /// <summary>The current option.</summary>
    public readonly DhcpOption Current => new(_code, _value);

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly DhcpOptionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next option that is not PAD; <see langword="false"/> at the end or at a malformed option.</summary>
    public bool MoveNext()
    {
        if (Status != DhcpParseStatus.Success)
        {
            return false;
        }

        while (true)
        {
            if (_position >= _currentArea.Length)
            {
                if (!NextArea())
                {
                    return false;
                }

                continue;
            }

            byte code = _currentArea[_position];
            if (code == (byte)DhcpOptionCode.Pad)
            {
                // RFC 2132 §3.1: PAD is one octet with no length.
                _position++;
                continue;
            }

            if (code == (byte)DhcpOptionCode.End)
            {
                // RFC 2132 §3.2: END closes this area; the rest of it is padding.
                _position = _currentArea.Length;
                continue;
            }

            if (_position + 1 >= _currentArea.Length)
            {
                Status = DhcpParseStatus.OptionOverrun;
                return false;
            }

            int length = _currentArea[_position + 1];
            int start = _position + 2;
            if (start + length > _currentArea.Length)
            {
                Status = DhcpParseStatus.OptionOverrun;
                return false;
            }

            _code = (DhcpOptionCode)code;
            _value = _currentArea.Slice(start, length);
            _position = start + length;
            return true;
        }
    }

    private bool NextArea()
    {
        while (_area < 2)
        {
            _area++;
            _currentArea = _area == 1 ? _area1 : _area2;
            _position = 0;
            if (!_currentArea.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }
}
