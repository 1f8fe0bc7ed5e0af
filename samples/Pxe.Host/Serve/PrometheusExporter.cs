using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Pxe.Host.Serve;

/// <summary>
/// Listens to every <c>Pxe.*</c> meter (<c>Pxe.Dhcp</c>, <c>Pxe.Tftp</c>, <c>Pxe.Nfs</c>, <c>Pxe.Serve</c>) with a
/// <see cref="MeterListener"/> and renders the Prometheus text exposition format (version 0.0.4): counters as
/// <c>_total</c>, up-down counters and gauges as gauges, histograms as <c>_sum</c> and <c>_count</c>.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The meter prefix listened to.</summary>
    public const string MeterPrefix = "Pxe.";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal))
            {
                _instruments.TryAdd(instrument, new InstrumentState(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The text for <c>GET /metrics</c>.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (InstrumentState state in _instruments.Values.OrderBy(s => s.Instrument.Meter.Name, StringComparer.Ordinal).ThenBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            state.Render(text);
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out InstrumentState? state))
        {
            state.Record(value, tags);
        }
    }

    /// <summary>Prometheus metric name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static string MetricName(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            b.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_');
        }

        if (b.Length == 0 || char.IsAsciiDigit(b[0]))
        {
            b.Insert(0, '_');
        }

        return b.ToString();
    }

    /// <summary>Label value escaping: backslash, double quote and line feed.</summary>
    public static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class InstrumentState
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (double Sum, long Count)> _series = new(StringComparer.Ordinal);

        public InstrumentState(Instrument instrument) => Instrument = instrument;

        public Instrument Instrument { get; }

        private bool IsHistogram => Instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);

        private bool IsCounter => Instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) || Instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal);

        private bool IsObservable => Instrument.IsObservable;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string labels = Labels(tags);
            lock (_gate)
            {
                _series.TryGetValue(labels, out (double Sum, long Count) s);
                // Observable instruments report the current total or level, not an increment.
                _series[labels] = IsObservable ? (value, 1) : (s.Sum + value, s.Count + 1);
            }
        }

        public void Render(StringBuilder text)
        {
            string name = MetricName(Instrument.Name);
            string type = IsHistogram ? "summary" : IsCounter ? "counter" : "gauge";
            if (IsCounter)
            {
                name += "_total";
            }

            string help = (Instrument.Description ?? Instrument.Name).Replace("\n", " ", StringComparison.Ordinal);
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append(Instrument.Unit is { Length: > 0 } u ? $" ({u})" : string.Empty).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            lock (_gate)
            {
                if (_series.Count == 0 && !IsHistogram)
                {
                    text.Append(name).Append(" 0\n");
                }

                foreach (KeyValuePair<string, (double Sum, long Count)> s in _series.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    if (IsHistogram)
                    {
                        text.Append(name).Append("_sum").Append(s.Key).Append(' ').Append(Format(s.Value.Sum)).Append('\n');
                        text.Append(name).Append("_count").Append(s.Key).Append(' ').Append(s.Value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }
                    else
                    {
                        text.Append(name).Append(s.Key).Append(' ').Append(Format(s.Value.Sum)).Append('\n');
                    }
                }
            }
        }

        private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return string.Empty;
            }

            var sorted = new List<KeyValuePair<string, object?>>(tags.ToArray());
            sorted.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var b = new StringBuilder("{");
            for (int i = 0; i < sorted.Count; i++)
            {
                if (i > 0)
                {
                    b.Append(',');
                }

                b.Append(MetricName(sorted[i].Key)).Append("=\"").Append(EscapeLabel(Convert.ToString(sorted[i].Value, CultureInfo.InvariantCulture) ?? string.Empty)).Append('"');
            }

            return b.Append('}').ToString();
        }
    }
}
