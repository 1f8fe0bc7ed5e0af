using System.Globalization;

namespace Pxe.Ipxe;

/// <summary>
/// A dry run of an iPXE script: walks the lines as src/image/script.c does, splits and expands each command as
/// src/core/exec.c <c>system</c> does (<c>||</c>, <c>&amp;&amp;</c>, <c>;</c>, settings expanded after splitting,
/// options read as iPXE reads them), follows <c>goto</c>, <c>isset</c>, <c>iseq</c>, menus and settings, and records
/// every executed command. Commands that touch the network succeed unless an <see cref="IpxeFailureRule"/> says
/// they fail. The run ends at <c>boot</c>/<c>chain</c>/<c>sanboot</c>, <c>exit</c>, an unconsumed failure, the end of
/// the script, or <see cref="IpxeInterpreterOptions.MaxSteps"/>.
/// </summary>
/// <remarks>
/// <c>imgtrust</c> is enforced: afterwards only an image marked trusted by <c>imgverify</c> may be executed.
/// Interactive commands behave as an unattended console would: <c>prompt</c>/<c>read</c> with <c>--timeout</c> time
/// out (fail) unless <see cref="IpxeInterpreterOptions.KeyPressed"/>; without a timeout a key/Enter is assumed;
/// <c>choose</c> takes the default item (its <c>--default</c>, else the item marked <c>--default</c>, else the first);
/// <c>shell</c>, <c>config</c>, <c>login</c> and <c>present</c> return at once. <c>pciscan</c>/<c>usbscan</c> find
/// nothing. <c>--help</c> prints usage and fails, as in iPXE (<c>-ECANCELED_NO_OP</c>).
/// </remarks>
public sealed class IpxeInterpreter
{
    private readonly IpxeScript _script;
    private readonly IpxeInterpreterOptions _options;
    private readonly IpxeSettingsStore _settings;
    private readonly List<IpxeTraceEntry> _trace = [];
    private readonly Dictionary<IpxeFailureRule, int> _failuresUsed = [];
    private readonly Dictionary<string, List<MenuItem>> _menus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _images = new(StringComparer.Ordinal); // name -> trusted
    private bool _requireTrusted;
    private readonly System.Text.StringBuilder _console = new();
    private string? _lastMenu;
    private string? _selectedImage;
    private int _steps;
    private Stop _stop;
    private int _jumpTo;
    private int _exitStatus;
    private string _endMessage = string.Empty;

    private IpxeInterpreter(IpxeScript script, IpxeInterpreterOptions options)
    {
        _script = script;
        _options = options;
        _settings = new IpxeSettingsStore(options.Settings);
    }

    private enum Stop : byte
    {
        None,
        Goto,
        Exit,
        Boot,
        Reboot,
        PowerOff,
        StepLimit,
    }

    /// <summary>Runs <paramref name="script"/> without touching anything.</summary>
    public static IpxeRunResult Run(IpxeScript script, IpxeInterpreterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new IpxeInterpreter(script, options ?? new IpxeInterpreterOptions()).Run();
    }

    private IpxeRunResult Run()
    {
        if (_script.Header == IpxeHeaderKind.None)
        {
            return Finish(IpxeRunOutcome.NotAScript, 1, "not an iPXE script: no '#!ipxe' header (iPXE reports 'Exec format error')");
        }

        int index = 0;
        while (index < _script.Lines.Count)
        {
            IpxeLine line = _script.Lines[index];
            int lineNumber = line.Span.IsKnown ? line.Span.Line : index + 1;
            if (line.ContinuesPastEnd)
            {
                return Finish(IpxeRunOutcome.Failed, 1, $"failed at line {lineNumber}: the script ends in a '\\' continuation");
            }

            bool failed = !RunLine(line, lineNumber);
            switch (_stop)
            {
                case Stop.Goto:
                    _stop = Stop.None;
                    index = _jumpTo;
                    continue;
                case Stop.Exit:
                    return Finish(IpxeRunOutcome.Exited, _exitStatus, string.Create(CultureInfo.InvariantCulture, $"exit {_exitStatus}"));
                case Stop.Boot:
                    return Finish(IpxeRunOutcome.Booted, 0, _endMessage);
                case Stop.Reboot:
                    return Finish(IpxeRunOutcome.Rebooted, 0, "reboot");
                case Stop.PowerOff:
                    return Finish(IpxeRunOutcome.PoweredOff, 0, "poweroff");
                case Stop.StepLimit:
                    return Finish(IpxeRunOutcome.StepLimit, 1, string.Create(CultureInfo.InvariantCulture, $"stopped after {_options.MaxSteps} commands (endless loop?)"));
            }

            if (failed)
            {
                IpxeTraceEntry? last = _trace.Count > 0 ? _trace[^1] : null;
                return Finish(IpxeRunOutcome.Failed, 1, $"failed at line {lineNumber}: {last?.CommandLine}");
            }

            index++;
        }

        return Finish(IpxeRunOutcome.Completed, 0, "end of script");
    }

