using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests.Interpreter;

public sealed class IpxeInterpreterTests
{
    private static IpxeRunResult Run(string body, Action<IpxeInterpreterOptions>? configure = null)
    {
        var options = new IpxeInterpreterOptions();
        configure?.Invoke(options);
        return IpxeInterpreter.Run(IpxeParser.Parse("#!ipxe\n" + body), options);
    }

    private static string[] Lines(IpxeRunResult result) => [.. result.Trace.Select(static t => t.ToString())];

    [Fact]
    public void Settings_expand_after_splitting_so_values_with_spaces_stay_one_argument()
    {
        IpxeRunResult result = Run("set greeting hello   big world\niseq ${greeting} hello || exit 3\n");
        Assert.Equal(IpxeRunOutcome.Exited, result.Outcome);
        Assert.Equal(3, result.ExitStatus);
        Assert.Equal("hello big world", result.Settings["greeting"]);
        Assert.Equal(["iseq", "hello big world", "hello"], result.Trace[1].Arguments);
    }

    [Fact]
    public void Expansion_is_innermost_first_and_typed()
    {
        IpxeRunResult result = Run("set i 0\necho ${net${i}/mac:hexhyp} ${net0/mac:hexraw} ${mac} ${product:uristring} [${}] ${unknown}\n",
            o =>
            {
                o.Settings["net0/mac"] = "52:54:00:12:34:56";
                o.Settings["product"] = "Q35 PC/1";
            });
        Assert.Equal("echo 52-54-00-12-34-56 525400123456 52:54:00:12:34:56 Q35%20PC%2F1 [] \"\"", result.Trace[1].CommandLine);
        Assert.Equal(string.Empty, result.Trace[1].Arguments[^1]);
    }

