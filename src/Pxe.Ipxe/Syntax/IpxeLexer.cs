using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pxe.Ipxe;

/// <summary>
/// Splits iPXE script text into tokens exactly as iPXE does, without allocating: logical lines as
/// src/image/script.c <c>process_script</c> builds them, then labels, words, operators and comments as
/// src/core/exec.c <c>split_command</c> and <c>command_terminator</c> see them.
/// </summary>
/// <remarks>
/// <para>Lines end at <c>\n</c>; all trailing <c>\r</c>/<c>\n</c> are stripped; a line that then ends in <c>\</c> loses that
/// backslash and has the next physical line appended directly (no space is inserted), repeatedly. Such a joined line is
/// copied into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (returned by <see cref="Dispose"/>); lines
/// without continuations are slices of the source. Token offsets (<see cref="TokenStart"/>, <see cref="TokenEnd"/>)
/// always refer to the source.</para>
/// <para>A line whose first non-blank character is <c>:</c> starts with a <see cref="IpxeTokenKind.Label"/>; the rest of
/// the line is still a command. Words are separated by whitespace (<c>' ' \t \n \v \f \r</c>); there is no quoting or
/// escaping. A token that starts with <c>#</c> begins a comment. <c>||</c>, <c>&amp;&amp;</c> and <c>;</c> are
/// operators only as whole tokens. A NUL ends what iPXE sees of a line (C strings).</para>
/// </remarks>
[DebuggerDisplay("{Kind} {Value.ToString(),nq} @{TokenStart}")]
public ref struct IpxeLexer
{
    private const int InitialBufferLength = 256;

    private readonly ReadOnlySpan<char> _source;
    private int _next;
    private int _physicalLine;
    private char[]? _buffer;
    private int[]? _map;

    private ReadOnlySpan<char> _line;
    private bool _copied;
    private int _contentEnd;
    private int _pos;
    private LineState _state;
    private int _valueStart;
    private int _valueLength;

    /// <summary>Creates a lexer over <paramref name="source"/>.</summary>
    public IpxeLexer(ReadOnlySpan<char> source)
    {
        _source = source;
        _physicalLine = 1;
        _state = LineState.NoLine;
    }

    private enum LineState : byte
    {
        NoLine,
        BeforeLabel,
        Commands,
        AfterContent,
    }

    /// <summary>The current token's kind.</summary>
    public IpxeTokenKind Kind { get; private set; }

    /// <summary>
    /// The current token's text, with continuations removed (for a label, without the colon). Valid until the next
    /// <see cref="Read"/>.
    /// </summary>
    public readonly ReadOnlySpan<char> Value => _line.Slice(_valueStart, _valueLength);

    /// <summary>The source offset of the current token's first character (for a label, of the colon).</summary>
    public int TokenStart { get; private set; }

    /// <summary>The source offset just after the current token's last character.</summary>
    public int TokenEnd { get; private set; }

    /// <summary>The zero-based index of the current logical line.</summary>
    public int LineIndex { get; private set; }

    /// <summary>The 1-based physical line on which the current logical line starts.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The source offset where the current logical line starts.</summary>
    public int LineStart { get; private set; }

    /// <summary>The source offset just after the current logical line, its terminator included.</summary>
    public int LineEnd { get; private set; }

    /// <summary>Whether the current logical line joins physical lines with <c>\</c> continuations.</summary>
    public bool LineHasContinuation { get; private set; }

    /// <summary>
    /// Whether the current logical line ends the text in a continuation: iPXE discards such a line and fails the
    /// script with <c>-EINVAL</c>.
    /// </summary>
    public bool LineContinuesPastEnd { get; private set; }

    /// <summary>Whether <paramref name="c"/> is whitespace as iPXE's <c>isspace</c> sees it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>Advances to the next token.</summary>
    /// <returns><see langword="true"/> when a token was read; <see langword="false"/> at the end of the text.</returns>
    public bool Read()
    {
        while (true)
        {
            switch (_state)
            {
                case LineState.NoLine:
                    if (!ReadLogicalLine())
                    {
                        Kind = IpxeTokenKind.None;
                        _valueStart = 0;
                        _valueLength = 0;
                        _line = default;
                        return false;
                    }

                    _state = LineState.BeforeLabel;
                    continue;

                case LineState.BeforeLabel:
                    _state = LineState.Commands;
                    SkipSpace();

                    // src/image/script.c process_script: "if ( *command == ':' )" — a label runs to the next space.
                    if (_pos < _contentEnd && _line[_pos] == ':')
                    {
                        int colon = _pos++;
                        while (_pos < _contentEnd && !IsSpace(_line[_pos]))
                        {
                            _pos++;
                        }

                        SetToken(IpxeTokenKind.Label, colon, colon + 1, _pos);
                        return true;
                    }

                    continue;

                case LineState.Commands:
                    SkipSpace();
                    if (_pos < _contentEnd)
                    {
                        int start = _pos;

                        // src/core/exec.c split_command: a token starting with '#' terminates the command line.
                        if (_line[_pos] == '#')
                        {
                            _pos = _contentEnd;
                            SetToken(IpxeTokenKind.Comment, start, start, _contentEnd);
                            return true;
                        }

                        while (_pos < _contentEnd && !IsSpace(_line[_pos]))
                        {
                            _pos++;
                        }

                        ReadOnlySpan<char> word = _line[start.._pos];
                        IpxeTokenKind kind = word switch
                        {
                            "||" => IpxeTokenKind.Or,
                            "&&" => IpxeTokenKind.And,
                            ";" => IpxeTokenKind.Semicolon,
                            _ => IpxeTokenKind.Word,
                        };
                        SetToken(kind, start, start, _pos);
                        return true;
                    }

                    _state = LineState.AfterContent;
                    if (_contentEnd < _line.Length)
                    {
                        SetToken(IpxeTokenKind.Ignored, _contentEnd, _contentEnd, _line.Length);
                        _pos = _line.Length;
                        return true;
                    }

                    continue;

                default:
                    Kind = IpxeTokenKind.EndOfLine;
                    _valueStart = _line.Length;
                    _valueLength = 0;
                    TokenStart = _line.Length == 0 ? LineStart : SourceOffset(_line.Length - 1) + 1;
                    TokenEnd = LineEnd;
                    _state = LineState.NoLine;
                    return true;
            }
        }
    }

    /// <summary>Returns the rented line buffer, if any.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            ArrayPool<int>.Shared.Return(_map!);
            _buffer = null;
            _map = null;
        }

        _line = default;
    }

    private void SkipSpace()
    {
        while (_pos < _contentEnd && IsSpace(_line[_pos]))
        {
            _pos++;
        }
    }

    private void SetToken(IpxeTokenKind kind, int sourceStartInLine, int valueStart, int end)
    {
        Kind = kind;
        _valueStart = valueStart;
        _valueLength = end - valueStart;
        TokenStart = SourceOffset(sourceStartInLine);
        TokenEnd = end > sourceStartInLine ? SourceOffset(end - 1) + 1 : TokenStart;
    }

    private readonly int SourceOffset(int indexInLine) => _copied ? _map![indexInLine] : LineStart + indexInLine;

    private bool ReadLogicalLine()
    {
        if (_next >= _source.Length)
        {
            return false;
        }

        if (LineEnd != 0 || _next != 0)
        {
            LineIndex++;
        }

        LineStart = _next;
        LineNumber = _physicalLine;
        LineHasContinuation = false;
        LineContinuesPastEnd = false;
        _copied = false;
        int length = 0;
        int pos = _next;
        while (true)
        {
            int newline = _source[pos..].IndexOf('\n');
            int fragmentEnd = newline < 0 ? _source.Length : pos + newline + 1;
            if (newline >= 0)
            {
                _physicalLine++;
            }

            if (_copied)
            {
                Append(length, pos, fragmentEnd);
                length += fragmentEnd - pos;
            }
            else
            {
                length = fragmentEnd - LineStart;
            }

            pos = fragmentEnd;

            // src/image/script.c: "Strip trailing CR and LF".
            while (length > 0 && At(length - 1) is '\n' or '\r')
            {
                length--;
            }

            // "Handle backslash continuations": drop the backslash, append the next physical line.
            if (length > 0 && At(length - 1) == '\\')
            {
                length--;
                LineHasContinuation = true;
                if (!_copied)
                {
                    EnsureCapacity(Math.Max(length, InitialBufferLength));
                    _source.Slice(LineStart, length).CopyTo(_buffer);
                    for (int i = 0; i < length; i++)
                    {
                        _map![i] = LineStart + i;
                    }

                    _copied = true;
                }

                if (pos >= _source.Length)
                {
                    LineContinuesPastEnd = true;
                    break;
                }

                continue;
            }

            break;
        }

        _next = pos;
        LineEnd = pos;
        _line = _copied ? _buffer.AsSpan(0, length) : _source.Slice(LineStart, length);
        int nul = _line.IndexOf('\0');
        _contentEnd = nul < 0 ? length : nul;
        _pos = 0;
        return true;
    }

    private readonly char At(int index) => _copied ? _buffer![index] : _source[LineStart + index];

    private void Append(int length, int from, int to)
    {
        EnsureCapacity(length + (to - from));
        _source[from..to].CopyTo(_buffer.AsSpan(length));
        for (int i = from; i < to; i++)
        {
            _map![length + i - from] = i;
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (_buffer is not null && _buffer.Length >= needed)
        {
            return;
        }

        int size = Math.Max(needed, _buffer is null ? InitialBufferLength : _buffer.Length * 2);
        char[] buffer = ArrayPool<char>.Shared.Rent(size);
        int[] map = ArrayPool<int>.Shared.Rent(size);
        if (_buffer is not null)
        {
            _buffer.CopyTo(buffer, 0);
            _map!.CopyTo(map, 0);
            ArrayPool<char>.Shared.Return(_buffer);
            ArrayPool<int>.Shared.Return(_map);
        }

        _buffer = buffer;
        _map = map;
    }
}
