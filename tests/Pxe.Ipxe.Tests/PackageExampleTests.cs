using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests;

/// <summary>The example in src/Pxe.Ipxe/PACKAGE.md, kept compiling and true.</summary>
public sealed class PackageExampleTests
{
    [Fact]
    public void Package_readme_example_runs_as_documented()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\n:retry\ndhcp || goto retry\nkernal http://10.0.2.2/vmlinuz\nchain http://${next-server}/${net0/mac:hexhyp}.ipxe\n");
        Assert.Equal("boot.ipxe:4:1: error IPXE002: unknown command 'kernal'", Assert.Single(script.Diagnostics).ToString("boot.ipxe"));

        string canonical = IpxeScriptWriter.Write(script);
        Assert.Equal(script, IpxeParser.Parse(canonical));

        var options = new IpxeInterpreterOptions();
        options.Settings["net0/mac"] = "52:54:00:12:34:56";
        options.Settings["next-server"] = "10.0.2.2";
        options.Failures.Add(IpxeFailureRule.Parse("dhcp*2"));
        IpxeRunResult run = IpxeInterpreter.Run(script, options);
        Assert.Equal(3, run.Trace.Count(static t => t.Arguments[0] == "dhcp"));
        Assert.Equal(IpxeRunOutcome.Failed, run.Outcome); // 'kernal' is not a command, as the checker said

        string text = new IpxeScriptBuilder()
            .Retry("retry_dhcp", 5, "failed", "dhcp")
            .Chain("http://10.0.2.2/hosts/${net0/mac:hexhyp}.ipxe", onFailureGoto: "menu")
            .Label("menu")
            .Menu("Boot menu", m => m.Item("arch", "Arch Linux").Item("shell", "iPXE shell"), timeoutMilliseconds: 5000)
            .Label("arch")
            .BootLinux("http://10.0.2.2/arch/vmlinuz-linux", ["http://10.0.2.2/arch/initramfs-linux.img"], "ip=dhcp", onFailureGoto: "failed")
            .Label("shell").Command("shell")
            .Label("failed").Echo("Boot failed").Command("shell")
            .ToString();
        Assert.Empty(IpxeParser.Parse(text).Diagnostics);

        int words = 0;
        using var lexer = new IpxeLexer(text);
        while (lexer.Read())
        {
            if (lexer.Kind == IpxeTokenKind.Word)
            {
                words++;
            }
        }

        Assert.True(words > 40);
    }
}
