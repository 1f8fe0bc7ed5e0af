using Xunit;

namespace Pxe.Testing;

/// <summary>
/// Proves that a hot path allocates nothing, by reading <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// around it. The action runs once to warm up (JIT, static constructors, lazy caches) and is then measured
/// over several iterations, so a one-off allocation in the first call does not hide a per-call one.
/// </summary>
public static class AllocationAssert
{
    /// <summary>How many measured iterations run after the warm-up call.</summary>
    public const int DefaultIterations = 100;

    /// <summary>Asserts that <paramref name="action"/> allocates 0 bytes per call on the current thread.</summary>
    /// <param name="action">The code under measurement; it must not capture locals that force a closure per call.</param>
    /// <param name="iterations">Measured calls after the warm-up.</param>
    public static void NoAllocations(Action action, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            action();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"expected 0 bytes allocated over {iterations} calls, measured {allocated} bytes ({allocated / (double)iterations:F1} per call)");
    }

    /// <summary>Measures the bytes allocated by one call of <paramref name="action"/> after a warm-up call.</summary>
    public static long Measure(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
