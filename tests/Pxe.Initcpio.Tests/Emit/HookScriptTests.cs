using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Emit;

/// <summary>The generated hook scripts: golden files, and every script passes bash -n, busybox ash -n and shellcheck.</summary>
public sealed class HookScriptTests
{
    public static TheoryData<string> ReadyHooks => new(PxeHooks.Names);

    [Theory]
    [MemberData(nameof(ReadyHooks))]
    public void InstallScriptMatchesGolden(string name) =>
        GoldenFile.AssertMatches($"Golden/install_{name}.sh", InstallScriptWriter.Write(PxeHooks.Find(name)!));

    [Theory]
    [MemberData(nameof(ReadyHooks))]
    public void RuntimeScriptMatchesGolden(string name) =>
        GoldenFile.AssertMatches($"Golden/hook_{name}.sh", RuntimeScriptWriter.Write(PxeHooks.Find(name)!));

    [Theory]
    [MemberData(nameof(ReadyHooks))]
    public async Task ScriptsPassBashAshAndShellcheck(string name)
    {
        using var tmp = new TempDir();
        InitcpioHook hook = PxeHooks.Find(name)!;
        string install = Path.Combine(tmp.Path, "install");
        string runtime = Path.Combine(tmp.Path, "hook");
        await File.WriteAllTextAsync(install, InstallScriptWriter.Write(hook));
        await File.WriteAllTextAsync(runtime, RuntimeScriptWriter.Write(hook));
        await AssertCleanAsync(install, runtime);
    }

    [Fact]
    public async Task RuntimeFunctionsStartAtColumnZeroAsAddRunscriptGrepsThem()
    {
        foreach (string name in PxeHooks.Names)
        {
            string script = RuntimeScriptWriter.Write(PxeHooks.Find(name)!);
            using var tmp = new TempDir();
            string path = Path.Combine(tmp.Path, "hook");
            await File.WriteAllTextAsync(path, script);

            // The same expression as mkinitcpio's add_runscript.
            string found = await TestTree.Sh($"grep -oE '^run_[[:alnum:]_]+' '{path}'");
            Assert.Equal("run_hook", found.Trim());
        }
    }

