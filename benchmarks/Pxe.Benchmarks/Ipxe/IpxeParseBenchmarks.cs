using BenchmarkDotNet.Attributes;
using Pxe.Ipxe;

namespace Pxe.Benchmarks.Ipxe;

/// <summary>
/// Lexing and parsing a ~1 MiB iPXE script corpus built by repeating the test corpus
/// (tests/Pxe.Ipxe.Tests/Corpus/*.ipxe: menus, chainloaders, continuations, CRLF, settings references).
/// The lexer is the allocation-free hot path (target 0 B); the parser builds the AST and allocates by design.
/// </summary>
[BenchmarkCategory("Ipxe")]
public class IpxeParseBenchmarks
{
    /// <summary>The corpus is repeated until it is at least this many characters.</summary>
    public const int TargetLength = 1 << 20;

    private string _corpus = string.Empty;

    /// <summary>The corpus length in characters (reported so MB/s can be derived from the mean).</summary>
    public int CorpusLength => _corpus.Length;

    [GlobalSetup]
    public void Setup() => _corpus = BuildCorpus();

    /// <summary>Tokens only: the allocation-free lexer over the whole corpus.</summary>
    [Benchmark(Baseline = true)]
    public int Lex()
    {
        int tokens = 0;
        var lexer = new IpxeLexer(_corpus);
        while (lexer.Read())
        {
            tokens++;
        }

        lexer.Dispose();
        return tokens;
    }

    /// <summary>The full parser: AST, spans and every diagnostic check.</summary>
    [Benchmark]
    public int Parse() => IpxeParser.Parse(_corpus).Lines.Count;

    /// <summary>Parse, then write the canonical form.</summary>
    [Benchmark]
    public int ParseAndFormat() => IpxeScriptWriter.Write(IpxeParser.Parse(_corpus)).Length;

    internal static string BuildCorpus()
    {
        string directory = FindCorpus();
        string[] scripts = [.. Directory.GetFiles(directory, "*.ipxe").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        var builder = new System.Text.StringBuilder(TargetLength + 8192);
        builder.Append("#!ipxe\n");
        while (builder.Length < TargetLength)
        {
            foreach (string script in scripts)
            {
                builder.Append(script);
                if (!script.EndsWith('\n'))
                {
                    builder.Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    private static string FindCorpus()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "tests", "Pxe.Ipxe.Tests", "Corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Pxe.Ipxe.Tests/Corpus not found above " + AppContext.BaseDirectory);
    }
}
