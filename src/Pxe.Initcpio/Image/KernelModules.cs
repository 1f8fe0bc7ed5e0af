using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Pxe.Initcpio;

/// <summary>
/// The modules of an unpacked kernel package (<c>lib/modules/VERSION/</c> or <c>usr/lib/modules/VERSION/</c>):
/// an index from module name to file, the names built into the kernel (<c>modules.builtin</c>), and each module's
/// dependencies read from its own ELF <c>.modinfo</c> section (<c>depends=</c>), since packages may ship no
/// <c>modules.dep</c> and the build host may have no kmod.
/// </summary>
/// <remarks>
/// Module files may be <c>.ko</c>, <c>.ko.gz</c> (System.IO.Compression), <c>.ko.zst</c> (ZstdSharp) or <c>.ko.xz</c>.
/// .NET has no xz decoder, so <c>.ko.xz</c> modules are decompressed with the <c>xz</c> program (Debian package
/// <c>xz-utils</c>), which must be on <c>PATH</c> when such a module is used. Images always hold plain <c>.ko</c>
/// files, which busybox <c>insmod</c> loads on any kernel.
/// </remarks>
public sealed class KernelModules
{
    private const int MaxModuleLength = 256 * 1024 * 1024;
    private static readonly string[] Extensions = [".ko.zst", ".ko.xz", ".ko.gz", ".ko"];
    private static readonly string[] ModuleRoots = ["lib/modules", "usr/lib/modules"];
    private readonly Dictionary<string, string> _files;
    private readonly HashSet<string> _builtin;
    private readonly Dictionary<string, string[]> _dependsCache = new(StringComparer.Ordinal);

    private KernelModules(string directory, string version, Dictionary<string, string> files, HashSet<string> builtin)
    {
        Directory = directory;
        Version = version;
        _files = files;
        _builtin = builtin;
    }

    /// <summary>The <c>lib/modules/VERSION</c> directory.</summary>
    public string Directory { get; }

    /// <summary>The kernel version (the directory name).</summary>
    public string Version { get; }

    /// <summary>How many module files were indexed.</summary>
    public int Count => _files.Count;

    /// <summary>
    /// Opens the modules under <paramref name="kernelRoot"/>. Without <paramref name="version"/> the root must hold
    /// exactly one version.
    /// </summary>
    /// <exception cref="InitcpioException">No (or more than one) module directory was found.</exception>
    public static KernelModules Open(string kernelRoot, string? version = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kernelRoot);
        string? modulesRoot = ModuleRoots
            .Select(p => Path.Combine(kernelRoot, p))
            .FirstOrDefault(p => System.IO.Directory.Exists(p) && System.IO.Directory.EnumerateDirectories(p).Any());
        if (modulesRoot is null)
        {
            throw new InitcpioException($"no lib/modules/<version> directory under '{kernelRoot}'");
        }