    [Fact]
    public async Task AHookUsingEveryFeatureQuotesEveryValue()
    {
        var hook = new InitcpioHook("odd-values_1")
        {
            Help = "Line with 'quotes', $dollar and `backticks`\nHELPEOF\nlast line",
            RuntimeFunctions = "odd_helper() {\n    echo helper\n}\n",
            MountHandler = new MountHandler("odd_mount", "mount -t tmpfs none \"$1\"", "[ -n \"${odd}\" ]"),
        };
        hook.Parameters.Add(new HookParameter("odd", "VALUE", "a value with 'quotes'", "it's"));
        hook.BuildSteps.Add(BuildStep.AddModule("nfsv3"));
        hook.BuildSteps.Add(BuildStep.AddBinary("/usr/bin/with space", "/bin/$x"));
        hook.BuildSteps.Add(BuildStep.AddFile("/etc/it's", mode: "600"));
        hook.BuildSteps.Add(BuildStep.AddFileContent("hosts: files dns\n'$(rm -rf /)'\n", "/etc/nsswitch.conf"));
        hook.BuildSteps.Add(BuildStep.AddDir("/run/`x`", "700"));
        hook.BuildSteps.Add(BuildStep.AddSymlink("/bin/a b", "c;d"));
        hook.BuildSteps.Add(BuildStep.AddFullDir("/usr/lib/fw", stripPrefix: "/usr"));
        hook.BuildSteps.Add(BuildStep.Map("add_binary", "a", "b c", "\"d\""));
        hook.BuildSteps.Add(BuildStep.AddRunscript());
        hook.RuntimeHooks[RuntimeHookPoint.Early] = "echo early";
        hook.RuntimeHooks[RuntimeHookPoint.Late] = "echo late";
        hook.RuntimeHooks[RuntimeHookPoint.Cleanup] = "echo cleanup";
        hook.RuntimeHooks[RuntimeHookPoint.Emergency] = "echo emergency";

        string install = InstallScriptWriter.Write(hook);
        string runtime = RuntimeScriptWriter.Write(hook);
        GoldenFile.AssertMatches("Golden/install_odd-values_1.sh", install);
        GoldenFile.AssertMatches("Golden/hook_odd-values_1.sh", runtime);

        using var tmp = new TempDir();
        string installPath = Path.Combine(tmp.Path, "install");
        string runtimePath = Path.Combine(tmp.Path, "hook");
        await File.WriteAllTextAsync(installPath, install);
        await File.WriteAllTextAsync(runtimePath, runtime);
        await AssertCleanAsync(installPath, runtimePath);

        // Run build() with recording stand-ins for the helpers: each receives exactly the values of the model.
        string stub = Path.Combine(tmp.Path, "stub.sh");
        await File.WriteAllTextAsync(stub, RecordingHelpers);
        string calls = await TestTree.Sh($"bash '{stub}' '{installPath}'");
        Assert.Contains("add_binary|/usr/bin/with space|/bin/$x\n", calls, StringComparison.Ordinal);
        Assert.Contains("add_file|/etc/it's||600\n", calls, StringComparison.Ordinal);
        Assert.Contains("add_file|-|/etc/nsswitch.conf|644|stdin=hosts: files dns\n'$(rm -rf /)'\n", calls, StringComparison.Ordinal);
        Assert.Contains("add_dir|/run/`x`|700\n", calls, StringComparison.Ordinal);
        Assert.Contains("add_symlink|/bin/a b|c;d\n", calls, StringComparison.Ordinal);
        Assert.Contains("add_full_dir|/usr/lib/fw|*|/usr\n", calls, StringComparison.Ordinal);
        Assert.Contains("add_binary|b c\nadd_binary|\"d\"\n", calls, StringComparison.Ordinal);
        Assert.Contains("HELPEOF\nlast line\n", calls, StringComparison.Ordinal);

        // Runtime: functions at column 0 for each point, the handler claimed only under its condition.
        string points = await TestTree.Sh($"grep -oE '^run_[[:alnum:]_]+' '{runtimePath}' | tr '\\n' ' '");
        Assert.Equal("run_earlyhook run_hook run_latehook run_cleanuphook run_emergencyhook ", points.TrimEnd('\n'));
        string claimed = await TestTree.Sh($"busybox ash -c '. \"{runtimePath}\"; run_hook; echo \"[$mount_handler]\"; odd=1; run_hook; echo \"[$mount_handler]\"'");
        Assert.Equal("[]\n[odd_mount]\n", claimed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("../up")]
    public void BadHookNamesAreRefused(string name) =>
        Assert.Throws<ArgumentException>(() => new InitcpioHook(name));

    // mkinitcpio's helpers replaced by recorders that print their arguments (and stdin for "add_file -").
    private const string RecordingHelpers = """
        record() {
            local name=$1
            shift
            printf '%s' "$name"
            for a in "$@"; do printf '|%s' "$a"; done
            if [ "$name" = add_file ] && [ "$1" = - ]; then printf '|stdin=%s' "$(cat)"; fi
            echo
        }
        for f in add_module add_checked_modules add_binary add_file add_dir add_symlink add_full_dir add_runscript; do
            eval "$f() { record $f \"\$@\"; }"
        done
        map() { local f=$1; shift; for a in "$@"; do "$f" "$a"; done; }
        . "$1"
        build
        help
        """;

    private static async Task AssertCleanAsync(string install, string runtime)
    {
        await TestTree.Sh($"bash -n '{install}'");
        await TestTree.Sh($"bash -n '{runtime}'");
        await TestTree.Sh($"busybox ash -n '{runtime}'");
        await TestTree.Sh($"shellcheck -s bash '{install}'");
        await TestTree.Sh($"shellcheck '{runtime}'");
    }
}
