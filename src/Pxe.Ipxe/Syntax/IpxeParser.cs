namespace Pxe.Ipxe;

/// <summary>
/// Parses iPXE script text into an <see cref="IpxeScript"/>. Never throws on any input: every problem in the text is
/// an <see cref="IpxeDiagnostic"/> with line and column.
/// </summary>
public static class IpxeParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    public static IpxeScript Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan(), text);
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    public static IpxeScript Parse(ReadOnlySpan<char> text) => Parse(text, null);

    private static IpxeScript Parse(ReadOnlySpan<char> text, string? original)
    {
        string source = original ?? text.ToString();
        var map = new IpxeLineMap(text);
        var lines = new List<IpxeLine>();
        var diagnostics = new List<IpxeDiagnostic>();
        var commands = new List<IpxeCommand>();
        var words = new List<IpxeArgument>();
        IpxeLabel? label = null;
        string? comment = null;
        string? ignored = null;
        int commandStart = -1;
        bool sawOperator = false;

        using var lexer = new IpxeLexer(text);
        while (lexer.Read())
        {
            switch (lexer.Kind)
            {
                case IpxeTokenKind.Label:
                    label = new IpxeLabel(lexer.Value.ToString(), map.Span(lexer.TokenStart, lexer.TokenEnd));
                    break;

                case IpxeTokenKind.Word:
                    if (commandStart < 0)
                    {
                        commandStart = lexer.TokenStart;
                    }

                    words.Add(new IpxeArgument(lexer.Value.ToString(), map.Span(lexer.TokenStart, lexer.TokenEnd)));
                    break;

                case IpxeTokenKind.Or or IpxeTokenKind.And or IpxeTokenKind.Semicolon:
                    IpxeChainOperator op = lexer.Kind switch
                    {
                        IpxeTokenKind.Or => IpxeChainOperator.Or,
                        IpxeTokenKind.And => IpxeChainOperator.And,
                        _ => IpxeChainOperator.Sequence,
                    };
                    int start = commandStart < 0 ? lexer.TokenStart : commandStart;
                    commands.Add(new IpxeCommand([.. words], op, map.Span(start, lexer.TokenEnd), map.Span(lexer.TokenStart, lexer.TokenEnd)));
                    words.Clear();
                    commandStart = -1;
                    sawOperator = true;
                    break;

                case IpxeTokenKind.Comment:
                    comment = lexer.Value.TrimEnd(" \t\v\f\r").ToString();
                    break;

                case IpxeTokenKind.Ignored:
                    ignored = lexer.Value.ToString();
                    diagnostics.Add(new IpxeDiagnostic(IpxeDiagnosticCodes.NulCharacter, IpxeSeverity.Warning,
                        "a NUL character ends the line for iPXE; the rest of the line is ignored", map.Span(lexer.TokenStart, lexer.TokenEnd)));
                    break;

                case IpxeTokenKind.EndOfLine:
                    if (words.Count > 0 || sawOperator)
                    {
                        int end = words.Count > 0 ? words[^1].Span.End : lexer.TokenStart;
                        int begin = commandStart < 0 ? end : commandStart;
                        commands.Add(new IpxeCommand([.. words], IpxeChainOperator.None, map.Span(begin, end), default));
                    }

                    IpxeSourceSpan lineSpan = map.Span(lexer.LineStart, lexer.LineEnd);
                    if (lexer.LineContinuesPastEnd)
                    {
                        diagnostics.Add(new IpxeDiagnostic(IpxeDiagnosticCodes.ContinuationAtEnd, IpxeSeverity.Error,
                            "the script ends in a '\\' continuation; iPXE discards this line and the script fails", map.Span(Math.Max(lexer.LineStart, lexer.TokenStart), lexer.LineEnd)));
                    }

                    lines.Add(new IpxeLine(label, [.. commands], comment, ignored, source[lexer.LineStart..lexer.LineEnd], lineSpan, lexer.LineContinuesPastEnd));
                    commands.Clear();
                    words.Clear();
                    label = null;
                    comment = null;
                    ignored = null;
                    commandStart = -1;
                    sawOperator = false;
                    break;
            }
        }

        return new IpxeScript([.. lines], source, diagnostics);
    }
}
