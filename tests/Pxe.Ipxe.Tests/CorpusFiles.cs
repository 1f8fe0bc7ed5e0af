using Pxe.Ipxe;
using Pxe.Testing;

namespace Pxe.Ipxe.Tests;

/// <summary>The checked-in script corpus: realistic scripts, their dry-run scenarios and the broken scripts.</summary>
internal static class CorpusFiles
{
    public static string Directory => GoldenFile.Resolve("Corpus");

    public static IEnumerable<string> Scripts => System.IO.Directory.GetFiles(Directory, "*.ipxe").Order(StringComparer.Ordinal);

    public static IEnumerable<string> BrokenScripts => System.IO.Directory.GetFiles(Path.Combine(Directory, "Broken"), "*.ipxe").Order(StringComparer.Ordinal);

    public static TheoryData<string> ScriptNames() => [.. Scripts.Select(static p => Path.GetFileNameWithoutExtension(p)!)];

    public static TheoryData<string> BrokenNames() => [.. BrokenScripts.Select(static p => Path.GetFileNameWithoutExtension(p)!)];

    /// <summary>Every (script, scenario) pair: the default scenario of each script plus each <c>NAME.SCENARIO.args</c>.</summary>
    public static TheoryData<string, string> Scenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (string script in Scripts.Select(Path.GetFileNameWithoutExtension)!)
        {
            data.Add(script!, "default");
            foreach (string args in System.IO.Directory.GetFiles(Directory, script + ".*.args").Order(StringComparer.Ordinal))
            {
                data.Add(script!, Path.GetFileName(args)[(script!.Length + 1)..^".args".Length]);
            }
        }

        return data;
    }

    /// <summary>Reads a script as <c>pxe ipxe</c> does: bytes as UTF-8, a byte-order mark kept.</summary>
    public static string Read(string path) => new System.Text.UTF8Encoding(false, false).GetString(File.ReadAllBytes(path));

    public static string ScriptPath(string name) => Path.Combine(Directory, name + ".ipxe");

    public static string BrokenPath(string name) => Path.Combine(Directory, "Broken", name + ".ipxe");

    /// <summary>The <c>pxe ipxe run</c> arguments of a scenario: <c>default.args</c>, then <c>NAME.args</c> or <c>NAME.SCENARIO.args</c>.</summary>
    public static List<string> RunArguments(string script, string scenario)
    {
        var args = new List<string>(File.ReadAllLines(Path.Combine(Directory, "default.args")));
        string specific = Path.Combine(Directory, scenario == "default" ? script + ".args" : $"{script}.{scenario}.args");
        if (File.Exists(specific))
        {
            args.AddRange(File.ReadAllLines(specific).Where(static l => l.Length > 0));
        }

        return args;
    }

    /// <summary>Turns run arguments into interpreter options (the same flags <c>pxe ipxe run</c> reads).</summary>
    public static IpxeInterpreterOptions Options(IReadOnlyList<string> args)
    {
        var options = new IpxeInterpreterOptions();
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--set":
                    string pair = args[++i];
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    options.Settings[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "--fail":
                    options.Failures.Add(IpxeFailureRule.Parse(args[++i]));
                    break;
                case "--key":
                    options.KeyPressed = true;
                    break;
                case "--max-steps":
                    options.MaxSteps = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new InvalidOperationException($"unknown run argument '{args[i]}'");
            }
        }

        return options;
    }

    /// <summary>
    /// The token stream iPXE executes: per logical line, the label and the words and operators (comments, layout and
    /// text after NUL excluded), plus whether the line continues past the end.
    /// </summary>
    public static List<string> TokenStream(string text)
    {
        var tokens = new List<string>();
        using var lexer = new IpxeLexer(text);
        while (lexer.Read())
        {
            switch (lexer.Kind)
            {
                case IpxeTokenKind.Label:
                    tokens.Add(":" + lexer.Value.ToString());
                    break;
                case IpxeTokenKind.Word:
                    tokens.Add("w " + lexer.Value.ToString());
                    break;
                case IpxeTokenKind.Or or IpxeTokenKind.And or IpxeTokenKind.Semicolon:
                    tokens.Add("op " + lexer.Value.ToString());
                    break;
                case IpxeTokenKind.EndOfLine:
                    tokens.Add(lexer.LineContinuesPastEnd ? "EOL-continued" : "EOL");
                    break;
            }
        }

        return tokens;
    }
}
