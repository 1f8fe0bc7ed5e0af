using System.Text;

namespace Pxe.Initcpio;

/// <summary>
/// Quotes a value as one POSIX shell word that evaluates back to exactly that value in bash, dash and busybox ash.
/// </summary>
/// <remarks>
/// A value made only of <c>[A-Za-z0-9_@%+=:,./-]</c> (and not empty) is emitted as is. Anything else is wrapped in
/// single quotes, inside which every character is literal (POSIX.1-2017 XCU §2.2.2); a single quote itself is
/// written as <c>'\''</c> (close, escaped quote, reopen). NUL cannot be part of a shell word and unpaired UTF-16
/// surrogates cannot be encoded, so both are refused.
/// </remarks>
public static class ShellQuoting
{
    /// <summary>Whether <paramref name="value"/> needs no quoting.</summary>
    public static bool IsSafeUnquoted(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The length of the quoted form of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds NUL or an unpaired surrogate.</exception>
    public static int GetQuotedLength(ReadOnlySpan<char> value)
    {
        Validate(value);
        if (IsSafeUnquoted(value))
        {
            return value.Length;
        }

        int quotes = value.Count('\'');
        return value.Length + 2 + (quotes * 3);
    }

    /// <summary>
    /// Writes the quoted form of <paramref name="value"/>. Returns <see langword="false"/> with
    /// <paramref name="charsWritten"/> 0 when <paramref name="destination"/> is shorter than <see cref="GetQuotedLength"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds NUL or an unpaired surrogate.</exception>
    public static bool TryQuote(ReadOnlySpan<char> value, Span<char> destination, out int charsWritten)
    {
        int length = GetQuotedLength(value);
        if (destination.Length < length)
        {
            charsWritten = 0;
            return false;
        }

        if (IsSafeUnquoted(value))
        {
            value.CopyTo(destination);
            charsWritten = value.Length;
            return true;
        }

        int w = 0;
        destination[w++] = '\'';
        foreach (char c in value)
        {
            if (c == '\'')
            {
                "'\\''".CopyTo(destination[w..]);
                w += 4;
            }
            else
            {
                destination[w++] = c;
            }
        }

        destination[w++] = '\'';
        charsWritten = w;
        return true;
    }

    /// <summary>Returns the quoted form of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds NUL or an unpaired surrogate.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length = GetQuotedLength(value);
        return string.Create(length, value, static (span, v) => TryQuote(v, span, out _));
    }

    /// <summary>Joins <paramref name="values"/> as separately quoted words.</summary>
    public static string Join(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder();
        foreach (string value in values)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Quote(value));
        }

        return builder.ToString();
    }

    private static void Validate(ReadOnlySpan<char> value)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException("a shell word cannot contain NUL", nameof(value));
        }

        if (!IsWellFormed(value))
        {
            throw new ArgumentException("the value holds an unpaired UTF-16 surrogate", nameof(value));
        }
    }

    private static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
