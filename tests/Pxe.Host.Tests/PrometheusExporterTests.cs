using System.Diagnostics.Metrics;
using Pxe.Host.Serve;

namespace Pxe.Host.Tests;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_histograms_and_labels_are_rendered_in_text_format()
    {
        using var exporter = new PrometheusExporter();
        using var meter = new Meter("Pxe.TestExporter." + Guid.NewGuid().ToString("N"));
        Counter<long> c = meter.CreateCounter<long>("pxe.test.things", "{thing}", "Things.");
        Histogram<double> h = meter.CreateHistogram<double>("pxe.test.seconds", "s", "Durations.");
        c.Add(2, new KeyValuePair<string, object?>("kind", "a\"b"));
        c.Add(3, new KeyValuePair<string, object?>("kind", "a\"b"));
        c.Add(1);
        h.Record(0.5);
        h.Record(1.5);
        string text = exporter.Render();
        Assert.Contains("# TYPE pxe_test_things_total counter", text);
        Assert.Contains("pxe_test_things_total{kind=\"a\\\"b\"} 5\n", text);
        Assert.Contains("pxe_test_things_total 1\n", text);
        Assert.Contains("# TYPE pxe_test_seconds summary", text);
        Assert.Contains("pxe_test_seconds_sum 2\n", text);
        Assert.Contains("pxe_test_seconds_count 2\n", text);
    }

    [Fact]
    public void Other_meters_are_ignored()
    {
        using var exporter = new PrometheusExporter();
        using var meter = new Meter("NotPxe.Test");
        meter.CreateCounter<long>("other.counter").Add(1);
        Assert.DoesNotContain("other_counter", exporter.Render());
    }

    [Theory]
    [InlineData("pxe.tftp.bytes", "pxe_tftp_bytes")]
    [InlineData("9lives", "_9lives")]
    [InlineData("a-b/c", "a_b_c")]
    public void Metric_names_are_sanitised(string name, string expected) => Assert.Equal(expected, PrometheusExporter.MetricName(name));
}
