using Xunit;

namespace Pxe.Testing;

/// <summary>Paths inside the repository that tests need: its root and the built <c>pxe</c> host.</summary>
public static class Repository
{
    /// <summary>The environment variable that points tests at another build of <c>pxe.dll</c>.</summary>
    public const string HostDllVariable = "PXE_HOST_DLL";

    private static readonly Lazy<string> s_root = new(() =>
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Pxe.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Pxe.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The folder holding <c>Pxe.sln</c>, found upwards from the test assembly.</summary>
    public static string Root => s_root.Value;

    /// <summary>
    /// The built <c>samples/Pxe.Host</c> (<c>pxe.dll</c>, run it with <c>dotnet</c>): <see cref="HostDllVariable"/> when
    /// set, else the build of the test assembly's configuration, else the other configuration's. Fails the test with
    /// the command to run when the host is not built (test.sh builds the whole solution first).
    /// </summary>
    public static string PxeHostDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable(HostDllVariable) is { Length: > 0 } overridden)
            {
                return overridden;
            }

            bool debug = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal);
            foreach (string configuration in debug ? ["Debug", "Release"] : (string[])["Release", "Debug"])
            {
                string path = Path.Combine(Root, "samples", "Pxe.Host", "bin", configuration, "net10.0", "pxe.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            Assert.Fail($"the pxe host is not built under {Root}/samples/Pxe.Host/bin: run 'dotnet build samples/Pxe.Host -c Release' (test.sh builds it)");
            return string.Empty;
        }
    }
}
