using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Properties;

/// <summary>Quoting round-trips: a quoted value evaluates back to itself in real bash and real busybox ash.</summary>
public sealed class ShellQuotingProperties
{
    private static readonly char[] Nasty = ['\'', '"', '\\', '$', '`', ' ', '\t', '\n', '*', '?', '[', ']', '{', '}', '~', '#', '!', '&', ';', '|', '<', '>', '(', ')', '=', '%', '@', '-', 'é', '中', '\u00A0'];

    private static Arbitrary<string> Values() =>
        Gen.Frequency(
                (4, Gen.Elements(Nasty)),
                (3, Gen.Elements("abcxyzABC0189_./:,+".ToCharArray())),
                (1, Gen.Choose(1, 0xD7FF).Select(i => (char)i)))
            .ArrayOf()
            .Select(chars => new string(chars))
            .ToArbitrary();

    private static Arbitrary<string[]> Batches() =>
        Gen.ArrayOf(Values().Generator, 20).ToArbitrary();

    [Fact]
    public void QuotedLengthMatchesAndShortBuffersFail() =>
        PropertyCheck.ForAll(Values(), value =>
        {
            string quoted = ShellQuoting.Quote(value);
            Assert.Equal(ShellQuoting.GetQuotedLength(value), quoted.Length);
            Span<char> small = new char[Math.Max(0, quoted.Length - 1)];
            Assert.False(ShellQuoting.TryQuote(value, small, out int written));
            Assert.Equal(0, written);
        }, maxTest: 500);

    [Theory]
    [InlineData("bash", "-c")]
    [InlineData("busybox", "ash -c")]
    public void QuotedValuesEvaluateBackToThemselves(string shell, string shellArgs) =>
        PropertyCheck.ForAll(Batches(), batch =>
        {
            // One shell process per batch of 20 generated values: printf each evaluated word NUL-terminated.
            string script = "printf '%s\\0' " + string.Join(' ', batch.Select(ShellQuoting.Quote));
            string[] args = [.. shellArgs.Split(' '), script];
            PeerResult r = PeerProcess.RunAsync(shell, args, TimeSpan.FromSeconds(20), environment: new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" }).GetAwaiter().GetResult();
            Assert.True(r.ExitCode == 0, r.Output);
            string[] back = r.StandardOutput.Split('\0');
            Assert.Equal(batch.Length + 1, back.Length);
            Assert.Equal(batch, back[..^1]);
        }, maxTest: 25);

    [Theory]
    [InlineData("", "''")]
    [InlineData("plain/path-1.0", "plain/path-1.0")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("a b", "'a b'")]
    public void KnownValues(string value, string expected) => Assert.Equal(expected, ShellQuoting.Quote(value));

    [Fact]
    public void UnrepresentableValuesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ShellQuoting.Quote("nul\0inside"));
        Assert.Throws<ArgumentException>(() => ShellQuoting.Quote("lone" + (char)0xD800 + "surrogate"));
        Assert.Throws<ArgumentException>(() => ShellQuoting.Quote("lone" + (char)0xDC00));
    }

    [Fact]
    public void QuotingAllocatesNothingIntoASpan()
    {
        char[] buffer = new char[256];
        AllocationAssert.NoAllocations(() => ShellQuoting.TryQuote("it's a $value with `ticks`", buffer, out _));
    }

    [Fact]
    public void HelpDelimiterNeverOccursAsALine() =>
        PropertyCheck.ForAll(Gen.Elements("HELPEOF", "HELPEOF_1", "x", "HELPEOF_2", "").ArrayOf().Select(l => string.Join('\n', l)).ToArbitrary(), text =>
        {
            string delimiter = InstallScriptWriter.HereDocumentDelimiter(text);
            Assert.DoesNotContain(delimiter, text.Split('\n'));
        });

}
