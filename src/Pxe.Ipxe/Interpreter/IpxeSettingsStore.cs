using System.Globalization;
using System.Text;

namespace Pxe.Ipxe;

/// <summary>The dry run's settings: ordered <c>[scope/]name</c> → value, with iPXE's typed formatting on fetch.</summary>
internal sealed class IpxeSettingsStore
{
    private readonly List<KeyValuePair<string, string>> _entries = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    public IpxeSettingsStore(IEnumerable<KeyValuePair<string, string>> initial)
    {
        foreach (KeyValuePair<string, string> pair in initial)
        {
            Store(pair.Key, pair.Value);
            _types[pair.Key] = NativeType(pair.Key);
        }
    }

    /// <summary>The type a setting was stored with (<c>set name:type</c>), or <see langword="null"/> when unset.</summary>
    public string? TypeOf(string key) => _types.GetValueOrDefault(key);

    public void Store(string key, string value, string type)
    {
        Store(key, value);
        if (value.Length == 0)
        {
            _types.Remove(key);
        }
        else
        {
            _types[key] = type;
        }
    }

    /// <summary>The type iPXE gives a well-known setting (src/net/netdevice.c, src/net/ipv4.c, …); others are strings.</summary>
    private static string NativeType(string key)
    {
        string name = key[(key.LastIndexOf('/') + 1)..];
        return name switch
        {
            "mac" or "bustype" or "chip" => "hex",
            "ip" or "netmask" or "gateway" or "dns" or "next-server" or "syslog" => "ipv4",
            "uuid" => "uuid",
            _ => "string",
        };
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

    public string? Fetch(string key) => FetchWithKey(key, out _);

    private string? FetchWithKey(string key, out string? storedKey)
    {
        storedKey = null;
        foreach (KeyValuePair<string, string> entry in _entries)
        {
            if (entry.Key == key)
            {
                storedKey = entry.Key;
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
                    storedKey = entry.Key;
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
                    storedKey = entry.Key;
                    return entry.Value;
                }
            }
        }

        return null;
    }

    /// <summary>Fetches <paramref name="name"/> formatted as its type asks (<c>hexhyp</c>, <c>uristring</c>, …).</summary>
    /// <remarks>
    /// A value stored as <c>hex</c> (such as <c>mac</c>) is re-separated; a string is formatted as its bytes, as iPXE does
    /// (<c>${name:hex}</c> of the string <c>0x2a</c> is <c>30:78:32:61</c>). <c>uristring</c> escapes what iPXE escapes
    /// (controls, space, non-ASCII, <c>/ : ? &amp; = % @ #</c>; observed with iPXE's own ROM).
    /// </remarks>
    public string FetchFormatted(IpxeSettingName name)
    {
        string? value = FetchWithKey(name.Key, out string? storedKey);
        if (value is null)
        {
            return string.Empty;
        }

        bool storedAsHex = storedKey is not null && TypeOf(storedKey) is "hex" or "hexhyp" or "hexraw";
        byte[] Bytes() => storedAsHex && TryParseHex(value, out byte[]? raw) ? raw : Encoding.UTF8.GetBytes(value);
        return name.Type switch
        {
            "hex" => FormatHex(Bytes(), ":"),
            "hexhyp" => FormatHex(Bytes(), "-"),
            "hexraw" => FormatHex(Bytes(), string.Empty),
            "uristring" => UriEncode(value),
            "base64" => Convert.ToBase64String(Bytes()),
            _ => value,
        };
    }

    private static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b <= 0x20 || b >= 0x7f || b is (byte)'/' or (byte)':' or (byte)'?' or (byte)'&' or (byte)'=' or (byte)'%' or (byte)'@' or (byte)'#')
            {
                sb.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
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

    private static string FormatHex(byte[] bytes, string separator) =>
        string.Join(separator, bytes.Select(static b => b.ToString("x2", CultureInfo.InvariantCulture)));

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
