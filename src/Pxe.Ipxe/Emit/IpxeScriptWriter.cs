using System.Buffers;
using System.Text;

namespace Pxe.Ipxe;

/// <summary>
/// Writes an <see cref="IpxeScript"/> as text iPXE runs: canonically (see <see cref="IpxeEmitMode.Canonical"/>) or
/// losslessly. For every script the parser produces, parsing the canonical text gives the same logical lines, labels,
/// words and operators.
/// </summary>
public static class IpxeScriptWriter
{
    /// <summary>Writes <paramref name="script"/> to a string.</summary>
    /// <exception cref="InvalidOperationException">A line built in code cannot be written (a line without a label whose first word starts with <c>:</c>).</exception>
    public static string Write(IpxeScript script, IpxeFormattingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        var builder = new StringBuilder();
        Write(script, builder, options ?? IpxeFormattingOptions.Default);
        return builder.ToString();
    }

    /// <summary>Writes <paramref name="script"/> to <paramref name="writer"/>.</summary>
    public static void Write(IpxeScript script, TextWriter writer, IpxeFormattingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Write(script, options));
    }

    /// <summary>Writes <paramref name="script"/> as UTF-8 to <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(IpxeScript script, IBufferWriter<byte> destination, IpxeFormattingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string text = Write(script, options);
        int length = Encoding.UTF8.GetByteCount(text);
        int written = Encoding.UTF8.GetBytes(text, destination.GetSpan(length));
        destination.Advance(written);
        return written;
    }

    /// <summary>The canonical text of one line, without a terminator.</summary>
    internal static string FormatLine(IpxeLine line, bool keepComments)
    {
        var sb = new StringBuilder();
        if (line.Label is { } label)
        {
            sb.Append(':').Append(label.Name);
        }

        foreach (IpxeCommand command in line.Commands)
        {
            foreach (IpxeArgument argument in command.Arguments)
            {
                if (sb.Length == 0 && argument.Text.StartsWith(':'))
                {
                    throw new InvalidOperationException($"a line without a label cannot start with '{argument.Text}': iPXE would read it as a label");
                }

                Space(sb).Append(argument.Text);
            }

            if (command.Terminator != IpxeChainOperator.None)
            {
                Space(sb).Append(IpxeCommand.OperatorText(command.Terminator));
            }
        }

        bool isHeader = line.Comment is { } c && (c.StartsWith("#!ipxe", StringComparison.Ordinal) || c.StartsWith("#!gpxe", StringComparison.Ordinal));
        if (line.Comment is not null && (keepComments || isHeader))
        {
            Space(sb).Append(line.Comment);
        }

        // A line ending in '\' would join the next one: a trailing space keeps it a plain character.
        if (sb.Length > 0 && sb[^1] == '\\')
        {
            sb.Append(' ');
        }

        return sb.ToString();
    }

    private static StringBuilder Space(StringBuilder sb) => sb.Length == 0 ? sb : sb.Append(' ');

    private static void Write(IpxeScript script, StringBuilder sb, IpxeFormattingOptions options)
    {
        foreach (IpxeLine line in script.Lines)
        {
            if (options.Mode == IpxeEmitMode.Lossless && line.RawText is not null)
            {
                sb.Append(line.RawText);
                continue;
            }

            if (line.Comment is not null && line.Commands.Count == 0 && line.Label is null && !options.KeepComments
                && !(ReferenceEquals(line, script.Lines[0]) && script.Header != IpxeHeaderKind.None))
            {
                continue;
            }

            sb.Append(FormatLine(line, options.KeepComments));

            // iPXE discards a line that continues past the end of the script; keep it discarded.
            sb.Append(line.ContinuesPastEnd ? "\\" : options.NewLine);
        }
    }
}
