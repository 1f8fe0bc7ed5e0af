using Pxe.Ipxe;
using Pxe.Testing;

namespace Pxe.Ipxe.Tests.Syntax;

public sealed class IpxeLexerTests
{
    private static List<(IpxeTokenKind Kind, string Value, int Start, int End)> Lex(string text)
    {
        var tokens = new List<(IpxeTokenKind, string, int, int)>();
        using var lexer = new IpxeLexer(text);
        while (lexer.Read())
        {
            tokens.Add((lexer.Kind, lexer.Value.ToString(), lexer.TokenStart, lexer.TokenEnd));
        }

        return tokens;
    }

    private static string Kinds(string text) => string.Join(' ', Lex(text).Select(static t => t.Kind switch
    {
        IpxeTokenKind.Word => "W(" + t.Value + ")",
        IpxeTokenKind.Label => "L(" + t.Value + ")",
        IpxeTokenKind.Comment => "C(" + t.Value + ")",
        IpxeTokenKind.Ignored => "I(" + t.Value + ")",
        IpxeTokenKind.EndOfLine => "EOL",
        _ => t.Kind.ToString(),
    }));

    [Fact]
    public void Splits_on_whitespace_only_without_quoting()
    {
        Assert.Equal("W(echo) W(\"hello) W(world\") W('a') W(b\\) W(c) EOL", Kinds("echo \"hello  world\"\t'a' b\\ c"));
    }

    [Fact]
    public void Operators_are_operators_only_as_whole_tokens()
    {
        Assert.Equal("W(a) Or W(b) And W(c) Semicolon W(d) EOL", Kinds("a || b && c ; d"));
        Assert.Equal("W(a||) W(b&&c) W(;d) W(|) EOL", Kinds("a|| b&&c ;d |"));
    }

    [Fact]
    public void Hash_starts_a_comment_only_at_the_start_of_a_token()
    {
        Assert.Equal("W(echo) W(a#b) C(#c d) EOL", Kinds("echo a#b #c d"));
        Assert.Equal("C(#!ipxe) EOL", Kinds("#!ipxe"));
    }

    [Fact]
    public void Label_runs_to_whitespace_and_the_rest_of_the_line_is_a_command()
    {
        Assert.Equal("L(retry) W(dhcp) Or W(goto) W(retry) EOL", Kinds("  :retry dhcp || goto retry"));
        Assert.Equal("L(a#b) EOL", Kinds(":a#b"));
        Assert.Equal("W(x) W(:notalabel) EOL", Kinds("x :notalabel"));
        var label = Lex("  :retry")[0];
        Assert.Equal(2, label.Start);
        Assert.Equal(8, label.End);
    }

    [Fact]
    public void Crlf_and_repeated_carriage_returns_are_stripped()
    {
        Assert.Equal("W(a) EOL W(b) EOL", Kinds("a\r\r\nb\r\n"));
        Assert.Equal("W(a) W(b) EOL", Kinds("a\rb"));
    }

    [Fact]
    public void Continuation_joins_the_next_line_without_inserting_a_space()
    {
        Assert.Equal("W(kernel) W(vmlinuz) W(quiet) EOL W(next) EOL", Kinds("kernel vmlinuz \\\n  quiet\nnext"));
        Assert.Equal("W(abcd) EOL", Kinds("ab\\\ncd"));
        Assert.Equal("W(abcd) EOL", Kinds("ab\\\r\ncd\r\n"));
        List<(IpxeTokenKind Kind, string Value, int Start, int End)> tokens = Lex("ab\\\ncd");
        Assert.Equal(0, tokens[0].Start);
        Assert.Equal(6, tokens[0].End);
    }

    [Fact]
    public void A_backslash_followed_by_a_space_is_not_a_continuation()
    {
        Assert.Equal("W(a\\) EOL W(b) EOL", Kinds("a\\ \nb"));
    }

    [Fact]
    public void Double_backslash_removes_one_and_still_continues()
    {
        // script.c removes one backslash per physical line; the second stays as text and joins the next line.
        Assert.Equal("W(a\\b) EOL", Kinds("a\\\\\nb"));
    }

    [Fact]
    public void Continuation_into_a_blank_line_ends_the_logical_line()
    {
        Assert.Equal("W(a) EOL W(b) EOL", Kinds("a\\\n\nb"));
    }

    [Fact]
    public void Continuation_at_the_end_of_the_text_is_reported()
    {
        using var lexer = new IpxeLexer("a \\");
        Assert.True(lexer.Read());
        Assert.True(lexer.Read());
        Assert.Equal(IpxeTokenKind.EndOfLine, lexer.Kind);
        Assert.True(lexer.LineContinuesPastEnd);
    }

    [Fact]
    public void Nul_ends_what_ipxe_sees_of_a_line()
    {
        Assert.Equal("W(echo) W(a) I(\0 b c) EOL W(d) EOL", Kinds("echo a\0 b c\nd"));
    }

    [Fact]
    public void Trailing_newline_does_not_make_an_extra_line_but_a_blank_line_does()
    {
        Assert.Equal("W(a) EOL", Kinds("a\n"));
        Assert.Equal("W(a) EOL EOL", Kinds("a\n\n"));
        Assert.Equal(string.Empty, Kinds(string.Empty));
    }

    [Fact]
    public void Line_numbers_follow_physical_lines()
    {
        using var lexer = new IpxeLexer("a\\\nb\nc");
        var lines = new List<int>();
        while (lexer.Read())
        {
            if (lexer.Kind == IpxeTokenKind.EndOfLine)
            {
                lines.Add(lexer.LineNumber);
            }
        }

        Assert.Equal([1, 3], lines);
    }

    [Fact]
    public void Long_continued_lines_grow_the_rented_buffer()
    {
        string text = string.Concat(Enumerable.Range(0, 500).Select(static i => $"w{i} \\\n")) + "end";
        List<(IpxeTokenKind Kind, string Value, int Start, int End)> tokens = Lex(text);
        Assert.Equal(502, tokens.Count);
        Assert.Equal("w499", tokens[499].Value);
        Assert.Equal(text.IndexOf("w499", StringComparison.Ordinal), tokens[499].Start);
    }

    [Fact]
    public void Lexing_the_corpus_allocates_nothing()
    {
        string corpus = string.Concat(CorpusFiles.Scripts.Concat(CorpusFiles.BrokenScripts).Select(CorpusFiles.Read));
        Assert.Contains("\\\r\n", corpus, StringComparison.Ordinal);
        int count = 0;
        AllocationAssert.NoAllocations(() => count = CountTokens(corpus));
        Assert.True(count > 500, $"only {count} tokens");
    }

    private static int CountTokens(string text)
    {
        int count = 0;
        var lexer = new IpxeLexer(text);
        while (lexer.Read())
        {
            count += lexer.Value.Length > 0 ? 1 : 0;
        }

        lexer.Dispose();
        return count;
    }
}
