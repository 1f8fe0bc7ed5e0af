using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;

namespace Pxe.Benchmarks;

/// <summary>
/// The configuration every Pxe benchmark runs under: the memory diagnoser is always on, because the target
/// for every codec benchmark is 0 B allocated, and results are grouped by category so each class reads
/// against its baseline.
/// </summary>
public static class PxeBenchmarkConfig
{
    /// <summary>Creates the shared configuration.</summary>
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.JoinSummary)
            .AddJob(Job.Default.WithId("net10"));
}
