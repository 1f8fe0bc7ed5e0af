using Pxe.Ipxe;
using Pxe.Testing;

namespace Pxe.Ipxe.Tests;

/// <summary>Golden syntax trees, dry runs and diagnostics for the script corpus (issue 5).</summary>
public sealed class CorpusTests
{
    [Fact]
    public void Corpus_covers_every_kind_of_script_the_issue_names()
    {
        string[] names = [.. CorpusFiles.Scripts.Select(Path.GetFileNameWithoutExtension)!];
        Assert.Contains("embedded-chooseserver", names);
        Assert.Contains("archiso-http", names);
        Assert.Contains("robust-chainloader", names);
        Assert.Contains("alpine-netboot", names);
        Assert.Contains("menu", names);
        Assert.Contains("per-mac-chain", names);
        Assert.Contains("retry-loop", names);
        Assert.Contains("signed-boot", names);
        Assert.Contains("params-post", names);
        Assert.Contains("continuation-crlf", names);
        Assert.True(CorpusFiles.BrokenScripts.Count() >= 10);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.ScriptNames), MemberType = typeof(CorpusFiles))]
    public void Script_parses_without_errors_and_matches_its_golden_tree(string name)
    {
        IpxeScript script = IpxeParser.Parse(CorpusFiles.Read(CorpusFiles.ScriptPath(name)));
        Assert.False(script.HasErrors, string.Join('\n', script.Diagnostics));
        Assert.NotEqual(IpxeHeaderKind.None, script.Header);
        GoldenFile.AssertMatches($"Corpus/{name}.ast.txt", script.Dump());
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.ScriptNames), MemberType = typeof(CorpusFiles))]
    public void Canonical_form_is_idempotent_keeps_the_tokens_and_reparses_to_the_same_tree(string name)
    {
        string text = CorpusFiles.Read(CorpusFiles.ScriptPath(name));
        IpxeScript script = IpxeParser.Parse(text);
        string canonical = IpxeScriptWriter.Write(script);
        IpxeScript reparsed = IpxeParser.Parse(canonical);

        Assert.Equal(CorpusFiles.TokenStream(text), CorpusFiles.TokenStream(canonical));
        Assert.Equal(script, reparsed);
        Assert.Equal(canonical, IpxeScriptWriter.Write(reparsed));
        Assert.Equal(text, IpxeScriptWriter.Write(script, new IpxeFormattingOptions { Mode = IpxeEmitMode.Lossless }));
        GoldenFile.AssertMatches($"Corpus/{name}.fmt.txt", canonical);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.Scenarios), MemberType = typeof(CorpusFiles))]
    public void Dry_run_matches_its_golden_trace(string name, string scenario)
    {
        IpxeScript script = IpxeParser.Parse(CorpusFiles.Read(CorpusFiles.ScriptPath(name)));
        IpxeRunResult result = IpxeInterpreter.Run(script, CorpusFiles.Options(CorpusFiles.RunArguments(name, scenario)));
        Assert.NotEmpty(result.Trace);
        GoldenFile.AssertMatches(scenario == "default" ? $"Corpus/{name}.run.txt" : $"Corpus/{name}.{scenario}.run.txt", result.ToString());
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.BrokenNames), MemberType = typeof(CorpusFiles))]
    public void Broken_script_reports_golden_diagnostics(string name)
    {
        string path = CorpusFiles.BrokenPath(name);
        IpxeScript script = IpxeParser.Parse(CorpusFiles.Read(path));
        Assert.NotEmpty(script.Diagnostics);
        string text = string.Concat(script.Diagnostics.Select(d => d.ToString(name + ".ipxe") + "\n"));
        GoldenFile.AssertMatches($"Corpus/Broken/{name}.diagnostics.txt", text);

        // The canonical form of a broken script still keeps its tokens.
        string canonical = IpxeScriptWriter.Write(script);
        Assert.Equal(CorpusFiles.TokenStream(CorpusFiles.Read(path)), CorpusFiles.TokenStream(canonical));
    }
}