    private IpxeRunResult Finish(IpxeRunOutcome outcome, int status, string message)
    {
        if (_options.Logger is { } logger)
        {
            IpxeLog.RunEnded(logger, _steps, message);
        }

        return new IpxeRunResult(outcome, status, _trace, _settings.Snapshot(), message, _console.ToString());
    }

    /// <summary>src/core/exec.c <c>system</c>: runs the commands of one line; returns whether the line's status is success.</summary>
    private bool RunLine(IpxeLine line, int lineNumber)
    {
        bool ok = true;
        bool process = true;
        foreach (IpxeCommand command in line.Commands)
        {
            if (process)
            {
                ok = command.IsEmpty || Execute(command, lineNumber);
            }

            if (_stop != Stop.None)
            {
                return ok;
            }

            process = command.Terminator switch
            {
                IpxeChainOperator.Or => !ok,
                IpxeChainOperator.And => ok,
                _ => true,
            };
        }

        return ok;
    }

    private bool Execute(IpxeCommand command, int lineNumber)
    {
        if (++_steps > _options.MaxSteps)
        {
            _stop = Stop.StepLimit;
            return false;
        }

        var argv = new List<string>(command.Arguments.Count);
        foreach (IpxeArgument argument in command.Arguments)
        {
            if (!_settings.TryExpand(argument.Text, out string value))
            {
                return Record(lineNumber, argv.Append(argument.Text).ToList(), false, "settings expansion does not terminate or grows too large");
            }

            argv.Add(value);
        }

        return Execute(argv, lineNumber);
    }

