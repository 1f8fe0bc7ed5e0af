using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pxe.Initcpio;

/// <summary>
/// Builds a bootable initramfs from an unpacked kernel package, a static busybox, hooks and extra files, on any
/// distribution: no mkinitcpio, dracut or kmod needed. The image holds busybox and its applet links, the chosen
/// modules and their dependencies (decompressed), each hook's build steps and runtime script, and a generated
/// <c>/init</c> (see <see cref="InitScriptWriter"/>). Every entry has owner 0:0 and the same modification time, and
/// entries are written in ordinal path order, so the same inputs give the same bytes.
/// </summary>
/// <remarks>
/// Build steps are interpreted without bash: <c>add_module</c>, <c>add_file</c>, <c>add_dir</c>, <c>add_symlink</c>,
/// <c>add_full_dir</c>, <c>add_runscript</c> and <c>map</c> as mkinitcpio does; <c>add_binary</c> copies the file
/// only (static programs; shared libraries are not resolved); <c>add_checked_modules</c> is skipped because it
/// depends on autodetection of the build host: name the NIC drivers in <see cref="Modules"/>.
/// </remarks>
public sealed class InitramfsBuilder
{
    /// <summary>The busybox used when none is given: Debian's busybox-static.</summary>
    public const string DefaultBusyboxPath = "/bin/busybox";

    private static readonly string[] BaseDirectories = ["bin", "dev", "etc", "hooks", "lib", "new_root", "proc", "run", "sbin", "sys", "tmp", "usr", "usr/bin", "usr/sbin", "var"];

    /// <summary>The unpacked kernel package holding <c>lib/modules/VERSION</c>; <see langword="null"/> for an image without modules (default: <see langword="null"/>).</summary>
    public string? KernelRoot { get; set; }

    /// <summary>The kernel version to take modules from when the package holds several (default: <see langword="null"/>, the only one).</summary>
    public string? KernelVersion { get; set; }

    /// <summary>The static busybox binary (default: <c>/bin/busybox</c>).</summary>
    public string BusyboxPath { get; set; } = DefaultBusyboxPath;

    /// <summary>Modules to include and load at boot, besides those the hooks add (default: none).</summary>
    public IList<string> Modules { get; } = new List<string>();

    /// <summary>Hooks, in <c>HOOKS</c> order (default: none).</summary>
    public IList<InitcpioHook> Hooks { get; } = new List<InitcpioHook>();

    /// <summary>Extra files (default: none).</summary>
    public IList<InitramfsFile> Files { get; } = new List<InitramfsFile>();

    /// <summary>The compression of the image (default: gzip).</summary>
    public CpioCompression Compression { get; set; } = CpioCompression.Gzip;

    /// <summary>The modification time of every entry, seconds since the epoch (default: 0, as <c>SOURCE_DATE_EPOCH=0</c>).</summary>
    public uint ModificationTime { get; set; }

    /// <summary>Builds the image into <paramref name="outputPath"/>.</summary>
    /// <exception cref="InitcpioException">A module, file or busybox is missing or unusable.</exception>
    public InitramfsBuildResult Build(string outputPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        using var file = new FileStream(outputPath, FileMode.Create, FileAccess.Write);
        return Build(file);
    }

