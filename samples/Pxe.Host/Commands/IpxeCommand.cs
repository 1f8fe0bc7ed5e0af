using System.CommandLine;
using System.Text;
using Pxe.Ipxe;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe ipxe</c>: check, format, dump and dry-run iPXE scripts.
/// <list type="bullet">
/// <item><c>pxe ipxe check FILE...</c> prints <c>FILE:LINE:COL: error|warning CODE: message</c>; exit 0 without errors, 1 with any, 2 on usage errors.</item>
/// <item><c>pxe ipxe fmt FILE</c> prints the canonical form.</item>
/// <item><c>pxe ipxe run FILE [--set NAME=VALUE]... [--fail COMMAND[*COUNT]]... [--key] [--max-steps N]</c> prints each executed command.</item>
/// <item><c>pxe ipxe dump FILE</c> prints the syntax tree.</item>
/// </list>
/// Arguments are read by this class rather than by System.CommandLine so that every usage error exits with 2.
/// </summary>
internal static class IpxeCommand
{
    private const int ExitOk = 0;
    private const int ExitErrors = 1;
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var ipxe = new Command("ipxe", "Check, format, dump and dry-run iPXE scripts.");
        ipxe.Subcommands.Add(Sub("check", "FILE...", "Print FILE:LINE:COL: error|warning CODE: message for each problem; exit 1 if any error.", Check));
        ipxe.Subcommands.Add(Sub("fmt", "FILE", "Print the canonical form of the script (idempotent, same commands).", Format));
        ipxe.Subcommands.Add(Sub("run", "FILE [--set NAME=VALUE]... [--fail COMMAND[*COUNT]]... [--key] [--max-steps N]",
            "Dry-run the script: print each executed command with settings expanded, until boot, exit, a failure or the end. "
            + "Network commands succeed unless --fail names them (COMMAND may include the start of its arguments; *COUNT fails only the first COUNT times). "
            + "--key pretends a key is pressed at prompts.", Run));
        ipxe.Subcommands.Add(Sub("dump", "FILE", "Print the syntax tree with line:column positions.", Dump));
        return ipxe;
    }

    private static Command Sub(string name, string usage, string description, Func<string[], TextWriter, TextWriter, int> action)
    {
        var command = new Command(name, $"{description}\nUsage: pxe ipxe {name} {usage}");
        var args = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore, Description = usage };
        command.Arguments.Add(args);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            string[] tokens = [.. parseResult.GetValue(args) ?? [], .. parseResult.UnmatchedTokens];
            try
            {
                return action(tokens, Console.Out, Console.Error);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"pxe ipxe {name}: {e.Message}");
                return ExitUsage;
            }
            catch (UnauthorizedAccessException e)
            {
                Console.Error.WriteLine($"pxe ipxe {name}: {e.Message}");
                return ExitUsage;
            }
        });
        return command;
    }

    internal static int Check(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args.Any(static a => a.StartsWith('-') && a != "-"))
        {
            return Usage(error, "check FILE...");
        }

        bool anyError = false;
        foreach (string file in args)
        {
            if (!TryRead(file, error, out string? text))
            {
                return ExitUsage;
            }

            IpxeScript script = IpxeParser.Parse(text);
            foreach (IpxeDiagnostic diagnostic in script.Diagnostics)
            {
                output.WriteLine(diagnostic.ToString(file));
            }

            anyError |= script.HasErrors;
        }

        return anyError ? ExitErrors : ExitOk;
    }

    internal static int Format(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            return Usage(error, "fmt FILE");
        }

        if (!TryRead(args[0], error, out string? text))
        {
            return ExitUsage;
        }

        output.Write(IpxeScriptWriter.Write(IpxeParser.Parse(text)));
        return ExitOk;
    }

    internal static int Dump(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            return Usage(error, "dump FILE");
        }

        if (!TryRead(args[0], error, out string? text))
        {
            return ExitUsage;
        }

        output.Write(IpxeParser.Parse(text).Dump());
        return ExitOk;
    }

    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        const string usage = "run FILE [--set NAME=VALUE]... [--fail COMMAND[*COUNT]]... [--key] [--max-steps N]";
        var options = new IpxeInterpreterOptions();
        string? file = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 && arg[..eq] is "--fail" or "--max-steps")
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "--set":
                    if (i + 1 >= args.Length || args[i + 1].IndexOf('=', StringComparison.Ordinal) is <= 0)
                    {
                        return Usage(error, usage, "--set needs NAME=VALUE");
                    }

                    string pair = args[++i];
                    int split = pair.IndexOf('=', StringComparison.Ordinal);
                    options.Settings[pair[..split]] = pair[(split + 1)..];
                    break;

                case "--fail":
                    string? rule = inline ?? (i + 1 < args.Length ? args[++i] : null);
                    if (string.IsNullOrWhiteSpace(rule))
                    {
                        return Usage(error, usage, "--fail needs a COMMAND");
                    }

                    options.Failures.Add(IpxeFailureRule.Parse(rule));
                    break;

                case "--key":
                    options.KeyPressed = true;
                    break;

                case "--max-steps":
                    string? steps = inline ?? (i + 1 < args.Length ? args[++i] : null);
                    if (!int.TryParse(steps, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int max) || max < 1)
                    {
                        return Usage(error, usage, "--max-steps needs a positive number");
                    }

                    options.MaxSteps = max;
                    break;

                default:
                    if (arg.StartsWith('-') || file is not null)
                    {
                        return Usage(error, usage, $"unexpected '{arg}'");
                    }

                    file = arg;
                    break;
            }
        }

        if (file is null)
        {
            return Usage(error, usage);
        }

        if (!TryRead(file, error, out string? text))
        {
            return ExitUsage;
        }

        IpxeScript script = IpxeParser.Parse(text);
        foreach (IpxeDiagnostic diagnostic in script.Diagnostics.Where(static d => d.Severity == IpxeSeverity.Error))
        {
            error.WriteLine(diagnostic.ToString(file));
        }

        IpxeRunResult result = IpxeInterpreter.Run(script, options);
        output.Write(result.ToString());
        return result.Succeeded ? ExitOk : ExitErrors;
    }

    private static int Usage(TextWriter error, string usage, string? problem = null)
    {
        if (problem is not null)
        {
            error.WriteLine($"pxe ipxe: {problem}");
        }

        error.WriteLine($"Usage: pxe ipxe {usage}");
        return ExitUsage;
    }

    private static bool TryRead(string file, TextWriter error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        if (!File.Exists(file))
        {
            error.WriteLine($"pxe ipxe: {file}: no such file");
            text = null;
            return false;
        }

        // Bytes as UTF-8 without dropping a byte-order mark: iPXE would not accept a script that starts with one.
        text = new UTF8Encoding(false, false).GetString(File.ReadAllBytes(file));
        return true;
    }
}
