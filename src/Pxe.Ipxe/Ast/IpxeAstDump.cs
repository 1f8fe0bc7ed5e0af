using System.Globalization;
using System.Text;

namespace Pxe.Ipxe;

/// <summary>The stable text form of a tree used by golden tests and <c>pxe ipxe</c> debugging.</summary>
internal static class IpxeAstDump
{
    public static string Write(IpxeScript script, bool spans)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"script header={script.Header.ToString().ToLowerInvariant()} lines={script.Lines.Count}\n");
        foreach (IpxeLine line in script.Lines)
        {
            if (line.IsBlank && line.IgnoredText is null && !line.ContinuesPastEnd)
            {
                sb.Append("line").Append(At(line.Span, spans)).Append(" blank\n");
                continue;
            }

            sb.Append("line").Append(At(line.Span, spans)).Append(line.ContinuesPastEnd ? " continues-past-end\n" : "\n");
            if (line.Label is { } label)
            {
                sb.Append("  label").Append(At(label.Span, spans)).Append(' ').Append(Quote(label.Name)).Append('\n');
            }

            foreach (IpxeCommand command in line.Commands)
            {
                sb.Append("  command").Append(At(command.Span, spans));
                if (command.IsEmpty)
                {
                    sb.Append(" empty");
                }

                if (command.Terminator != IpxeChainOperator.None)
                {
                    sb.Append(" then ").Append(IpxeCommand.OperatorText(command.Terminator));
                }

                sb.Append('\n');
                foreach (IpxeArgument argument in command.Arguments)
                {
                    sb.Append("    word").Append(At(argument.Span, spans)).Append(' ').Append(Quote(argument.Text));
                    if (argument.HasSettingReference)
                    {
                        sb.Append(" =");
                        AppendParts(sb, argument.Parts);
                    }

                    sb.Append('\n');
                }
            }

            if (line.Comment is not null)
            {
                sb.Append("  comment ").Append(Quote(line.Comment)).Append('\n');
            }

            if (line.IgnoredText is not null)
            {
                sb.Append("  ignored ").Append(Quote(line.IgnoredText)).Append('\n');
            }
        }

        foreach (IpxeDiagnostic diagnostic in script.Diagnostics)
        {
            sb.Append("diagnostic ").Append(diagnostic).Append('\n');
        }

        return sb.ToString();
    }

    private static void AppendParts(StringBuilder sb, IReadOnlyList<IpxeArgumentPart> parts)
    {
        foreach (IpxeArgumentPart part in parts)
        {
            sb.Append(' ');
            if (part is IpxeSettingReference reference)
            {
                if (reference.Name is { } name)
                {
                    sb.Append("setting(");
                    if (name.Scope is not null)
                    {
                        sb.Append("scope=").Append(name.Scope).Append(' ');
                    }

                    sb.Append("name=").Append(name.Name);
                    if (name.Type is not null)
                    {
                        sb.Append(" type=").Append(name.Type);
                    }

                    sb.Append(')');
                }
                else
                {
                    sb.Append(reference.IsStatic ? "setting-invalid(" : "setting{");
                    if (reference.IsStatic)
                    {
                        sb.Append(Quote(reference.RawName)).Append(')');
                    }
                    else
                    {
                        AppendParts(sb, reference.NameParts);
                        sb.Append(" }");
                    }
                }
            }
            else
            {
                sb.Append(Quote(part.Text));
            }
        }
    }

    private static string At(IpxeSourceSpan span, bool spans) => spans && span.IsKnown ? $" @{span.Line}:{span.Column}" : string.Empty;

    private static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (char c in text)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                '\0' => sb.Append("\\0"),
                < ' ' or '\u007f' => sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
