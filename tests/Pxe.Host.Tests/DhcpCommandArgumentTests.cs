using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary><c>pxe dhcp</c> as a process: every flag reaches the configuration, and bad values stop it with a reason before it binds a port.</summary>
public sealed class DhcpCommandArgumentTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static Task<PeerResult> PxeDhcpAsync(params string[] args) =>
        PeerProcess.RunAsync("dotnet", [Repository.PxeHostDll, "dhcp", "--interface", "lo", "--server-ip", "127.0.0.1", .. args], Limit);

    [Theory]
    [InlineData("a second --range in the first one's subnet", "share a subnet", "--range", "10.0.0.100-10.0.0.150", "--range", "10.0.0.160-10.0.0.200")]
    [InlineData("a second --range with its own mask overlapping the first", "share a subnet", "--range", "10.0.0.100-10.0.0.150", "--range", "10.0.1.10-10.0.1.20,255.255.0.0")]
    [InlineData("a --range without a dash", "expected START-END[,MASK[,ROUTER]]", "--range", "10.0.0.100")]
    [InlineData("a --range with a bad router", "is not", "--range", "10.0.0.100-10.0.0.150,255.255.255.0,router")]
    [InlineData("--max-new-clients 0", "MaxNewClientsPerSecond must be positive", "--range", "10.0.0.100-10.0.0.150", "--max-new-clients", "0")]
    [InlineData("a TFTP URL as --http-boot-url", "HttpBootUrl must be an absolute http://", "--range", "10.0.0.100-10.0.0.150", "--http-boot-url", "tftp://10.0.0.1/ipxe.efi")]
    public async Task Bad_configuration_exits_2_with_the_reason(string what, string reason, params string[] args)
    {
        PeerResult r = await PxeDhcpAsync(args);
        Assert.False(r.TimedOut, $"{what}: pxe dhcp kept running\n{r.Output}");
        Assert.True(r.ExitCode == 2, $"{what}\n{r.Output}");
        Assert.Contains(reason, r.StandardError, StringComparison.Ordinal);
    }
}
