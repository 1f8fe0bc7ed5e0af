using System.Text.RegularExpressions;
using Pxe.Ipxe;
using Pxe.Testing;

namespace Pxe.Ipxe.Tests.Peer;

/// <summary>
/// The real peer: iPXE itself (the NIC option ROM from Debian's ipxe-qemu, in QEMU with SeaBIOS) runs a script made by
/// <see cref="IpxeScriptBuilder"/>, fetched over QEMU's built-in DHCP/TFTP (user-mode networking with
/// <c>restrict=on</c>, inside a network namespace this test creates, so nothing can leave). Every <c>echo</c> line iPXE
/// prints on the serial console must equal what <see cref="IpxeInterpreter"/> predicts. The ROM here is
/// iPXE 1.0.0+git-20190125.36a4c85 (Debian's ipxe-qemu); one boot takes about 20 s under TCG.
/// </summary>
public sealed partial class RealIpxeTests
{
    private static readonly TimeSpan VmLimit = TimeSpan.FromSeconds(150);

    internal static IpxeScript ConformanceScript() => new IpxeScriptBuilder()
        .Comment("Pxe.Ipxe conformance script: every echo below is compared with the dry run")
        .Echo("T start ${net0/mac:hexhyp} ${net0/mac:hexraw} ${mac} ${net0/ip}")
        .Retry("retry", 3, "exhausted", "iseq", "x", "y")
        .Label("exhausted")
        .Echo("T retries ${retry_tries}")
        .GotoIfEquals("retry_tries", "4", "equal")
        .Echo("T not equal")
        .Label("equal")
        .Set("p", "a/b:c?d&f=g%h@i~j!k(l)")
        .Set("nm", "p")
        .Echo("T uri ${${nm}:uristring} [${}]")
        .Set("k", "5")
        .CommandOrIgnore("inc", "k")
        .Echo("T k=${k}")
        .Set("q", "0x2a")
        .Echo("T hex ${q:hex}")
        .CommandOrGoto("help_failed", "echo", "--help")
        .Echo("T help succeeded")
        .Label("help_failed")
        .Line(new IpxeCommand("isset", "${nothing}").WithTerminator(IpxeChainOperator.And),
              new IpxeCommand("echo", "T", "never").WithTerminator(IpxeChainOperator.Or),
              new IpxeCommand([], IpxeChainOperator.None))
        .Line(new IpxeCommand("echo", "-n", "T", "same", "line${}").WithTerminator(IpxeChainOperator.Sequence),
              new IpxeCommand("echo", "continues"))
        .Echo("T a#b")
        .Line(new IpxeCommand("kernal", "x").WithTerminator(IpxeChainOperator.Or), new IpxeCommand("echo", "T", "unknown", "command", "fails"))
        .Line(new IpxeCommand("chain", "--bogus", "x").WithTerminator(IpxeChainOperator.Or), new IpxeCommand("echo", "T", "bad", "option", "fails"))
        .Line(new IpxeCommand("goto", "nowhere").WithTerminator(IpxeChainOperator.Or), new IpxeCommand("echo", "T", "missing", "label", "fails"))
        .Echo("T unterminated ${net0/mac and [${mac:hexhyphen}]")
        .Menu("Pick", m => m.Item("one", "First").Item("two", "Second", isDefault: true), setting: "picked", timeoutMilliseconds: 300)
        .Label("one")
        .Echo("T chose one")
        .Command("sleep", "1")
        .Command("reboot")
        .Label("two")
        .Echo("T chose ${picked}")
        .Command("sleep", "1") // let the serial console drain before the reset
        .Command("reboot")
        .Build();

    [Fact]
    public void Conformance_script_is_clean_and_its_dry_run_reboots()
    {
        IpxeScript script = ConformanceScript();

        // Every diagnostic is deliberate: the script checks that iPXE really fails (or ignores) what the checker reports.
        string[] expected = [IpxeDiagnosticCodes.IncrementOfString, IpxeDiagnosticCodes.UnknownCommand, IpxeDiagnosticCodes.UnknownOption,
            IpxeDiagnosticCodes.UndefinedLabel, IpxeDiagnosticCodes.UnterminatedSetting, IpxeDiagnosticCodes.UnknownSettingType];
        Assert.Equal(expected.Order(StringComparer.Ordinal), script.Diagnostics.Select(static d => d.Code).Order(StringComparer.Ordinal));
        IpxeRunResult result = IpxeInterpreter.Run(script, Options());
        Assert.Equal(IpxeRunOutcome.Rebooted, result.Outcome);
        GoldenFile.AssertMatches("Corpus/Generated/conformance.ipxe", script.ToString());
        GoldenFile.AssertMatches("Corpus/Generated/conformance.output.txt", result.Output);
    }

    [Fact]
    [Trait("Category", "Vm")]
    public async Task Real_ipxe_prints_what_the_dry_run_predicts()
    {
        IpxeScript script = ConformanceScript();
        string directory = Directory.CreateTempSubdirectory("pxe-ipxe-vm-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "conformance.ipxe"), script.ToString());
            string log = Path.Combine(directory, "serial.log");
            await using NetworkNamespace ns = await NetworkNamespace.CreateAsync("ipxe");
            PeerResult qemu = await ns.ExecAsync(VmLimit, "qemu-system-x86_64",
                "-accel", "tcg", "-m", "256", "-nographic", "-display", "none", "-monitor", "none", "-no-reboot",
                "-serial", "file:" + log,
                "-netdev", $"user,id=n0,tftp={directory},bootfile=conformance.ipxe,restrict=on,ipv6=off",
                "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56,bootindex=1", "-boot", "n");
            string serial = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
            Assert.False(qemu.TimedOut, "QEMU did not reboot (the script's last command) in time:\n" + serial);
            Assert.Contains("conformance.ipxe : ", serial, StringComparison.Ordinal);

            string[] real = EchoLines(serial);
            string[] predicted = EchoLines(IpxeInterpreter.Run(script, Options()).Output);
            Assert.True(predicted.Length >= 8, string.Join('\n', predicted));
            Assert.True(predicted.SequenceEqual(real), $"dry run:\n{string.Join('\n', predicted)}\n--- real iPXE:\n{string.Join('\n', real)}\n--- serial:\n{serial}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IpxeInterpreterOptions Options()
    {
        // What QEMU's user-mode DHCP server gives the guest.
        var options = new IpxeInterpreterOptions();
        options.Settings["net0/mac"] = "52:54:00:12:34:56";
        options.Settings["net0/ip"] = "10.0.2.15";
        options.Settings["next-server"] = "10.0.2.2";
        options.Settings["filename"] = "conformance.ipxe";
        return options;
    }

    /// <summary>The lines that start with <c>T </c>, after removing carriage returns and terminal control sequences.</summary>
    private static string[] EchoLines(string text) =>
        [.. Ansi().Replace(text, string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n')
            .Select(static l => l.TrimEnd()).Where(static l => l.StartsWith("T ", StringComparison.Ordinal))];

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\x00-\x08\x0b-\x0c\x0e-\x1f]")]
    private static partial Regex Ansi();
}
