namespace Pxe.Testing.Tests;

/// <summary>The corpus is complete, documented and small.</summary>
[Trait("Category", "Pcap")]
public class CorpusInventoryTests
{
    [Theory]
    [InlineData("Dhcp", 9)]
    [InlineData("Tftp", 25)]
    [InlineData("Nfs", 8)]
    public void Every_capture_is_present_and_described_in_CAPTURES_md(string protocol, int expectedCount)
    {
        string[] names = [.. Corpus.Names(protocol)];
        Assert.True(names.Length >= expectedCount, $"{protocol}: {names.Length} captures, expected at least {expectedCount}");
        string doc = File.ReadAllText(Path.Combine(Corpus.SourceFolder(protocol), "CAPTURES.md"));
        foreach (string name in names)
        {
            Assert.True(doc.Contains(name, StringComparison.Ordinal) || doc.Contains(WildcardOf(name), StringComparison.Ordinal), $"{protocol}/CAPTURES.md does not describe {name}");
        }
    }

    [Fact]
    public void Corpus_stays_under_20_MB()
    {
        long total = new[] { "Dhcp", "Tftp", "Nfs" }.SelectMany(p => Corpus.Names(p).Select(n => new FileInfo(Corpus.PathOf(p, n)).Length)).Sum();
        Assert.InRange(total, 100_000, 20_000_000);
    }

    /// <summary>CAPTURES.md describes server pairs once: <c>curl-default-*.pcap</c> stands for <c>-hpa</c> and <c>-dnsmasq</c>.</summary>
    private static string WildcardOf(string name)
    {
        foreach (string server in new[] { "-hpa.pcap", "-dnsmasq.pcap" })
        {
            if (name.EndsWith(server, StringComparison.Ordinal))
            {
                return string.Concat(name.AsSpan(0, name.Length - server.Length), "-*.pcap");
            }
        }

        return name;
    }
}