    /// <summary>Builds the image into <paramref name="output"/> (left open).</summary>
    /// <exception cref="InitcpioException">A module, file or busybox is missing or unusable.</exception>
    public InitramfsBuildResult Build(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var image = new SortedDictionary<string, ImageEntry>(StringComparer.Ordinal);
        foreach (string dir in BaseDirectories)
        {
            image[dir] = ImageEntry.Directory();
        }

        image["dev/console"] = new ImageEntry(CpioEntryType.CharacterDevice, (UnixFileMode)0x180, Major: 5, Minor: 1);
        image["etc/mtab"] = ImageEntry.Symlink("/proc/self/mounts");
        image["etc/initrd-release"] = ImageEntry.Text("NAME=\"Pxe.Initcpio\"\nID=pxe-initcpio\n", (UnixFileMode)0x1A4);
        AddBusybox(image);

        var moduleNames = new List<string>(Modules);
        foreach (InitcpioHook hook in Hooks)
        {
            foreach (BuildStep step in hook.BuildSteps)
            {
                Apply(image, hook, step, moduleNames);
            }
        }

        foreach (InitramfsFile file in Files)
        {
            AddHostPath(image, file.Source, file.Destination, file.Mode);
        }

        string? version = null;
        IReadOnlyList<string> order = [];
        var modulePaths = new List<string>();
        if (KernelRoot is not null)
        {
            KernelModules modules = KernelModules.Open(KernelRoot, KernelVersion);
            version = modules.Version;
            order = modules.ResolveLoadOrder(moduleNames);
            foreach (string module in order)
            {
                string relative = modules.ImagePath(module);
                modulePaths.Add(relative);
                AddParents(image, $"lib/modules/{version}/{relative}");
                image[$"lib/modules/{version}/{relative}"] = new ImageEntry(CpioEntryType.RegularFile, (UnixFileMode)0x1A4, Content: modules.ReadModule(module));
            }
        }
        else if (moduleNames.Count > 0)
        {
            throw new InitcpioException($"modules were requested ({string.Join(", ", moduleNames)}) but no kernel root was given");
        }

        image["init"] = ImageEntry.Text(InitScriptWriter.Init, (UnixFileMode)0x1ED);
        image["init_functions"] = ImageEntry.Text(InitScriptWriter.InitFunctions, (UnixFileMode)0x1A4);
        image["config"] = ImageEntry.Text(InitScriptWriter.Config(version ?? string.Empty, modulePaths, [.. Hooks]), (UnixFileMode)0x1A4);

        long length;
        using (Stream compressed = CpioCompressionStreams.CreateCompressor(output, Compression, leaveOpen: true))
        using (var writer = new CpioWriter(compressed, leaveOpen: Compression == CpioCompression.None))
        {
            foreach ((string path, ImageEntry entry) in image)
            {
                Write(writer, path, entry);
            }

            writer.Complete();
            length = writer.BytesWritten;
        }

        return new InitramfsBuildResult(version, order, [.. Hooks.Select(h => h.Name)], image.Count, length);
    }

    private void Write(CpioWriter writer, string path, ImageEntry e)
    {
        uint t = ModificationTime;
        switch (e.Type)
        {
            case CpioEntryType.Directory:
                writer.WriteDirectory(path, e.Mode, t);
                break;
            case CpioEntryType.SymbolicLink:
                writer.WriteSymbolicLink(path, e.Target!, t);
                break;
            case CpioEntryType.RegularFile when e.HostPath is not null:
                using (var stream = new FileStream(e.HostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                {
                    if (stream.Length > CpioLimits.MaxFileSize)
                    {
                        throw new InitcpioException($"'{e.HostPath}' is larger than a cpio entry can hold ({CpioLimits.MaxFileSize} bytes)");
                    }

                    writer.WriteEntry(CpioEntryHeader.Create(CpioEntryType.RegularFile, e.Mode, (uint)stream.Length) with { ModificationTime = t }, path, stream);
                }

                break;
            case CpioEntryType.RegularFile:
                writer.WriteFile(path, e.Content ?? [], e.Mode, t);
                break;
            default:
                writer.WriteNode(path, e.Type, e.Major, e.Minor, e.Mode, t);
                break;
        }
    }

    private void AddBusybox(SortedDictionary<string, ImageEntry> image)
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InitcpioException($"busybox not found at '{BusyboxPath}' (install busybox-static or pass --busybox)");
        }

        image["bin/busybox"] = ImageEntry.Host(BusyboxPath, (UnixFileMode)0x1ED);

        // The applet list comes from the binary itself; a busybox for another architecture cannot run here, and then
        // the init's "busybox --install -s" fallback creates the links at boot.
        foreach (string applet in ListApplets())
        {
            string relative = applet.TrimStart('/');
            if (relative.Length == 0 || relative == "bin/busybox" || relative.Contains("..", StringComparison.Ordinal))
            {
                continue;
            }

            AddParents(image, relative);
            image.TryAdd(relative, ImageEntry.Symlink("/bin/busybox"));
        }

        image.TryAdd("bin/sh", ImageEntry.Symlink("/bin/busybox"));
    }

