namespace Pxe.Ipxe;

/// <summary>The checks behind <see cref="IpxeScript.Diagnostics"/>: header, commands, options, argument counts, labels, operators and settings references.</summary>
internal static class IpxeAnalyzer
{
    /// <summary>Timeouts below this many milliseconds look like a value meant in seconds.</summary>
    internal const int SuspiciousTimeoutMilliseconds = 100;

    public static IpxeHeaderKind HeaderOf(IpxeScript script, string? source)
    {
        string start = HeaderText(script, source);

        // src/image/script.c script_probe: "#!ipxe" or "#!gpxe", then one whitespace character.
        if (start.Length >= 7 && IpxeLexer.IsSpace(start[6]))
        {
            if (start.StartsWith("#!ipxe", StringComparison.Ordinal))
            {
                return IpxeHeaderKind.Ipxe;
            }

            if (start.StartsWith("#!gpxe", StringComparison.Ordinal))
            {
                return IpxeHeaderKind.Gpxe;
            }
        }

        return IpxeHeaderKind.None;
    }

    public static List<IpxeDiagnostic> Analyze(IpxeScript script, string? source)
    {
        var diagnostics = new List<IpxeDiagnostic>();
        CheckHeader(script, source, diagnostics);
        Dictionary<string, IpxeLabel> labels = CheckLabels(script, diagnostics);
        var chooseTargets = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<IpxeArgument>();
        var dynamicGotos = new List<string>();
        var stringSettings = new HashSet<string>(StringComparer.Ordinal);
        var increments = new List<(string Name, IpxeArgument At)>();

        foreach (IpxeLine line in script.Lines)
        {
            IReadOnlyList<IpxeCommand> commands = line.Commands;
            for (int c = 0; c < commands.Count; c++)
            {
                IpxeCommand command = commands[c];
                if (command.IsEmpty)
                {
                    if (command.Terminator is IpxeChainOperator.Or or IpxeChainOperator.And)
                    {
                        string op = IpxeCommand.OperatorText(command.Terminator);
                        diagnostics.Add(new(IpxeDiagnosticCodes.DanglingOperator, IpxeSeverity.Error,
                            $"'{op}' has no command before it", command.TerminatorSpan));
                    }
                    else if (c == commands.Count - 1 && c > 0 && commands[c - 1].Terminator == IpxeChainOperator.And)
                    {
                        diagnostics.Add(new(IpxeDiagnosticCodes.TrailingAnd, IpxeSeverity.Warning,
                            "'&&' at the end of a line does nothing", commands[c - 1].TerminatorSpan));
                    }

                    continue;
                }

                foreach (IpxeArgument argument in command.Arguments)
                {
                    CheckReferences(argument, diagnostics);
                }

                CheckCommand(command, labels, diagnostics, chooseTargets, items, dynamicGotos, stringSettings, increments);
            }
        }

        foreach ((string name, IpxeArgument at) in increments)
        {
            if (stringSettings.Contains(name))
            {
                diagnostics.Add(new(IpxeDiagnosticCodes.IncrementOfString, IpxeSeverity.Warning,
                    $"'{name}' is set as a string ('set {name} …'), so 'inc {name}' fails with \"Operation not supported\"; use 'set {name}:int32 …'", at.Span));
            }
        }

        // Menus: "choose target && goto ${target}" jumps to the chosen item's name, so every item needs a label.
        if (dynamicGotos.Any(chooseTargets.Contains))
        {
            foreach (IpxeArgument item in items)
            {
                if (!item.HasSettingReference && !labels.ContainsKey(item.Text))
                {
                    diagnostics.Add(new(IpxeDiagnosticCodes.MenuItemWithoutLabel, IpxeSeverity.Warning,
                        $"menu item '{item.Text}' has no ':{item.Text}' label to go to", item.Span));
                }
            }
        }

        return diagnostics;
    }

    private static string HeaderText(IpxeScript script, string? source)
    {
        if (source is not null)
        {
            return source.Length > 7 ? source[..7] : source;
        }

        if (script.Lines.Count == 0)
        {
            return string.Empty;
        }

        try
        {
            return IpxeScriptWriter.FormatLine(script.Lines[0], keepComments: true) + "\n";
        }
        catch (InvalidOperationException)
        {
            return string.Empty;
        }
    }

