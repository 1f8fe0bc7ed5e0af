using System.CommandLine;

namespace Pxe.Host;

/// <summary>
/// Builds the <c>pxe</c> command tree. Each subcommand lives in <c>Commands/</c> as one static class with a
/// <c>Create()</c> method; add one line here per subcommand, keeping them in alphabetical order.
/// </summary>
internal static class PxeCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("pxe: network-boot machines from one process — DHCP, TFTP, HTTP and NFS servers and the tools around them.");
        root.Subcommands.Add(Commands.CaptureCommand.Create());
        root.Subcommands.Add(Commands.CpioCommand.Create());
        root.Subcommands.Add(Commands.DecodeCommand.Create());
        root.Subcommands.Add(Commands.DemoCommand.Create());
        root.Subcommands.Add(Commands.DhcpCommand.Create());
        root.Subcommands.Add(Commands.InitcpioCommand.Create());
        root.Subcommands.Add(Commands.InitramfsCommand.Create());
        root.Subcommands.Add(Commands.IpxeCommand.Create());
        root.Subcommands.Add(Commands.NfsCommand.Create());
        root.Subcommands.Add(Commands.QuickCommand.Create());
        root.Subcommands.Add(Commands.ServeCommand.Create());
        root.Subcommands.Add(Commands.TftpCommand.Create());
        return root;
    }
}
