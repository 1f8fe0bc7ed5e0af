using System.Globalization;
using System.Text;

namespace Pxe.Dhcp;

/// <summary>
/// A persistent <see cref="IDhcpLeaseStore"/>: an append-only journal of text lines, fsynced by
/// <see cref="Flush"/> before the server sends a DHCPACK, replayed on open and compacted when it grows.
/// </summary>
/// <remarks>
/// <para>Line format (one record per line, UTF-8): <c>L &lt;key&gt; &lt;address&gt; &lt;expires-unix-seconds&gt; &lt;state&gt;</c> for a
/// stored lease and <c>X &lt;key&gt;</c> for a removal, where the key is <see cref="DhcpClientKey.ToString"/>.
/// Offers are not journaled (a lost offer only costs the client a retry).</para>
/// <para>Crash safety: a <c>kill -9</c> can leave a torn last line; replay ignores any line without its newline or
/// that does not parse (counted in <see cref="SkippedLines"/>). Compaction writes every live record to
/// <c>FILE.tmp</c>, fsyncs it and renames it over the journal, so a crash leaves either the old or the new file.</para>
/// </remarks>
public sealed class JournalDhcpLeaseStore : InMemoryDhcpLeaseStore, IDurableDhcpLeaseStore, IDisposable
{
    /// <summary>The journal is compacted when it holds more lines than this many per live record (4)...</summary>
    public const int CompactionRatio = 4;

    /// <summary>...and more than this many lines in all (4096).</summary>
    public const int CompactionMinimumLines = 4096;

    private readonly string _path;
    private readonly MemoryStream _pending = new();
    private FileStream _file;
    private long _lines;
    private bool _disposed;

    private JournalDhcpLeaseStore(string path)
    {
        _path = path;
        _file = null!;
    }

    /// <summary>The journal file.</summary>
    public string Path => _path;

    /// <summary>Lines ignored on open because they were torn or did not parse.</summary>
    public int SkippedLines { get; private set; }

    /// <inheritdoc />
    public bool HasPendingWrites => _pending.Length > 0;

    /// <summary>Opens (or creates) the journal at <paramref name="path"/>, replays it and compacts it.</summary>
    public static JournalDhcpLeaseStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var store = new JournalDhcpLeaseStore(path);
        if (File.Exists(path))
        {
            store.Replay(File.ReadAllBytes(path));
        }

        store.Compact();
        return store;
    }

    /// <inheritdoc />
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pending.Length == 0)
        {
            return;
        }

        _file.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
        _file.Flush(flushToDisk: true);
        _pending.SetLength(0);
        if (_lines > CompactionMinimumLines && _lines > (long)CompactionRatio * Count)
        {
            Compact();
        }
    }

    /// <summary>Rewrites the journal with one line per live record.</summary>
    public void Compact()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        string tmp = _path + ".tmp";
        long lines = 0;
        using (var output = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var sb = new StringBuilder();
            foreach (DhcpLease lease in Snapshot())
            {
                if (lease.State == DhcpLeaseState.Offered)
                {
                    continue;
                }

                AppendLease(sb, lease);
                lines++;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
            output.Write(bytes);
            output.Flush(flushToDisk: true);
        }

        _file?.Dispose();
        File.Move(tmp, _path, overwrite: true);
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _lines = lines;
    }

    /// <inheritdoc />
    protected override void OnCommitted(in DhcpLease lease)
    {
        if (lease.State == DhcpLeaseState.Offered)
        {
            return;
        }

        var sb = new StringBuilder(64);
        AppendLease(sb, lease);
        Append(sb);
    }

    /// <inheritdoc />
    protected override void OnRemoved(in DhcpClientKey client)
    {
        var sb = new StringBuilder(48);
        sb.Append("X ").Append(client.ToString()).Append('\n');
        Append(sb);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        _file.Dispose();
        _pending.Dispose();
    }

    private void Append(StringBuilder sb)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(sb.Length)];
        int n = Encoding.UTF8.GetBytes(sb.ToString(), bytes);
        _pending.Write(bytes[..n]);
        _lines++;
    }

    private static void AppendLease(StringBuilder sb, in DhcpLease lease) =>
        sb.Append("L ").Append(lease.Client.ToString()).Append(' ').Append(lease.Address.ToString()).Append(' ')
          .Append(lease.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(' ')
          .Append(((int)lease.State).ToString(CultureInfo.InvariantCulture)).Append('\n');

    private void Replay(byte[] content)
    {
        string text = Encoding.UTF8.GetString(content);
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            if (nl < 0)
            {
                // A torn final line from a crash mid-write.
                SkippedLines++;
                break;
            }

            if (!ReplayLine(text.AsSpan(start, nl - start)))
            {
                SkippedLines++;
            }

            start = nl + 1;
        }
    }

    private bool ReplayLine(ReadOnlySpan<char> line)
    {
        Span<Range> parts = stackalloc Range[6];
        int count = line.Split(parts, ' ');
        if (count == 2 && line[parts[0]] is "X" && DhcpClientKey.TryParse(line[parts[1]], out DhcpClientKey removed))
        {
            Unload(removed);
            return true;
        }

        if (count == 5 && line[parts[0]] is "L"
            && DhcpClientKey.TryParse(line[parts[1]], out DhcpClientKey key)
            && Ipv4Address.TryParse(line[parts[2]], out Ipv4Address address)
            && long.TryParse(line[parts[3]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long expires)
            && byte.TryParse(line[parts[4]], NumberStyles.None, CultureInfo.InvariantCulture, out byte state) && state <= 3)
        {
            Load(new DhcpLease(key, address, DateTimeOffset.FromUnixTimeSeconds(expires), (DhcpLeaseState)state));
            return true;
        }

        return false;
    }
}