    private static void CheckHeader(IpxeScript script, string? source, List<IpxeDiagnostic> diagnostics)
    {
        string start = HeaderText(script, source);
        IpxeSourceSpan at = script.Lines.Count > 0 && script.Lines[0].Span.IsKnown
            ? script.Lines[0].Span with { Length = Math.Min(script.Lines[0].Span.Length, 7) }
            : new IpxeSourceSpan(0, 0, 1, 1);
        if (HeaderOf(script, source) == IpxeHeaderKind.Gpxe)
        {
            diagnostics.Add(new(IpxeDiagnosticCodes.LegacyHeader, IpxeSeverity.Warning, "legacy '#!gpxe' header; prefer '#!ipxe'", at));
            return;
        }

        if (HeaderOf(script, source) == IpxeHeaderKind.Ipxe)
        {
            return;
        }

        string message;
        if (start.Length > 0 && start[0] == '\uFEFF')
        {
            message = "a byte-order mark comes before '#!ipxe'; iPXE will not recognise the script";
        }
        else if (start.StartsWith("#!ipxe", StringComparison.Ordinal) || start.StartsWith("#!gpxe", StringComparison.Ordinal))
        {
            message = "'#!ipxe' must be followed by a line break or whitespace";
        }
        else if (start.StartsWith("#!", StringComparison.Ordinal) && start.Length >= 6 && start.AsSpan(2, 4).Equals("ipxe", StringComparison.OrdinalIgnoreCase))
        {
            message = "the header is case-sensitive: write '#!ipxe'";
        }
        else if (start.TrimStart().StartsWith("#!ipxe", StringComparison.Ordinal))
        {
            message = "'#!ipxe' must be the very first characters of the script";
        }
        else
        {
            message = "missing '#!ipxe' header on the first line; iPXE will not run this as a script";
        }

        diagnostics.Add(new(IpxeDiagnosticCodes.MissingHeader, IpxeSeverity.Error, message, at));
    }

    private static Dictionary<string, IpxeLabel> CheckLabels(IpxeScript script, List<IpxeDiagnostic> diagnostics)
    {
        var labels = new Dictionary<string, IpxeLabel>(StringComparer.Ordinal);
        foreach (IpxeLine line in script.Lines)
        {
            if (line.Label is not { } label || line.ContinuesPastEnd)
            {
                continue;
            }

            if (label.Name.Length == 0)
            {
                diagnostics.Add(new(IpxeDiagnosticCodes.EmptyLabel, IpxeSeverity.Warning, "':' with no label name", label.Span));
            }

            if (!labels.TryAdd(label.Name, label))
            {
                IpxeSourceSpan first = labels[label.Name].Span;
                diagnostics.Add(new(IpxeDiagnosticCodes.DuplicateLabel, IpxeSeverity.Warning,
                    $"label ':{label.Name}' is already defined at line {first.Line}; goto always finds the first", label.Span));
            }
        }

        return labels;
    }

