namespace Pxe.Ipxe;

/// <summary>The outcome of reading a command's options the way iPXE's <c>reparse_options</c> does.</summary>
internal sealed class IpxeParsedOptions
{
    public List<KeyValuePair<IpxeOptionDescriptor, string?>> Options { get; } = [];

    /// <summary>Index in argv of the first positional argument.</summary>
    public int FirstPositional { get; set; }

    public bool HelpRequested { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Index in argv of the word the error is about.</summary>
    public int ErrorIndex { get; set; }

    public bool Ok => ErrorCode is null;

    public string? Get(string longName)
    {
        string? value = null;
        foreach (KeyValuePair<IpxeOptionDescriptor, string?> pair in Options)
        {
            if (pair.Key.LongName == longName)
            {
                value = pair.Value ?? string.Empty;
            }
        }

        return value;
    }

    public bool Has(string longName) => Get(longName) is not null;
}

/// <summary>
/// iPXE's option reader (src/core/getopt.c, src/core/parseopt.c): options first, processing stops at the first word
/// that does not start with <c>-</c> (a lone <c>-</c> is an argument) or after <c>--</c>; long options match exactly and
/// take <c>--name=value</c> or the next word; short options may be grouped; <c>--help</c>/<c>-h</c> prints usage.
/// </summary>
internal static class IpxeOptionParser
{
    public static IpxeParsedOptions Parse(IpxeCommandDescriptor command, IReadOnlyList<string> argv, Func<int, bool>? isDynamic = null)
    {
        var result = new IpxeParsedOptions();
        int i = 1;
        while (i < argv.Count)
        {
            string word = argv[i];
            if ((isDynamic is not null && isDynamic(i)) || word.Length < 2 || word[0] != '-')
            {
                break;
            }

            if (word == "--")
            {
                i++;
                break;
            }

            if (word[1] == '-')
            {
                string body = word[2..];
                int eq = body.IndexOf('=', StringComparison.Ordinal);
                string name = eq < 0 ? body : body[..eq];
                if (name == "help" && command.FindLong("help") is null)
                {
                    result.HelpRequested = true;
                    result.FirstPositional = i + 1;
                    return result;
                }

                IpxeOptionDescriptor? option = command.FindLong(name);
                if (option is null)
                {
                    return Fail(result, IpxeDiagnosticCodes.UnknownOption, $"'{command.Name}' has no option '--{name}'", i);
                }

                string? value = null;
                if (option.TakesArgument)
                {
                    if (eq >= 0)
                    {
                        value = body[(eq + 1)..];
                    }
                    else if (i + 1 < argv.Count)
                    {
                        value = argv[++i];
                    }
                    else
                    {
                        return Fail(result, IpxeDiagnosticCodes.OptionArgument, $"option '--{name}' of '{command.Name}' requires an argument", i);
                    }

                    if (!CheckValue(result, command, option, value, i, isDynamic))
                    {
                        return result;
                    }
                }
                else if (eq >= 0)
                {
                    return Fail(result, IpxeDiagnosticCodes.OptionArgument, $"option '--{name}' of '{command.Name}' takes no argument", i);
                }

                result.Options.Add(new(option, value));
                i++;
                continue;
            }

            int wordIndex = i;
            for (int j = 1; j < word.Length; j++)
            {
                char c = word[j];
                IpxeOptionDescriptor? option = command.FindShort(c);
                if (option is null)
                {
                    if (c == 'h')
                    {
                        result.HelpRequested = true;
                        result.FirstPositional = i + 1;
                        return result;
                    }

                    return Fail(result, IpxeDiagnosticCodes.UnknownOption, $"'{command.Name}' has no option '-{c}'", wordIndex);
                }

                if (option.TakesArgument)
                {
                    string value;
                    if (j + 1 < word.Length)
                    {
                        value = word[(j + 1)..];
                    }
                    else if (i + 1 < argv.Count)
                    {
                        value = argv[++i];
                    }
                    else
                    {
                        return Fail(result, IpxeDiagnosticCodes.OptionArgument, $"option '-{c}' of '{command.Name}' requires an argument", wordIndex);
                    }

                    if (!CheckValue(result, command, option, value, i, isDynamic))
                    {
                        return result;
                    }

                    result.Options.Add(new(option, value));
                    break;
                }

                result.Options.Add(new(option, null));
            }

            i++;
        }

        result.FirstPositional = i;
        int count = argv.Count - i;
        if (count < command.MinArguments || count > command.MaxArguments)
        {
            string expected = command.MaxArguments == IpxeCommandDescriptor.Unbounded
                ? $"at least {command.MinArguments}"
                : command.MinArguments == command.MaxArguments ? $"{command.MinArguments}" : $"{command.MinArguments} to {command.MaxArguments}";
            return Fail(result, IpxeDiagnosticCodes.ArgumentCount,
                $"'{command.Name}' takes {expected} argument{(expected.EndsWith(" 1", StringComparison.Ordinal) || expected == "1" ? "" : "s")}, got {count} ({command})", count > command.MaxArguments ? i + command.MaxArguments : 0);
        }

        return result;
    }

    /// <summary>iPXE's <c>strtoul(text, &amp;end, 0)</c> as <c>parse_integer</c> uses it: the whole text must be consumed.</summary>
    public static bool TryParseInteger(string text, out ulong value)
    {
        value = 0;
        int i = 0;
        bool negate = false;
        if (text.Length == 0)
        {
            return false;
        }

        if (text[i] is '-' or '+')
        {
            negate = text[i] == '-';
            i++;
        }

        int radix = 10;
        if (i < text.Length && text[i] == '0')
        {
            i++;
            radix = 8;
            if (i < text.Length && (text[i] | 0x20) == 'x')
            {
                i++;
                radix = 16;
            }
        }

        for (; i < text.Length; i++)
        {
            int digit = text[i] switch
            {
                >= '0' and <= '9' => text[i] - '0',
                >= 'a' and <= 'z' => text[i] - 'a' + 10,
                >= 'A' and <= 'Z' => text[i] - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            value = unchecked((value * (ulong)radix) + (ulong)digit);
        }

        if (negate)
        {
            value = unchecked(0 - value);
        }

        return true;
    }

    private static bool CheckValue(IpxeParsedOptions result, IpxeCommandDescriptor command, IpxeOptionDescriptor option, string value, int index, Func<int, bool>? isDynamic)
    {
        if ((isDynamic is not null && isDynamic(index)) || option.Argument is IpxeOptionArgument.Text or IpxeOptionArgument.None)
        {
            return true;
        }

        if (option.Argument == IpxeOptionArgument.Key && value.Length == 1)
        {
            return true;
        }

        if (!TryParseInteger(value, out _))
        {
            Fail(result, IpxeDiagnosticCodes.InvalidNumber, $"option '--{option.LongName}' of '{command.Name}' needs a number{(option.Argument == IpxeOptionArgument.Timeout ? " of milliseconds" : "")}, got '{value}'", index);
            return false;
        }

        return true;
    }

    private static IpxeParsedOptions Fail(IpxeParsedOptions result, string code, string message, int index)
    {
        result.ErrorCode = code;
        result.ErrorMessage = message;
        result.ErrorIndex = index;
        return result;
    }
}