    [Fact]
    public void Self_referencing_settings_stop_at_the_expansion_limit()
    {
        IpxeRunResult result = Run("set x ${x}\necho ${x}\n", o => o.Settings["x"] = "a${x}");
        Assert.Equal(IpxeRunOutcome.Failed, result.Outcome);
        Assert.Contains("expansion", result.Trace[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Or_and_and_follow_exec_c_including_the_unconsumed_failure_trap()
    {
        // "isset x && goto y" as the last command: isset fails, goto is skipped, the line fails, the script stops.
        IpxeRunResult result = Run("isset ${nothing} && goto y\n:y\necho unreachable\n");
        Assert.Equal(IpxeRunOutcome.Failed, result.Outcome);
        Assert.Equal(["2: isset \"\"  => failed"], Lines(result));

        IpxeRunResult ok = Run("isset ${nothing} && goto y ||\necho reached\n:y\n");
        Assert.Equal(IpxeRunOutcome.Completed, ok.Outcome);
        Assert.Equal("echo reached", ok.Trace[^1].CommandLine);
    }

    [Fact]
    public void Goto_resumes_at_the_label_line_and_runs_its_command()
    {
        IpxeRunResult result = Run("set n:int32 0\n:loop inc n\niseq ${n} 3 || goto loop\nexit 0\n");
        Assert.Equal(["2: set n:int32 0", "3: inc n", "4: iseq 1 3  => failed", "4: goto loop", "3: inc n", "4: iseq 2 3  => failed", "4: goto loop", "3: inc n", "4: iseq 3 3", "5: exit 0"], Lines(result));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Failure_rules_match_prefixes_and_wear_off()
    {
        IpxeRunResult result = Run(":a\nchain http://x/a.ipxe || goto a\n", o => o.Failures.Add(IpxeFailureRule.Parse("chain http://x*2")));
        Assert.Equal(IpxeRunOutcome.Booted, result.Outcome);
        Assert.Equal(3, result.Trace.Count(static t => t.Arguments[0] == "chain"));
        Assert.Equal("booted: chain http://x/a.ipxe", result.Message);
        Assert.False(IpxeFailureRule.Parse("chain").Matches("chainx"));
        Assert.True(IpxeFailureRule.Parse("chain").Matches("chain x"));
    }

    [Fact]
    public void Endless_retry_loops_stop_at_the_step_limit()
    {
        IpxeRunResult result = Run(":retry\ndhcp || goto retry\n", o =>
        {
            o.Failures.Add(new IpxeFailureRule("dhcp"));
            o.MaxSteps = 50;
        });
        Assert.Equal(IpxeRunOutcome.StepLimit, result.Outcome);
        Assert.Equal(50, result.Trace.Count);
    }

    [Fact]
    public void Menus_choose_the_default_item()
    {
        const string Menu = "menu Pick\nitem --gap Heading\nitem a A\nitem --default b B\nchoose --timeout 1000 t && goto ${t}\n:a\nexit 1\n:b\nexit 2\n";
        Assert.Equal(2, Run(Menu).ExitStatus);
        Assert.Equal(1, Run(Menu.Replace("--default b", "b", StringComparison.Ordinal)).ExitStatus);
        Assert.Equal(1, Run(Menu.Replace("choose --timeout", "choose --default a --timeout", StringComparison.Ordinal)).ExitStatus);
    }

    [Fact]
    public void Prompt_with_a_timeout_fails_unless_a_key_is_pressed()
    {
        const string Script = "prompt --timeout 2000 Press a key && exit 4 ||\nexit 5\n";
        Assert.Equal(5, Run(Script).ExitStatus);
        Assert.Equal(4, Run(Script, o => o.KeyPressed = true).ExitStatus);
        Assert.Equal(4, Run("prompt Press && exit 4 ||\n").ExitStatus);
    }

    [Fact]
    public void Unknown_commands_bad_options_and_help_fail_like_ipxe()
    {
        Assert.Equal("2: kernal x  => failed: kernal: command not found", Lines(Run("kernal x\n"))[0]);
        Assert.Equal("2: chain --bogus x  => failed: 'chain' has no option '--bogus'", Lines(Run("chain --bogus x\n"))[0]);
        Assert.Equal("2: echo --help  => failed: printed usage (--help)", Lines(Run("echo --help\n"))[0]);
        Assert.Equal(IpxeRunOutcome.Failed, Run("set\n").Outcome);
    }

    [Fact]
    public void Boot_needs_a_selected_image_and_exit_status_is_kept()
    {
        Assert.Equal(IpxeRunOutcome.Failed, Run("boot\n").Outcome);
        Assert.Equal(IpxeRunOutcome.Booted, Run("kernel http://x/vmlinuz quiet\nboot\n").Outcome);
        Assert.Equal(IpxeRunOutcome.Booted, Run("sanboot --drive 0x80\n").Outcome);
        Assert.Equal(IpxeRunOutcome.Rebooted, Run("reboot\n").Outcome);
        Assert.Equal(IpxeRunOutcome.PoweredOff, Run("poweroff\n").Outcome);
        IpxeRunResult exit = Run("exit 0x10\n");
        Assert.Equal((IpxeRunOutcome.Exited, 16, false), (exit.Outcome, exit.ExitStatus, exit.Succeeded));
    }

    [Fact]
    public void Scripts_without_a_header_and_discarded_lines_are_not_run()
    {
        Assert.Equal(IpxeRunOutcome.NotAScript, IpxeInterpreter.Run(IpxeParser.Parse("dhcp\n")).Outcome);
        IpxeRunResult result = Run("echo a\necho b \\");
        Assert.Equal(IpxeRunOutcome.Failed, result.Outcome);
        Assert.Equal(["2: echo a"], Lines(result));
    }

    [Fact]
    public void Inc_of_a_string_setting_fails_as_in_ipxe()
    {
        // Seen with iPXE's own ROM: "set k 5" stores a string and "inc k" fails with "Operation not supported".
        IpxeRunResult result = Run("set k 5\ninc k || echo failed\nset i:int32 5\ninc i 2\necho ${k} ${i}\n");
        Assert.Equal("failed\n5 7\n", result.Output);
        Assert.Contains(IpxeParser.Parse("#!ipxe\nset k 5\ninc k ||\n").Diagnostics, static d => d.Code == IpxeDiagnosticCodes.IncrementOfString);
    }

    [Fact]
    public void Echo_output_follows_the_console()
    {
        Assert.Equal("a b\nName: x\n", Run("echo a   b\necho -n Name: ${}\necho x\n").Output);
    }

    [Fact]
    public void Typed_formatting_follows_ipxe()
    {
        IpxeRunResult result = Run("set p a/b:c?d&f=g%h@i~j!k(l) m\nset q 0x2a\necho ${p:uristring} ${q:hex} ${net0/mac:hex}\n",
            o => o.Settings["net0/mac"] = "52:54:00:12:34:56");
        Assert.Equal("a%2Fb%3Ac%3Fd%26f%3Dg%25h%40i~j!k(l)%20m 30:78:32:61 52:54:00:12:34:56\n", result.Output);
    }

    [Fact]
    public void Imgtrust_lets_only_verified_images_run()
    {
        const string Script = "imgtrust\nkernel --name k http://x/vmlinuz\nimgverify k http://x/vmlinuz.sig ||\nboot\n";
        Assert.Equal(IpxeRunOutcome.Booted, Run(Script).Outcome);
        IpxeRunResult unverified = Run(Script, o => o.Failures.Add(new IpxeFailureRule("imgverify")));
        Assert.Equal(IpxeRunOutcome.Failed, unverified.Outcome);
        Assert.Contains("not trusted", unverified.Trace[^1].Note, StringComparison.Ordinal);
        Assert.Equal(IpxeRunOutcome.Failed, Run("imgtrust\nchain http://x/next.ipxe\n").Outcome);
        Assert.Equal(IpxeRunOutcome.Booted, Run("imgtrust --allow\nchain http://x/next.ipxe\n").Outcome);
    }

    [Fact]
    public void Inc_and_clear_follow_the_settings_commands()
    {
        IpxeRunResult result = Run("inc n\ninc n 5\nset gone x\nclear gone\nset empty\n");
        Assert.Equal("6", result.Settings["n"]);
        Assert.False(result.Settings.ContainsKey("gone"));
        Assert.False(result.Settings.ContainsKey("empty"));
    }
}

public sealed class IpxeInterpreterLoggingTests
{
    private sealed class CollectingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(int Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId.Id, formatter(state, exception)));
    }

    [Fact]
    public void Each_command_and_the_end_are_logged_with_ipxe_event_ids()
    {
        var logger = new CollectingLogger();
        var options = new IpxeInterpreterOptions { Logger = logger };
        options.Failures.Add(new IpxeFailureRule("dhcp"));
        IpxeInterpreter.Run(IpxeParser.Parse("#!ipxe\ndhcp ||\necho hi\n"), options);
        Assert.Equal([4002, 4001, 4003], logger.Entries.Select(static e => e.Id));
        Assert.All(logger.Entries, static e => Assert.InRange(e.Id, 4000, 4999));
        Assert.Contains("echo hi", logger.Entries[1].Message, StringComparison.Ordinal);
    }
}
