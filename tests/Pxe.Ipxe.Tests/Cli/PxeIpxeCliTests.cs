using Pxe.Testing;

namespace Pxe.Ipxe.Tests.Cli;

/// <summary>
/// <c>pxe ipxe check|fmt|run</c> through the built <c>pxe</c> binary (test.sh builds the solution first; locally run
/// <c>dotnet build samples/Pxe.Host -c Release</c>).
/// </summary>
public sealed class PxeIpxeCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static string Pxe() => Repository.PxeHostDll;

    private static Task<PeerResult> RunPxe(params string[] args) => PeerProcess.RunAsync("dotnet", [Pxe(), "ipxe", .. args], Limit);

    [Fact]
    public async Task Check_accepts_the_whole_corpus()
    {
        PeerResult result = await RunPxe(["check", .. CorpusFiles.Scripts]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(": error ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("alpine-netboot.ipxe:1:1: warning IPXE014:", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.BrokenNames), MemberType = typeof(CorpusFiles))]
    public async Task Check_prints_the_golden_diagnostics_and_exits_1_on_errors(string name)
    {
        string path = CorpusFiles.BrokenPath(name);
        PeerResult result = await RunPxe("check", path);
        string golden = File.ReadAllText(GoldenFile.Resolve($"Corpus/Broken/{name}.diagnostics.txt"));
        Assert.Equal(golden.Replace(name + ".ipxe:", path + ":", StringComparison.Ordinal), result.StandardOutput.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(golden.Contains(": error ", StringComparison.Ordinal) ? 1 : 0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.Scenarios), MemberType = typeof(CorpusFiles))]
    public async Task Run_prints_the_golden_trace(string name, string scenario)
    {
        PeerResult result = await RunPxe(["run", CorpusFiles.ScriptPath(name), .. CorpusFiles.RunArguments(name, scenario)]);
        string golden = File.ReadAllText(GoldenFile.Resolve(scenario == "default" ? $"Corpus/{name}.run.txt" : $"Corpus/{name}.{scenario}.run.txt"));
        Assert.Equal(golden, result.StandardOutput);
        bool succeeded = golden.Contains("\n-- booted", StringComparison.Ordinal) || golden.Contains("\n-- exit 0\n", StringComparison.Ordinal)
            || golden.Contains("\n-- reboot\n", StringComparison.Ordinal) || golden.Contains("\n-- poweroff\n", StringComparison.Ordinal)
            || golden.Contains("\n-- end of script\n", StringComparison.Ordinal);
        Assert.True((succeeded ? 0 : 1) == result.ExitCode, result.Output);
    }

    [Fact]
    public async Task Fmt_prints_the_canonical_form_and_is_idempotent()
    {
        string path = CorpusFiles.ScriptPath("continuation-crlf");
        PeerResult first = await RunPxe("fmt", path);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(File.ReadAllText(GoldenFile.Resolve("Corpus/continuation-crlf.fmt.txt")), first.StandardOutput);

        string temp = Path.Combine(Path.GetTempPath(), $"pxe-ipxe-fmt-{Environment.ProcessId}.ipxe");
        try
        {
            await File.WriteAllTextAsync(temp, first.StandardOutput);
            PeerResult second = await RunPxe("fmt", temp);
            Assert.Equal(first.StandardOutput, second.StandardOutput);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "--bogus", "x.ipxe")]
    [InlineData("check", "/nonexistent/none.ipxe")]
    [InlineData("fmt")]
    [InlineData("fmt", "a.ipxe", "b.ipxe")]
    [InlineData("run")]
    [InlineData("run", "CORPUS", "--set")]
    [InlineData("run", "CORPUS", "--set", "novalue")]
    [InlineData("run", "CORPUS", "--fail")]
    [InlineData("run", "CORPUS", "--max-steps", "zero")]
    [InlineData("run", "CORPUS", "--unknown")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        string[] resolved = [.. args.Select(static a => a == "CORPUS" ? CorpusFiles.ScriptPath("menu") : a)];
        PeerResult result = await RunPxe(resolved);
        Assert.True(result.ExitCode == 2, result.Output);
        Assert.True(result.StandardError.Contains("Usage: pxe ipxe", StringComparison.Ordinal)
            || result.StandardError.Contains("no such file", StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public async Task Random_bytes_never_crash_any_subcommand()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"pxe-ipxe-random-{Environment.ProcessId}.ipxe");
        var random = new Random(5);
        byte[] bytes = new byte[64 * 1024];
        random.NextBytes(bytes);
        try
        {
            await File.WriteAllBytesAsync(temp, [.. "#!ipxe\n"u8, .. bytes]);
            foreach (string command in (string[])["check", "fmt", "run", "dump"])
            {
                PeerResult result = await RunPxe(command, temp);
                Assert.True(result.ExitCode is 0 or 1, result.Output);
                Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
