namespace Pxe.Tftp;

/// <summary>The server's side of option negotiation: request options in, accepted values out (RFC 2347, 2348, 2349, 7440).</summary>
internal static class TftpOptionNegotiator
{
    /// <summary>Negotiates the options of <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBlockSize">The largest block size the server grants.</param>
    /// <param name="maxWindowSize">The largest window size the server grants.</param>
    /// <param name="fileSize">For a read: the file size to report in <c>tsize</c>.</param>
    public static TftpNegotiatedOptions Negotiate(in TftpRequest request, int maxBlockSize, int maxWindowSize, long? fileSize)
    {
        TftpNegotiatedOptions result = TftpNegotiatedOptions.Defaults;
        foreach (TftpOption option in request.Options)
        {
            if (option.NameEquals(TftpAscii.BlockSize))
            {
                // RFC 2348 §2: valid values 8..65464; the server may answer with a smaller value than asked.
                // Values above 65464 are read as "as large as possible"; values below 8 are ignored (no OACK entry).
                if (option.TryGetNumber(out long n) && n >= TftpLimits.MinBlockSize)
                {
                    result.BlockSize = (int)Math.Min(Math.Min(n, TftpLimits.MaxBlockSize), maxBlockSize);
                    result.AckBlockSize = true;
                }
            }
            else if (option.NameEquals(TftpAscii.TransferSize))
            {
                // RFC 2349 §2: in an RRQ the value is 0 and the server answers with the size; in a WRQ the client
                // announces the size and the server echoes it.
                if (option.TryGetNumber(out long n))
                {
                    if (request.Opcode == TftpOpcode.ReadRequest)
                    {
                        if (fileSize is not null)
                        {
                            result.TransferSize = fileSize;
                            result.AckTransferSize = true;
                        }
                    }
                    else
                    {
                        result.TransferSize = n;
                        result.AckTransferSize = true;
                    }
                }
            }
            else if (option.NameEquals(TftpAscii.Timeout))
            {
                // RFC 2349 §2: 1..255 seconds; the server must echo the same value or ignore the option.
                if (option.TryGetNumber(out long n) && n >= TftpLimits.MinTimeoutSeconds && n <= TftpLimits.MaxTimeoutSeconds)
                {
                    result.TimeoutSeconds = (int)n;
                    result.AckTimeout = true;
                }
            }
            else if (option.NameEquals(TftpAscii.WindowSize))
            {
                // RFC 7440 §2: 1..65535; the server may answer with a smaller value.
                if (option.TryGetNumber(out long n) && n >= TftpLimits.MinWindowSize && n <= TftpLimits.MaxWindowSize)
                {
                    result.WindowSize = (int)Math.Min(n, maxWindowSize);
                    result.AckWindowSize = true;
                }
            }

            // RFC 2347 §2: unknown options are ignored (left out of the OACK).
        }

        return result;
    }
}
