using System.Security.Cryptography;

namespace Pxe.Testing.Tests;

/// <summary>
/// Where the checked-in captures are: each protocol's test project keeps its own under <c>TestData/</c>; this
/// project links them into <c>Corpus/{Dhcp,Tftp,Nfs}</c> of its output folder.
/// </summary>
internal static class Corpus
{
    public static string Folder(string protocol) => Path.Combine(AppContext.BaseDirectory, "Corpus", protocol);

    public static string PathOf(string protocol, string name) => Path.Combine(Folder(protocol), name);

    public static IEnumerable<string> Names(string protocol) =>
        Directory.Exists(Folder(protocol))
            ? Directory.GetFiles(Folder(protocol), "*.pcap").Select(Path.GetFileName).Order(StringComparer.Ordinal)!
            : [];

    public static TheoryData<string> Data(string protocol)
    {
        var data = new TheoryData<string>();
        foreach (string name in Names(protocol))
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The source folder of a protocol's captures (for checks on CAPTURES.md).</summary>
    public static string SourceFolder(string protocol, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", $"Pxe.{protocol}.Tests", "TestData"));

    /// <summary>
    /// The bytes of <c>medium.bin</c> as scripts/record-captures.sh makes them: the AES-128-CTR keystream for key
    /// 00..0f and a zero counter block (<c>openssl enc -aes-128-ctr</c> over zeros).
    /// </summary>
    public static byte[] FixedBytes(int length)
    {
        using var aes = Aes.Create();
        aes.Key = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f];
        int blocks = (length + 15) / 16;
        var counters = new byte[blocks * 16];
        for (int i = 0; i < blocks; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * 16) + 8), (ulong)i);
        }

        return aes.EncryptEcb(counters, PaddingMode.None).AsSpan(0, length).ToArray();
    }

    /// <summary>The bytes of <c>small.txt</c>: the line repeated and cut at 1,000 bytes.</summary>
    public static byte[] SmallText()
    {
        byte[] line = "Pxe capture corpus: small text file for TFTP.\n"u8.ToArray();
        var result = new byte[1000];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = line[i % line.Length];
        }

        return result;
    }
}
