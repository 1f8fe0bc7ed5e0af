using Pxe.Ipxe;
using Pxe.Ipxe.Tests.Generators;
using Pxe.Testing;

namespace Pxe.Ipxe.Tests.Properties;

/// <summary>The laws STYLE.md names for the iPXE package.</summary>
public sealed class IpxeRoundTripProperties
{
    [Fact]
    public void Parse_of_emit_is_the_identity_on_generated_trees() =>
        PropertyCheck.ForAll(IpxeArbitraries.Script(), static script =>
        {
            string text = IpxeScriptWriter.Write(script);
            IpxeScript parsed = IpxeParser.Parse(text);
            Assert.True(script.Equals(parsed), $"round trip changed the tree:\n{text}\n---\n{parsed.Dump(includeSpans: false)}");
            Assert.Equal(text, IpxeScriptWriter.Write(parsed));
        }, maxTest: 300);

    [Fact]
    public void Emit_of_parse_keeps_the_token_stream_and_is_idempotent() =>
        PropertyCheck.ForAll(IpxeArbitraries.HostileText(), static text =>
        {
            string canonical = IpxeScriptWriter.Write(IpxeParser.Parse(text));
            Assert.Equal(CorpusFiles.TokenStream(text), CorpusFiles.TokenStream(canonical));
            Assert.Equal(canonical, IpxeScriptWriter.Write(IpxeParser.Parse(canonical)));
        }, maxTest: 500);

    [Fact]
    public void Arbitrary_text_never_throws_and_always_yields_a_result_with_diagnostics() =>
        PropertyCheck.ForAll(IpxeArbitraries.HostileText(), static text =>
        {
            IpxeScript script = IpxeParser.Parse(text);
            Assert.NotNull(script.Lines);
            if (script.Header == IpxeHeaderKind.None)
            {
                Assert.Contains(script.Diagnostics, static d => d.Code == IpxeDiagnosticCodes.MissingHeader);
            }
            Assert.Equal(text, IpxeScriptWriter.Write(script, new IpxeFormattingOptions { Mode = IpxeEmitMode.Lossless }));
            _ = script.Dump();

            IpxeScript withHeader = IpxeParser.Parse("#!ipxe\n" + text);
            Assert.NotNull(withHeader.Diagnostics);
            var options = new IpxeInterpreterOptions { MaxSteps = 200 };
            options.Failures.Add(new IpxeFailureRule("dhcp"));
            IpxeRunResult result = IpxeInterpreter.Run(withHeader, options);
            Assert.True(result.Trace.Count <= 200 + 1);
        }, maxTest: 500);
}