    private List<string> ListApplets()
    {
        var result = new List<string>();
        try
        {
            var info = new ProcessStartInfo(BusyboxPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("--list-full");
            using Process process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                result.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not executable on this host: links are created at boot.
        }

        return result;
    }

    private static void Apply(SortedDictionary<string, ImageEntry> image, InitcpioHook hook, BuildStep step, List<string> modules)
    {
        IReadOnlyList<string> a = step.Arguments;
        switch (step.Kind)
        {
            case BuildStepKind.AddModule:
                modules.Add(a[0]);
                break;
            case BuildStepKind.AddCheckedModules:
                // Autodetection belongs to the build host; NIC drivers are named explicitly (see remarks).
                break;
            case BuildStepKind.AddBinary:
            case BuildStepKind.AddFile:
                AddHostPath(image, a[0], Arg(a, 1) ?? a[0], ParseMode(Arg(a, 2)));
                break;
            case BuildStepKind.AddFileContent:
                AddParents(image, Relative(a[1]));
                image[Relative(a[1])] = ImageEntry.Text(step.Content!, ParseMode(a[2]) ?? (UnixFileMode)0x1A4);
                break;
            case BuildStepKind.AddDir:
                AddParents(image, Relative(a[0]));
                image[Relative(a[0])] = ImageEntry.Directory(ParseMode(Arg(a, 1)) ?? CpioWriter.DefaultDirectoryMode);
                break;
            case BuildStepKind.AddSymlink:
                string target = Arg(a, 1) ?? File.ResolveLinkTarget(a[0], returnFinalTarget: false)?.FullName
                    ?? throw new InitcpioException($"hook {hook.Name}: add_symlink {a[0]} has no target and is not a link on this host");
                AddParents(image, Relative(a[0]));
                image[Relative(a[0])] = ImageEntry.Symlink(target);
                break;
            case BuildStepKind.AddFullDir:
                AddFullDir(image, a[0], Arg(a, 1) ?? "*", Arg(a, 2));
                break;
            case BuildStepKind.AddRunscript:
                image[$"hooks/{hook.Name}"] = ImageEntry.Text(RuntimeScriptWriter.Write(hook), (UnixFileMode)0x1ED);
                break;
            case BuildStepKind.Map:
                BuildStepKind kind = a[0] switch
                {
                    "add_module" => BuildStepKind.AddModule,
                    "add_binary" => BuildStepKind.AddBinary,
                    "add_file" => BuildStepKind.AddFile,
                    "add_dir" => BuildStepKind.AddDir,
                    "add_symlink" => BuildStepKind.AddSymlink,
                    "add_full_dir" => BuildStepKind.AddFullDir,
                    "add_checked_modules" => BuildStepKind.AddCheckedModules,
                    _ => throw new InitcpioException($"hook {hook.Name}: map {a[0]} is not a helper the builder knows"),
                };
                foreach (string argument in a.Skip(1))
                {
                    Apply(image, hook, kind switch
                    {
                        BuildStepKind.AddModule => BuildStep.AddModule(argument),
                        BuildStepKind.AddBinary => BuildStep.AddBinary(argument),
                        BuildStepKind.AddFile => BuildStep.AddFile(argument),
                        BuildStepKind.AddDir => BuildStep.AddDir(argument),
                        BuildStepKind.AddSymlink => BuildStep.AddSymlink(argument),
                        BuildStepKind.AddFullDir => BuildStep.AddFullDir(argument),
                        _ => BuildStep.AddCheckedModules(argument),
                    }, modules);
                }

                break;
            default:
                throw new InitcpioException($"hook {hook.Name}: unknown build step {step.Kind}");
        }
    }

    private static void AddFullDir(SortedDictionary<string, ImageEntry> image, string directory, string glob, string? stripPrefix)
    {
        if (!Directory.Exists(directory))
        {
            throw new InitcpioException($"add_full_dir: '{directory}' is not a directory on the build host");
        }

        foreach (string path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!Directory.Exists(path) && !System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(glob, Path.GetFileName(path)))
            {
                continue;
            }

            string destination = stripPrefix is not null && path.StartsWith(stripPrefix, StringComparison.Ordinal) ? path[stripPrefix.Length..] : path;
            AddHostPath(image, path, destination.StartsWith('/') ? destination : "/" + destination, null, recurse: false);
        }
    }

