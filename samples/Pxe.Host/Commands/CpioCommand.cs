using System.CommandLine;
using Pxe.Initcpio;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe cpio create DIR -o FILE [--gzip|--zstd] [--format newc|crc]</c>, <c>pxe cpio list FILE</c>,
/// <c>pxe cpio extract FILE -C DIR</c>. Malformed archives give one clear line on stderr and exit 1 (usage errors 2).
/// </summary>
internal static class CpioCommand
{
    private const int ExitMalformed = 1;
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var cpio = new Command("cpio", "Create, list and extract cpio newc/crc archives (initramfs images; gzip and zstd).");
        cpio.Subcommands.Add(CreateCommand());
        cpio.Subcommands.Add(ListCommand());
        cpio.Subcommands.Add(ExtractCommand());
        return cpio;
    }

    private static Command CreateCommand()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "The directory to archive (as find . | cpio -o does)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The archive to write.", Required = true };
        var gzip = new Option<bool>("--gzip") { Description = "Compress with gzip (reproducible: no name, mtime 0)." };
        var zstd = new Option<bool>("--zstd") { Description = "Compress with zstd." };
        var format = new Option<CpioFormat>("--format", "-H") { Description = "newc (default) or crc.", DefaultValueFactory = _ => CpioFormat.Newc };
        var owner = new Option<bool>("--root-owner") { Description = "Write every entry as owned by 0:0." };
        var command = new Command("create", "Archive DIR into FILE.") { dir, output, gzip, zstd, format, owner };
        command.SetAction(parse =>
        {
            if (parse.GetValue(gzip) && parse.GetValue(zstd))
            {
                Console.Error.WriteLine("pxe cpio create: choose one of --gzip and --zstd");
                return ExitUsage;
            }

            CpioCompression compression = parse.GetValue(gzip) ? CpioCompression.Gzip : parse.GetValue(zstd) ? CpioCompression.Zstd : CpioCompression.None;
            string source = parse.GetValue(dir)!.FullName;
            string target = parse.GetValue(output)!.FullName;
            return Guard("create", () =>
            {
                using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                using Stream compressed = CpioCompressionStreams.CreateBackgroundCompressor(file, compression, leaveOpen: true);
                using var writer = new CpioWriter(compressed, parse.GetValue(format), leaveOpen: true);
                var options = new CpioTreeOptions();
                if (parse.GetValue(owner))
                {
                    options.Uid = 0;
                    options.Gid = 0;
                }

                writer.WriteTree(source, options);
                writer.Complete();
                return 0;
            });
        });
        return command;
    }

    private static Command ListCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The archive (plain, gzip or zstd; concatenated segments are followed)." };
        var command = new Command("list", "List the entries of FILE: type and mode, owner, size (or device), mtime, name.") { file };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!.FullName;
            return Guard("list", () =>
            {
                using var stream = File.OpenRead(path);
                using var reader = new CpioReader(stream);
                using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
                while (reader.ReadNext() is CpioEntry entry)
                {
                    stdout.WriteLine(entry.ToString());
                }

                return 0;
            });
        });
        return command;
    }

    private static Command ExtractCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The archive (plain, gzip or zstd)." };
        var dir = new Option<DirectoryInfo>("--directory", "-C") { Description = "The destination directory (created if needed).", Required = true };
        var command = new Command("extract", "Extract FILE into DIR; names escaping DIR (.. or through a symlink) are refused.") { file, dir };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!.FullName;
            string destination = parse.GetValue(dir)!.FullName;
            return Guard("extract", () =>
            {
                using var stream = File.OpenRead(path);
                CpioExtractResult result = CpioExtractor.Extract(stream, destination);
                if (result.Skipped > 0)
                {
                    Console.Error.WriteLine($"pxe cpio extract: {result.Skipped} device node(s) skipped (not root)");
                }

                return 0;
            });
        });
        return command;
    }

    private static int Guard(string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (CpioContentException e)
        {
            Console.Error.WriteLine($"pxe cpio {verb}: {e.Message}");
            return ExitMalformed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"pxe cpio {verb}: {e.Message}");
            return ExitUsage;
        }
    }
}