    private bool Execute(List<string> argv, int lineNumber)
    {
        string commandLine = string.Join(' ', argv);
        if (!IpxeCommands.TryGet(argv[0], out IpxeCommandDescriptor? descriptor))
        {
            return Record(lineNumber, argv, false, $"{argv[0]}: command not found");
        }

        IpxeParsedOptions parsed = IpxeOptionParser.Parse(descriptor, argv);
        if (parsed.HelpRequested)
        {
            return Record(lineNumber, argv, false, "printed usage (--help)");
        }

        if (!parsed.Ok)
        {
            return Record(lineNumber, argv, false, parsed.ErrorMessage);
        }

        foreach (IpxeFailureRule rule in _options.Failures)
        {
            if (rule.Matches(commandLine))
            {
                int used = _failuresUsed.GetValueOrDefault(rule);
                if (used < rule.Times)
                {
                    _failuresUsed[rule] = used + 1;
                    return Record(lineNumber, argv, false, "as asked (--fail " + rule.Command + ")");
                }
            }
        }

        int first = parsed.FirstPositional;
        string? Positional(int i) => first + i < argv.Count ? argv[first + i] : null;
        string Rest(int i) => first + i < argv.Count ? string.Join(' ', argv.Skip(first + i)) : string.Empty;

        switch (descriptor.CanonicalName)
        {
            case "exit":
                _exitStatus = Positional(0) is { } s ? (IpxeOptionParser.TryParseInteger(s, out ulong st) ? unchecked((int)st) : 0) : 0;
                _stop = Stop.Exit;
                return Record(lineNumber, argv, _exitStatus == 0, null);

            case "goto":
                int target = _script.FindLabel(Positional(0)!);
                if (target < 0)
                {
                    return Record(lineNumber, argv, false, $"no label ':{Positional(0)}'");
                }

                _jumpTo = target;
                _stop = Stop.Goto;
                return Record(lineNumber, argv, true, null);

            case "isset":
                return Record(lineNumber, argv, Positional(0)!.Length > 0, null);

            case "iseq":
                return Record(lineNumber, argv, Positional(0) == Positional(1), null);

            case "prompt":
            case "read":
                bool timedOut = parsed.Has("timeout") && !_options.KeyPressed;
                if (descriptor.CanonicalName == "read" && !timedOut)
                {
                    return Record(lineNumber, argv, true, "Enter pressed; value kept");
                }

                return Record(lineNumber, argv, !timedOut, timedOut ? "timed out, no key pressed" : "key pressed");

            case "echo":
                _console.Append(Rest(0));
                if (!parsed.Has("n"))
                {
                    _console.Append('\n');
                }

                return Record(lineNumber, argv, true, null);

            case "time":
                Record(lineNumber, argv, true, null);
                return Execute(argv.Skip(first).ToList(), lineNumber);

            case "set":
                return Store(lineNumber, argv, Positional(0)!, Rest(1));

            case "clear":
                return Store(lineNumber, argv, Positional(0)!, string.Empty);

            case "inc":
                return Increment(lineNumber, argv, Positional(0)!, Positional(1));

            case "show":
                return Record(lineNumber, argv, true, IpxeSettingName.TryParse(Positional(0)!, out IpxeSettingName? shown) ? _settings.FetchFormatted(shown.Value) : null);

            case "pciscan":
            case "usbscan":
                return Record(lineNumber, argv, false, "no devices in a dry run");

            case "menu":
                return Menu(lineNumber, argv, parsed);

            case "item":
                return Item(lineNumber, argv, parsed, Positional(0), Rest(1));

            case "choose":
                return Choose(lineNumber, argv, parsed, Positional(0)!);

            case "imgfetch":
            case "imgselect":
            case "imgextract":
            case "imgdecrypt":
            case "imgmem":
                string image = parsed.Get("name") is { Length: > 0 } named ? named : ImageName(Positional(0) ?? string.Empty);
                _images[image] = false;
                if (descriptor.CanonicalName == "imgselect")
                {
                    _selectedImage = image;
                }

                return Record(lineNumber, argv, true, null);

            case "imgfree":
                if (Positional(0) is null)
                {
                    _images.Clear();
                    _selectedImage = null;
                }

                return Record(lineNumber, argv, true, null);

            case "imgtrust":
                _requireTrusted = !parsed.Has("allow");
                return Record(lineNumber, argv, true, null);

            case "imgverify":
                // A verified image is marked trusted (src/usr/imgtrust.c); a URI is fetched first under its file name.
                string verified = _images.ContainsKey(Positional(0)!) ? Positional(0)! : ImageName(Positional(0)!);
                _images[verified] = true;
                return Record(lineNumber, argv, true, null);

            case "imgexec":
                if (Positional(0) is null && _selectedImage is null)
                {
                    return Record(lineNumber, argv, false, "no image selected");
                }

                // src/core/image.c image_exec: once imgtrust is on, only a trusted image may run.
                string executed = Positional(0) is { } target2 ? (_images.ContainsKey(target2) ? target2 : ImageName(target2)) : _selectedImage!;
                if (_requireTrusted && !_images.GetValueOrDefault(executed))
                {
                    return Record(lineNumber, argv, false, $"image '{executed}' is not trusted (imgtrust is on): Permission denied");
                }

                _endMessage = "booted: " + string.Join(' ', argv);
                _stop = Stop.Boot;
                return Record(lineNumber, argv, true, null);

            case "autoboot":
            case "sanboot":
                _endMessage = "booted: " + string.Join(' ', argv);
                _stop = Stop.Boot;
                return Record(lineNumber, argv, true, null);

            case "reboot":
                _stop = Stop.Reboot;
                return Record(lineNumber, argv, true, null);

            case "poweroff":
                _stop = Stop.PowerOff;
                return Record(lineNumber, argv, true, null);

            default:
                // Everything else (dhcp, ifopen, ntp, imgverify, imgtrust, sleep, echo, params, console, …) succeeds.
                return Record(lineNumber, argv, true, null);
        }
    }

    private bool Record(int line, List<string> argv, bool ok, string? note)
    {
        var entry = new IpxeTraceEntry(line, [.. argv], ok, note);
        _trace.Add(entry);
        if (_options.Logger is { } logger)
        {
            string text = entry.CommandLine;
            if (ok)
            {
                IpxeLog.CommandExecuted(logger, line, text);
            }
            else
            {
                IpxeLog.CommandFailed(logger, line, text, note);
            }
        }

        return ok;
    }

