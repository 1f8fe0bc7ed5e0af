using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests.Commands;

public sealed class IpxeCommandsTests
{
    [Fact]
    public void The_table_has_every_registered_name()
    {
        // 5 (exec.c) + 2 (script.c) + 2 (shell.c) + 75 (hci/commands incl. synonyms) + 3 (x86) + 5 optional digests = 92.
        Assert.Equal(92, IpxeCommands.All.Count);
        Assert.Equal(IpxeCommands.All.Count, IpxeCommands.All.Select(static c => c.Name).Distinct().Count());
        foreach (string name in (string[])["dhcp", "ifopen", "ifstat", "route", "kernel", "imgexec", "initrd", "imgfetch", "chain", "boot",
            "imgtrust", "imgverify", "imgstat", "params", "param", "menu", "item", "choose", "prompt", "read", "set", "clear", "inc",
            "isset", "iseq", "goto", "sleep", "echo", "shell", "exit", "reboot", "poweroff", "sanboot", "sanhook", "sanunhook", "ntp",
            "nslookup", "cpuid", "sync", "login", "show", "config", "vcreate", "vdestroy"])
        {
            Assert.True(IpxeCommands.TryGet(name, out _), name);
        }
    }

    [Fact]
    public void Synonyms_share_the_canonical_command()
    {
        Assert.True(IpxeCommands.TryGet("initrd", out IpxeCommandDescriptor? initrd));
        Assert.Equal("imgfetch", initrd.CanonicalName);
        Assert.True(IpxeCommands.TryGet("chain".AsSpan(), out IpxeCommandDescriptor? chain));
        Assert.Equal("imgexec", chain.CanonicalName);
        Assert.True(IpxeCommands.TryGet("dhcp", out IpxeCommandDescriptor? dhcp));
        Assert.Equal("ifconf", dhcp.CanonicalName);
        Assert.False(IpxeCommands.TryGet("Chain", out _));
    }

    [Fact]
    public void Option_letters_are_unique_per_command_and_leave_h_for_help()
    {
        foreach (IpxeCommandDescriptor command in IpxeCommands.All)
        {
            Assert.Equal(command.Options.Count, command.Options.Select(static o => o.ShortName).Distinct().Count());
            Assert.DoesNotContain(command.Options, static o => o.ShortName == 'h');
            Assert.StartsWith("Usage: " + command.Name, command.ToString(), StringComparison.Ordinal);
        }
    }
}
