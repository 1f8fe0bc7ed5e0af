using System.CommandLine;

namespace Pxe.Host;

/// <summary>The <c>pxe</c> command: every server alone or all together, and the tools around them.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => PxeCommandLine.Create().Parse(args).InvokeAsync();
}
