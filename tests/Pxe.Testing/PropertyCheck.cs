using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Pxe.Testing;

/// <summary>
/// Runs FsCheck properties with the project's seed policy: a fixed replay seed in the default run, so CI is
/// repeatable, and a random seed when <see cref="SeedVariable"/> is <c>random</c> (or a given seed when it is a
/// number), for a scheduled or local exploratory run. A failing run prints the seed that reproduces it.
/// </summary>
public static class PropertyCheck
{
    /// <summary>The environment variable that overrides the fixed seed: <c>random</c>, or a decimal seed.</summary>
    public const string SeedVariable = "PXE_FSCHECK_SEED";

    /// <summary>The seed of the default run.</summary>
    public const ulong FixedSeed = 0x5058_455F_5345_4544; // "PXE_SEED"

    /// <summary>The default number of generated cases per property.</summary>
    public const int DefaultMaxTest = 200;

    /// <summary>The configuration for one property: the seed policy, <paramref name="maxTest"/> cases, and failure as an exception.</summary>
    public static Config Config(int maxTest = DefaultMaxTest)
    {
        Config config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest);
        ulong? seed = Seed;
        return seed is null ? config : config.WithReplay(new Replay(new Rnd(seed.Value, 0x9E37_79B9_7F4A_7C15UL), null));
    }

    /// <summary>The seed in force for this run, or <see langword="null"/> for a random one.</summary>
    public static ulong? Seed
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable(SeedVariable);
            if (string.Equals(value, "random", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed) ? parsed : FixedSeed;
        }
    }

    /// <summary>Checks <paramref name="property"/> for every generated <typeparamref name="T"/>; throws on the first counterexample.</summary>
    public static void ForAll<T>(Arbitrary<T> arbitrary, Func<T, bool> property, int maxTest = DefaultMaxTest) =>
        Prop.ForAll(arbitrary, property).Check(Config(maxTest));

    /// <summary>Checks an action-style property (assertions inside) for every generated <typeparamref name="T"/>.</summary>
    public static void ForAll<T>(Arbitrary<T> arbitrary, Action<T> property, int maxTest = DefaultMaxTest) =>
        Prop.ForAll(arbitrary, property).Check(Config(maxTest));
}