        string[] versions = [.. System.IO.Directory.GetDirectories(modulesRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        if (version is null)
        {
            if (versions.Length != 1)
            {
                throw new InitcpioException($"'{modulesRoot}' holds {versions.Length} kernel versions ({string.Join(", ", versions)}); name one");
            }

            version = versions[0];
        }
        else if (!versions.Contains(version, StringComparer.Ordinal))
        {
            throw new InitcpioException($"kernel version '{version}' not found under '{modulesRoot}' (found: {string.Join(", ", versions)})");
        }

        string directory = Path.Combine(modulesRoot, version);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in System.IO.Directory.EnumerateFiles(directory, "*.ko*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string? name = ModuleName(file);
            if (name is not null)
            {
                files.TryAdd(name, Path.GetRelativePath(directory, file).Replace('\\', '/'));
            }
        }

        var builtin = new HashSet<string>(StringComparer.Ordinal);
        string builtinFile = Path.Combine(directory, "modules.builtin");
        if (File.Exists(builtinFile))
        {
            foreach (string line in File.ReadLines(builtinFile))
            {
                if (ModuleName(line.Trim()) is string name)
                {
                    builtin.Add(name);
                }
            }
        }

        return new KernelModules(directory, version, files, builtin);
    }

    /// <summary>Normalises a module name or file name: directory and extension removed, <c>-</c> turned into <c>_</c>.</summary>
    public static string? ModuleName(string fileOrName)
    {
        ArgumentNullException.ThrowIfNull(fileOrName);
        string name = Path.GetFileName(fileOrName);
        foreach (string ext in Extensions)
        {
            if (name.EndsWith(ext, StringComparison.Ordinal))
            {
                name = name[..^ext.Length];
                break;
            }
        }

        return name.Length == 0 ? null : name.Replace('-', '_');
    }

    /// <summary>Whether <paramref name="name"/> is built into the kernel.</summary>
    public bool IsBuiltin(string name) => _builtin.Contains(ModuleName(name)!);

    /// <summary>The module file of <paramref name="name"/>, relative to <see cref="Directory"/>, or <see langword="null"/>.</summary>
    public string? FindFile(string name) => _files.GetValueOrDefault(ModuleName(name)!);

    /// <summary>
    /// The modules to load for <paramref name="names"/>, dependencies first (a depth-first walk of <c>depends=</c> in
    /// the order given), each once; modules built into the kernel are left out.
    /// </summary>
    /// <exception cref="InitcpioException">A module is neither a file nor built in, or a module file is not a valid ELF object.</exception>
    public IReadOnlyList<string> ResolveLoadOrder(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var order = new List<string>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        foreach (string requested in names)
        {
            Visit(ModuleName(requested)!, requested, order, state);
        }

        return order;
    }

    /// <summary>The names in a module's <c>depends=</c> field.</summary>
    public IReadOnlyList<string> GetDependencies(string name)
    {
        string key = ModuleName(name)!;
        if (!_dependsCache.TryGetValue(key, out string[]? deps))
        {
            string file = FindFile(key) ?? throw new InitcpioException($"module '{name}' not found under '{Directory}'");
            deps = ReadDepends(ReadModule(key), file);
            _dependsCache[key] = deps;
        }

        return deps;
    }

    /// <summary>The module's ELF object, decompressed.</summary>
    /// <exception cref="InitcpioException">The module is missing or cannot be decompressed.</exception>
    public byte[] ReadModule(string name)
    {
        string relative = FindFile(name) ?? throw new InitcpioException($"module '{name}' not found under '{Directory}'");
        string path = Path.Combine(Directory, relative);
        try
        {
            if (relative.EndsWith(".ko", StringComparison.Ordinal))
            {
                return File.ReadAllBytes(path);
            }

            if (relative.EndsWith(".ko.gz", StringComparison.Ordinal))
            {
                using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                return ReadAll(gz);
            }

            if (relative.EndsWith(".ko.zst", StringComparison.Ordinal))
            {
                using var zst = new ZstdSharp.DecompressionStream(File.OpenRead(path));
                return ReadAll(zst);
            }

            return DecompressXz(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or ZstdSharp.ZstdException or IOException)
        {
            throw new InitcpioException($"cannot decompress module '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The path a module has inside an image: its file relative to <c>lib/modules/VERSION</c>, always ending in <c>.ko</c>.</summary>
    public string ImagePath(string name)
    {
        string relative = FindFile(name) ?? throw new InitcpioException($"module '{name}' not found under '{Directory}'");
        int ko = relative.LastIndexOf(".ko", StringComparison.Ordinal);
        return relative[..(ko + 3)];
    }

    /// <summary>Reads the <c>depends=</c> entry of an ELF64 little-endian module's <c>.modinfo</c> section.</summary>
    /// <exception cref="InitcpioException">The bytes are not an ELF64 little-endian object with a <c>.modinfo</c> section.</exception>
    public static string[] ReadDepends(ReadOnlySpan<byte> elf, string? fileName = null)
    {
        ReadOnlySpan<byte> modinfo = FindSection(elf, ".modinfo"u8, fileName);
        foreach (Range range in modinfo.Split((byte)0))
        {
            ReadOnlySpan<byte> entry = modinfo[range];
            if (entry.StartsWith("depends="u8))
            {
                string value = Encoding.UTF8.GetString(entry["depends="u8.Length..]);
                return value.Length == 0 ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => ModuleName(d)!)];
            }
        }

        return [];
    }

    private static ReadOnlySpan<byte> FindSection(ReadOnlySpan<byte> elf, ReadOnlySpan<byte> wanted, string? fileName)
    {
        // ELF64 header (System V gABI): e_ident[EI_CLASS]=2 (64-bit), e_ident[EI_DATA]=1 (little-endian),
        // e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C, e_shstrndx at 0x3E.
        if (elf.Length < 0x40 || !elf.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']) || elf[4] != 2 || elf[5] != 1)
        {
            throw new InitcpioException($"'{fileName}' is not an ELF64 little-endian kernel module");
        }

        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3E..]);
        if (shentsize < 0x40 || shstrndx >= shnum || shoff > (ulong)elf.Length || (ulong)shnum * (ulong)shentsize > (ulong)elf.Length - shoff)
        {
            throw new InitcpioException($"'{fileName}' has a malformed ELF section header table");
        }

        ReadOnlySpan<byte> Section(ReadOnlySpan<byte> data, int index)
        {
            ReadOnlySpan<byte> sh = data.Slice((int)shoff + (index * shentsize), shentsize);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(sh[0x20..]);
            if (offset > (ulong)data.Length || size > (ulong)data.Length - offset)
            {
                throw new InitcpioException($"'{fileName}' has an ELF section outside the file");
            }

            return data.Slice((int)offset, (int)size);
        }

        ReadOnlySpan<byte> names = Section(elf, shstrndx);
        for (int i = 0; i < shnum; i++)
        {
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(elf[((int)shoff + (i * shentsize))..]);
            if (nameOffset >= names.Length)
            {
                continue;
            }

            ReadOnlySpan<byte> name = names[(int)nameOffset..];
            int end = name.IndexOf((byte)0);
            if (end >= 0 && name[..end].SequenceEqual(wanted))
            {
                return Section(elf, i);
            }
        }

        throw new InitcpioException($"'{fileName}' has no {Encoding.ASCII.GetString(wanted)} section");
    }

    private void Visit(string name, string requested, List<string> order, Dictionary<string, bool> state)
    {
        if (state.ContainsKey(name))
        {
            // Done, or being visited (a cycle, which the kernel would refuse to load anyway).
            return;
        }

        if (FindFile(name) is null)
        {
            if (_builtin.Contains(name))
            {
                state[name] = true;
                return;
            }

            throw new InitcpioException($"module '{requested}' is neither a module file under '{Directory}' nor listed in modules.builtin");
        }

        state[name] = false;
        foreach (string dep in GetDependencies(name))
        {
            Visit(dep, $"{dep} (needed by {name})", order, state);
        }

        state[name] = true;
        order.Add(name);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        if (ms.Length > MaxModuleLength)
        {
            throw new InvalidDataException($"module larger than {MaxModuleLength} bytes");
        }

        return ms.ToArray();
    }

    private static byte[] DecompressXz(string path)
    {
        var info = new ProcessStartInfo("xz") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-dc");
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(path);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InitcpioException("cannot start xz");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InitcpioException($"'{path}' is xz-compressed and .NET has no xz decoder: install xz-utils (the 'xz' program) to build this image", ex);
        }

        using (process)
        {
            using var ms = new MemoryStream();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(ms);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InitcpioException($"xz -dc '{path}' failed: {stderr.GetAwaiter().GetResult().Trim()}");
            }

            return ms.ToArray();
        }
    }
}