    private static void CheckReferences(IpxeArgument argument, List<IpxeDiagnostic> diagnostics)
    {
        if (!argument.HasSettingReference)
        {
            return;
        }

        foreach (int offset in argument.UnterminatedReferences)
        {
            diagnostics.Add(new(IpxeDiagnosticCodes.UnterminatedSetting, IpxeSeverity.Error,
                "'${' has no closing '}'; iPXE leaves it unexpanded", Offset(argument.Span, offset)));
        }

        var pending = new Stack<IpxeArgumentPart>(argument.Parts);
        while (pending.Count > 0)
        {
            if (pending.Pop() is not IpxeSettingReference reference)
            {
                continue;
            }

            if (reference.IsStatic && reference.Name is null)
            {
                diagnostics.Add(new(IpxeDiagnosticCodes.UnknownSettingType, IpxeSeverity.Warning,
                    $"'{reference.Text}' has an unknown type; iPXE expands it to nothing (types: {string.Join(' ', IpxeSettingName.KnownTypes.Order(StringComparer.Ordinal))})",
                    Offset(argument.Span, Math.Max(0, argument.Text.IndexOf(reference.Text, StringComparison.Ordinal)))));
            }

            foreach (IpxeArgumentPart inner in reference.NameParts)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>Quotes user text safely for a one-line message: control characters escaped, long text cut.</summary>
    private static string Printable(string text)
    {
        const int MaxLength = 40;
        var sb = new System.Text.StringBuilder();
        foreach (char c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            if (char.IsControl(c) || c is '\uFEFF' or '\uFFFD')
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return text.Length > MaxLength ? sb.Append('…').ToString() : sb.ToString();
    }

    private static IpxeSourceSpan Offset(IpxeSourceSpan span, int offset) =>
        span.IsKnown ? new IpxeSourceSpan(span.Start + offset, 2, span.Line, span.Column + offset) : span;

    private static void CheckCommand(IpxeCommand command, Dictionary<string, IpxeLabel> labels, List<IpxeDiagnostic> diagnostics,
        HashSet<string> chooseTargets, List<IpxeArgument> items, List<string> dynamicGotos, HashSet<string> stringSettings,
        List<(string Name, IpxeArgument At)> increments)
    {
        IpxeArgument name = command.Arguments[0];
        if (name.HasSettingReference)
        {
            return;
        }

        if (!IpxeCommands.TryGet(name.Text, out IpxeCommandDescriptor? descriptor))
        {
            diagnostics.Add(new(IpxeDiagnosticCodes.UnknownCommand, IpxeSeverity.Error, $"unknown command '{Printable(name.Text)}'", name.Span));
            return;
        }

        string[] argv = [.. command.Arguments.Select(static a => a.Text)];
        IpxeParsedOptions parsed = IpxeOptionParser.Parse(descriptor, argv, i => command.Arguments[i].HasSettingReference);
        if (parsed.HelpRequested)
        {
            return;
        }

        if (!parsed.Ok)
        {
            diagnostics.Add(new(parsed.ErrorCode!, IpxeSeverity.Error, parsed.ErrorMessage!, command.Arguments[Math.Clamp(parsed.ErrorIndex, 0, argv.Length - 1)].Span));
            return;
        }

        foreach (KeyValuePair<IpxeOptionDescriptor, string?> option in parsed.Options)
        {
            if (option.Key.Argument == IpxeOptionArgument.Timeout && option.Value is { } value
                && !value.Contains("${", StringComparison.Ordinal)
                && IpxeOptionParser.TryParseInteger(value, out ulong ms) && ms is > 0 and < SuspiciousTimeoutMilliseconds)
            {
                diagnostics.Add(new(IpxeDiagnosticCodes.TimeoutLooksLikeSeconds, IpxeSeverity.Warning,
                    $"'--{option.Key.LongName} {value}' means {value} ms: iPXE timeouts are milliseconds (did you mean {ms * 1000}?)", name.Span));
            }
        }

        int first = parsed.FirstPositional;
        switch (descriptor.CanonicalName)
        {
            case "goto":
                IpxeArgument target = command.Arguments[first];
                if (target.HasSettingReference)
                {
                    if (target.Parts is [IpxeSettingReference { IsStatic: true } reference])
                    {
                        dynamicGotos.Add(reference.RawName);
                    }
                }
                else if (!labels.ContainsKey(target.Text))
                {
                    diagnostics.Add(new(IpxeDiagnosticCodes.UndefinedLabel, IpxeSeverity.Error, $"label ':{target.Text}' is not defined", target.Span));
                }

                break;

            case "set":
                IpxeArgument setting = command.Arguments[first];
                if (!setting.HasSettingReference && command.Arguments.Count > first + 1 && IpxeSettingName.TryParse(setting.Text, out IpxeSettingName? stored) && stored.Value.Type is null)
                {
                    stringSettings.Add(stored.Value.Key);
                }

                break;

            case "inc":
                IpxeArgument counter = command.Arguments[first];
                if (!counter.HasSettingReference && IpxeSettingName.TryParse(counter.Text, out IpxeSettingName? incremented))
                {
                    increments.Add((incremented.Value.Key, counter));
                }

                break;

            case "choose":
                chooseTargets.Add(command.Arguments[first].Text);
                break;

            case "item":
                if (!parsed.Has("gap") && first < command.Arguments.Count)
                {
                    items.Add(command.Arguments[first]);
                }

                break;
        }
    }
}