    private bool Store(int line, List<string> argv, string name, string value)
    {
        if (!IpxeSettingName.TryParse(name, out IpxeSettingName? parsed) || parsed.Value.Name.Length == 0)
        {
            return Record(line, argv, false, $"invalid setting name '{name}'");
        }

        _settings.Store(parsed.Value.Key, value, parsed.Value.Type ?? "string");
        return Record(line, argv, true, null);
    }

    private bool Increment(int line, List<string> argv, string name, string? increment)
    {
        if (!IpxeSettingName.TryParse(name, out IpxeSettingName? parsed) || parsed.Value.Name.Length == 0)
        {
            return Record(line, argv, false, $"invalid setting name '{name}'");
        }

        ulong by = 1;
        if (increment is not null && !IpxeOptionParser.TryParseInteger(increment, out by))
        {
            return Record(line, argv, false, $"invalid integer '{increment}'");
        }

        // src/hci/commands/nvo_cmd.c inc_exec stores the sum with the setting's own type: a value stored as a string
        // (plain "set name 0") cannot take it, and iPXE fails with "Operation not supported" (seen with iPXE's ROM).
        string? type = _settings.TypeOf(parsed.Value.Key);
        if (type is not null and not ("int8" or "int16" or "int32" or "uint8" or "uint16" or "uint32"))
        {
            return Record(line, argv, false, $"could not store \"{parsed.Value.Key}\": the setting is a {type}; use 'set {parsed.Value.Key}:int32 …'");
        }

        string? current = _settings.Fetch(parsed.Value.Key);
        ulong value = 0;
        if (current is not null && !IpxeOptionParser.TryParseInteger(current, out value))
        {
            value = 0;
        }

        _settings.Store(parsed.Value.Key, unchecked((int)(value + by)).ToString(CultureInfo.InvariantCulture), type ?? "int32");
        return Record(line, argv, true, null);
    }

    private bool Menu(int line, List<string> argv, IpxeParsedOptions parsed)
    {
        string name = parsed.Get("name") ?? string.Empty;
        if (parsed.Has("delete"))
        {
            _menus.Remove(name);
            return Record(line, argv, true, null);
        }

        _menus[name] = [];
        _lastMenu = name;
        return Record(line, argv, true, null);
    }

    private bool Item(int line, List<string> argv, IpxeParsedOptions parsed, string? itemName, string text)
    {
        string? menuName = parsed.Get("menu") ?? _lastMenu;
        if (parsed.Has("form"))
        {
            return Record(line, argv, true, null);
        }

        if (menuName is null || !_menus.TryGetValue(menuName, out List<MenuItem>? items))
        {
            return Record(line, argv, false, "no such menu");
        }

        bool gap = parsed.Has("gap") || itemName is null;
        items.Add(new MenuItem(gap ? null : itemName, text, parsed.Has("default")));
        return Record(line, argv, true, null);
    }

    private bool Choose(int line, List<string> argv, IpxeParsedOptions parsed, string setting)
    {
        string? menuName = parsed.Get("menu") ?? _lastMenu;
        if (menuName is null || !_menus.TryGetValue(menuName, out List<MenuItem>? items))
        {
            return Record(line, argv, false, "no such menu");
        }

        MenuItem? chosen = null;
        if (parsed.Get("default") is { } wanted)
        {
            chosen = items.FirstOrDefault(i => i.Name == wanted);
        }

        chosen ??= items.FirstOrDefault(static i => i.Name is not null && i.IsDefault) ?? items.FirstOrDefault(static i => i.Name is not null);
        if (!parsed.Has("keep"))
        {
            _menus.Remove(menuName);
        }

        if (chosen?.Name is null)
        {
            return Record(line, argv, false, "the menu has no selectable item");
        }

        if (!IpxeSettingName.TryParse(setting, out IpxeSettingName? parsedName))
        {
            return Record(line, argv, false, $"invalid setting name '{setting}'");
        }

        _settings.Store(parsedName.Value.Key, chosen.Name, "string");
        return Record(line, argv, true, $"chose {chosen.Name}");
    }

    private static string ImageName(string uri)
    {
        int query = uri.IndexOfAny(['?', '#']);
        string path = query >= 0 ? uri[..query] : uri;
        int slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }

    private sealed record MenuItem(string? Name, string Text, bool IsDefault);
}
