using FsCheck;
using FsCheck.Fluent;
using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests.Generators;

/// <summary>Generators for iPXE syntax trees and for hostile script text.</summary>
internal static class IpxeArbitraries
{
    private static readonly string[] Fragments =
        ["dhcp", "chain", "kernel", "http://10.0.0.1/boot.ipxe", "${net0/mac:hexhyp}", "${", "}", "${a${b}}", "--timeout", "-n",
         "\\", "#", "a#b", "||x", "&&&", ";;", "é", "=", ":", "$", "{", "0x80", "${}", "goto", "x\\y"];

    private static readonly char[] WordChars = [.. "abcxyz019-_./:=${}\\#|&;!é"];

    private static readonly char[] CommentChars = [.. "abc xyz#\\:;|&${} \t"];

    private static readonly char[] TextChars = [.. "ab :#\\\n\r\t|&;${}\0-x\v\f"];

    /// <summary>A word iPXE can carry as one argument: no whitespace, NUL, leading '#' or ':', and not an operator.</summary>
    public static Gen<string> Word() =>
        Gen.Frequency(
                (3, Gen.Elements(Fragments)),
                (2, Gen.Elements(WordChars).ArrayOf().Select(static c => new string(c))),
                (1, Gen.Two(Gen.Elements(Fragments)).Select(static p => p.Item1 + p.Item2)))
            .Where(static w => IpxeArgument.IsValid(w) && w[0] != ':');

    public static Gen<IpxeCommand> Command(IpxeChainOperator terminator, bool allowEmpty) =>
        Gen.Choose(allowEmpty ? 0 : 1, 4).SelectMany(n => Word().ListOf(n))
            .Select(words => new IpxeCommand(words.Select(static w => new IpxeArgument(w)), terminator));

    public static Gen<IpxeLine> Line() =>
        from hasLabel in Gen.Elements(false, false, true)
        from label in Gen.Elements(WordChars.Where(static c => c != '#').ToArray()).ArrayOf().Select(static c => new string(c))
        from operators in Gen.Elements(IpxeChainOperator.Or, IpxeChainOperator.And, IpxeChainOperator.Sequence).ListOf().Select(static l => l.Take(3).ToList())
        from hasCommands in Gen.Elements(true, true, false)
        from commands in BuildCommands(operators, hasCommands)
        from hasComment in Gen.Elements(false, false, true)
        from comment in Gen.Elements(CommentChars).ArrayOf().Select(static c => ("#" + new string(c)).TrimEnd(' ', '\t'))
        select new IpxeLine(hasLabel ? new IpxeLabel(label) : null, commands, hasComment ? comment : null);

    public static Arbitrary<IpxeScript> Script() =>
        Arb.From(Line().ListOf().Select(static lines => new IpxeScript([new IpxeLine(null, [], "#!ipxe"), .. lines.Take(12)])));

    /// <summary>Text built from the characters that matter to the lexer, plus NULs, CRs and continuations.</summary>
    public static Arbitrary<string> HostileText() =>
        Arb.From(Gen.Frequency(
            (4, Gen.Elements(TextChars).ArrayOf().Select(static c => new string(c))),
            (3, Gen.Elements(Fragments.Concat([" ", "\n", "\\\n", "\r\n", "\t", " || ", " && ", " ; ", ":l ", "#!ipxe\n"]).ToArray())
                .ListOf().Select(static p => string.Concat(p)))));

    private static Gen<IpxeCommand[]> BuildCommands(List<IpxeChainOperator> operators, bool hasCommands)
    {
        if (!hasCommands)
        {
            return Gen.Constant(Array.Empty<IpxeCommand>());
        }

        var gens = new List<Gen<IpxeCommand>>();
        foreach (IpxeChainOperator op in operators)
        {
            gens.Add(Command(op, allowEmpty: true));
        }

        gens.Add(Command(IpxeChainOperator.None, allowEmpty: operators.Count > 0));
        return Gen.CollectToArray(gens);
    }
}
