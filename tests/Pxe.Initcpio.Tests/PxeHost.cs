using Pxe.Testing;

namespace Pxe.Initcpio.Tests;

/// <summary>Runs the built <c>pxe</c> command (samples/Pxe.Host), building it once if the Release output is missing.</summary>
internal static class PxeHost
{
    private static readonly SemaphoreSlim s_build = new(1, 1);
    private static bool s_built;

    public static string Dll => Path.Combine(KernelPackage.RepositoryRoot, "samples/Pxe.Host/bin/Release/net10.0/pxe.dll");

    public static async Task EnsureBuiltAsync()
    {
        await s_build.WaitAsync();
        try
        {
            if (s_built || File.Exists(Dll))
            {
                s_built = true;
                return;
            }

            PeerResult r = await PeerProcess.RunAsync("dotnet", ["build", Path.Combine(KernelPackage.RepositoryRoot, "samples/Pxe.Host"), "-c", "Release", "-nologo", "-v", "q"], TimeSpan.FromMinutes(8));
            Assert.True(r.ExitCode == 0, "building samples/Pxe.Host failed: " + r.Output);
            s_built = true;
        }
        finally
        {
            s_build.Release();
        }
    }

    public static async Task<PeerResult> RunAsync(params string[] args)
    {
        await EnsureBuiltAsync();
        return await PeerProcess.RunAsync("dotnet", [Dll, .. args], TimeSpan.FromMinutes(2));
    }
}
