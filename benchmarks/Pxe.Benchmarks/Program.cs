using BenchmarkDotNet.Running;

namespace Pxe.Benchmarks;

/// <summary>Entry point: one <see cref="BenchmarkSwitcher"/> over every benchmark class in this assembly.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line (for example <c>--filter *Dhcp*</c>).</summary>
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, PxeBenchmarkConfig.Create());
}
