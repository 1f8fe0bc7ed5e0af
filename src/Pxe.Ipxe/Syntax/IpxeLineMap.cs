namespace Pxe.Ipxe;

/// <summary>Maps source offsets to 1-based line and column.</summary>
internal sealed class IpxeLineMap
{
    private readonly List<int> _starts = [0];

    public IpxeLineMap(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _starts.Add(i + 1);
            }
        }
    }

    public IpxeSourceSpan Span(int start, int end)
    {
        int index = _starts.BinarySearch(start);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return new IpxeSourceSpan(start, Math.Max(0, end - start), index + 1, start - _starts[index] + 1);
    }
}
