namespace Pxe.Tftp;

/// <summary>netascii conversion (RFC 1350 §1, RFC 764): LF → CR LF and CR → CR NUL when sending; the reverse when receiving.</summary>
internal static class NetAscii
{
    /// <summary>The largest file converted for a netascii read; the conversion is done in memory.</summary>
    public const long MaxEncodedSourceLength = 64L * 1024 * 1024;

    /// <summary>Encodes the whole of <paramref name="file"/> into a new in-memory file.</summary>
    public static ITftpReadableFile Encode(ITftpReadableFile file)
    {
        var output = new MemoryStream((int)Math.Min(file.Length + (file.Length / 16) + 16, int.MaxValue));
        Span<byte> chunk = stackalloc byte[4096];
        long offset = 0;
        while (true)
        {
            int n = file.Read(offset, chunk);
            if (n == 0)
            {
                break;
            }

            offset += n;
            foreach (byte b in chunk[..n])
            {
                if (b == (byte)'\n')
                {
                    output.WriteByte((byte)'\r');
                    output.WriteByte((byte)'\n');
                }
                else if (b == (byte)'\r')
                {
                    output.WriteByte((byte)'\r');
                    output.WriteByte(0);
                }
                else
                {
                    output.WriteByte(b);
                }
            }
        }

        return new MemoryTftpFile(output.GetBuffer().AsMemory(0, (int)output.Length));
    }

    /// <summary>Wraps <paramref name="inner"/> in a netascii decoder.</summary>
    public static ITftpWritableFile Decode(ITftpWritableFile inner) => new DecodingWriter(inner);

    /// <summary>A writer that decodes netascii on the way to <see cref="_inner"/>: CR LF → LF, CR NUL → CR.</summary>
    internal sealed class DecodingWriter(ITftpWritableFile inner) : ITftpWritableFile
    {
        private readonly ITftpWritableFile _inner = inner;
        private bool _pendingCr;

        public void Write(ReadOnlySpan<byte> data)
        {
            Span<byte> output = stackalloc byte[Math.Min(data.Length + 1, 4096)];
            int o = 0;
            foreach (byte b in data)
            {
                if (o >= output.Length - 1)
                {
                    _inner.Write(output[..o]);
                    o = 0;
                }

                if (_pendingCr)
                {
                    _pendingCr = false;
                    if (b == (byte)'\n')
                    {
                        output[o++] = (byte)'\n';
                        continue;
                    }

                    output[o++] = (byte)'\r';
                    if (b == 0)
                    {
                        continue;
                    }
                }

                if (b == (byte)'\r')
                {
                    _pendingCr = true;
                    continue;
                }

                output[o++] = b;
            }

            if (o > 0)
            {
                _inner.Write(output[..o]);
            }
        }

        public void Commit()
        {
            if (_pendingCr)
            {
                _inner.Write("\r"u8);
                _pendingCr = false;
            }

            _inner.Commit();
        }

        public void Dispose() => _inner.Dispose();
    }
}