    private static void AddHostPath(SortedDictionary<string, ImageEntry> image, string source, string destination, UnixFileMode? mode, bool recurse = true)
    {
        string relative = Relative(destination);
        var info = new FileInfo(source);
        AddParents(image, relative);
        if (info.LinkTarget is string target)
        {
            image[relative] = ImageEntry.Symlink(target);
        }
        else if (Directory.Exists(source))
        {
            image[relative] = ImageEntry.Directory(mode ?? HostMode(source));
            if (recurse)
            {
                foreach (string child in Directory.EnumerateFileSystemEntries(source).Order(StringComparer.Ordinal))
                {
                    AddHostPath(image, child, destination.TrimEnd('/') + "/" + Path.GetFileName(child), null);
                }
            }
        }
        else if (info.Exists)
        {
            image[relative] = ImageEntry.Host(info.FullName, mode ?? HostMode(source));
        }
        else
        {
            throw new InitcpioException($"'{source}' does not exist on the build host");
        }
    }

    private static void AddParents(SortedDictionary<string, ImageEntry> image, string relative)
    {
        int slash = relative.LastIndexOf('/');
        while (slash > 0)
        {
            string parent = relative[..slash];
            if (!image.TryAdd(parent, ImageEntry.Directory()))
            {
                break;
            }

            slash = parent.LastIndexOf('/');
        }
    }

    private static string Relative(string path)
    {
        string relative = CpioExtractor.Sanitize(path) ?? throw new InitcpioException($"'{path}' escapes the image root");
        if (relative.Length == 0)
        {
            throw new InitcpioException($"'{path}' names the image root");
        }

        return relative;
    }

    private static UnixFileMode HostMode(string path) => (UnixFileMode)(LibC.LStat(path).Mode & 0xFFF);

    private static string? Arg(IReadOnlyList<string> a, int i) => i < a.Count && a[i].Length > 0 ? a[i] : null;

    private static UnixFileMode? ParseMode(string? mode) =>
        mode is null ? null
        : uint.TryParse(mode, NumberStyles.None, CultureInfo.InvariantCulture, out _) && mode.All(c => c is >= '0' and <= '7')
            ? (UnixFileMode)Convert.ToUInt32(mode, 8)
            : throw new InitcpioException($"'{mode}' is not an octal mode");

    private sealed record ImageEntry(CpioEntryType Type, UnixFileMode Mode, string? Target = null, byte[]? Content = null, string? HostPath = null, uint Major = 0, uint Minor = 0)
    {
        public static ImageEntry Directory(UnixFileMode mode = CpioWriter.DefaultDirectoryMode) => new(CpioEntryType.Directory, mode);

        public static ImageEntry Symlink(string target) => new(CpioEntryType.SymbolicLink, (UnixFileMode)0x1FF, Target: target);

        public static ImageEntry Text(string text, UnixFileMode mode) => new(CpioEntryType.RegularFile, mode, Content: Encoding.UTF8.GetBytes(text));

        public static ImageEntry Host(string path, UnixFileMode mode) => new(CpioEntryType.RegularFile, mode, HostPath: path);
    }
}
