using System.Globalization;
using System.Text;

namespace Pxe.Ipxe;

/// <summary>The dry run's settings: ordered <c>[scope/]name</c> → value, with iPXE's typed formatting on fetch.</summary>
internal sealed class IpxeSettingsStore
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    public IpxeSettingsStore(IEnumerable<KeyValuePair<string, string>> initial)
    {
        foreach (KeyValuePair<string, string> pair in initial)
        {
            Store(pair.Key, pair.Value);
        }
    }

    public IReadOnlyDictionary<string, string> Snapshot() => _entries.ToDictionary(static e => e.Key, static e => e.Value, StringComparer.Ordinal);

    public void Store(string key, string value)
    {
        int index = _entries.FindIndex(e => e.Key == key);
        if (value.Length == 0)
        {
            if (index >= 0)
            {
                _entries.RemoveAt(index);
            }

            return;
        }

        if (index >= 0)
        {
            _entries[index] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }
    }

    public string? Fetch(string key)
    {
        foreach (KeyValuePair<string, string> entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        // "netX" is the most recently opened interface: without interface state, the first netN that has the setting.
        if (key.StartsWith("netX/", StringComparison.Ordinal))
        {
            string name = key[4..];
            foreach (KeyValuePair<string, string> entry in _entries)
            {
                if (entry.Key.StartsWith("net", StringComparison.Ordinal) && entry.Key.EndsWith(name, StringComparison.Ordinal)
                    && entry.Key.Length > name.Length + 3 && entry.Key.AsSpan(3, entry.Key.Length - name.Length - 3).IndexOfAnyExceptInRange('0', '9') < 0)
                {
                    return entry.Value;
                }
            }
        }

        // An unscoped name searches every settings block (src/core/settings.c fetch_setting with settings == NULL).
        if (!key.Contains('/', StringComparison.Ordinal))
        {
            foreach (KeyValuePair<string, string> entry in _entries)
            {
                if (entry.Key.EndsWith(key, StringComparison.Ordinal) && entry.Key.Length > key.Length && entry.Key[^(key.Length + 1)] == '/')
                {
                    return entry.Value;
                }
            }
        }

        return null;
    }

    /// <summary>Fetches <paramref name="name"/> formatted as its type asks (<c>hexhyp</c>, <c>uristring</c>, …).</summary>
    public string FetchFormatted(IpxeSettingName name)
    {
        string? value = Fetch(name.Key);
        if (value is null)
        {
            return string.Empty;
        }

        return name.Type switch
        {
            "hex" => FormatHex(value, ":"),
            "hexhyp" => FormatHex(value, "-"),
            "hexraw" => FormatHex(value, string.Empty),
            "uristring" => Uri.EscapeDataString(value),
            "base64" => Convert.ToBase64String(TryParseHex(value, out byte[]? raw) ? raw : Encoding.UTF8.GetBytes(value)),
            _ => value,
        };
    }

    /// <summary>
    /// iPXE's <c>expand_settings</c>: repeatedly replace the last <c>${</c> before the first following <c>}</c> with the
    /// setting's value (unknown or unparsable names give nothing), until no reference remains.
    /// </summary>
    public bool TryExpand(string text, out string expanded)
    {
        expanded = text;
        for (int round = 0; ; round++)
        {
            int start = -1;
            int end = -1;
            for (int i = 0; i < expanded.Length; i++)
            {
                if (expanded[i] == '$' && i + 1 < expanded.Length && expanded[i + 1] == '{')
                {
                    start = i;
                }

                if (start >= 0 && expanded[i] == '}')
                {
                    end = i;
                    break;
                }
            }

            if (end < 0)
            {
                return true;
            }

            if (round >= IpxeInterpreterOptions.MaxExpansionsPerArgument)
            {
                return false;
            }

            string name = expanded[(start + 2)..end];
            string value = IpxeSettingName.TryParse(name, out IpxeSettingName? parsed) ? FetchFormatted(parsed.Value) : string.Empty;
            expanded = string.Concat(expanded.AsSpan(0, start), value, expanded.AsSpan(end + 1));
            if (expanded.Length > IpxeInterpreterOptions.MaxExpandedLength)
            {
                return false;
            }
        }
    }

    private static string FormatHex(string value, string separator)
    {
        byte[] bytes = TryParseHex(value, out byte[]? raw) ? raw : Encoding.UTF8.GetBytes(value);
        return string.Join(separator, bytes.Select(static b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static bool TryParseHex(string value, out byte[] bytes)
    {
        string[] parts = value.Split(':', '-');
        bytes = new byte[parts.Length];
        if (parts.Length < 2)
        {
            return false;
        }

        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is < 1 or > 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        return true;
    }
}
