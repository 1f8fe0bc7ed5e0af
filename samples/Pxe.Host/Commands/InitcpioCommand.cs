using System.CommandLine;
using Pxe.Initcpio;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe initcpio hook NAME --out DIR</c>: writes the mkinitcpio hook <c>NAME</c> as <c>DIR/install/NAME</c> (bash
/// build/help) and <c>DIR/hooks/NAME</c> (ash runtime script). <c>pxe initcpio list</c> names the ready hooks.
/// </summary>
internal static class InitcpioCommand
{
    public static Command Create()
    {
        var initcpio = new Command("initcpio", "Generate mkinitcpio hooks (install and runtime scripts).");

        var name = new Argument<string>("NAME") { Description = $"The hook: {string.Join(", ", PxeHooks.Names)}." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The directory receiving install/NAME and hooks/NAME.", Required = true };
        var hook = new Command("hook", "Write DIR/install/NAME and DIR/hooks/NAME for a ready hook.") { name, output };
        hook.SetAction(parse =>
        {
            string hookName = parse.GetValue(name)!;
            InitcpioHook? found = PxeHooks.Find(hookName);
            if (found is null)
            {
                Console.Error.WriteLine($"pxe initcpio hook: unknown hook '{hookName}' (known: {string.Join(", ", PxeHooks.Names)})");
                return 2;
            }

            string dir = parse.GetValue(output)!.FullName;
            try
            {
                Directory.CreateDirectory(Path.Combine(dir, "install"));
                Directory.CreateDirectory(Path.Combine(dir, "hooks"));
                string install = Path.Combine(dir, "install", found.Name);
                string runtime = Path.Combine(dir, "hooks", found.Name);
                File.WriteAllText(install, InstallScriptWriter.Write(found));
                File.WriteAllText(runtime, RuntimeScriptWriter.Write(found));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(install, (UnixFileMode)0x1A4);
                    File.SetUnixFileMode(runtime, (UnixFileMode)0x1A4);
                }
                Console.WriteLine(install);
                Console.WriteLine(runtime);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"pxe initcpio hook: {e.Message}");
                return 1;
            }
        });
        initcpio.Subcommands.Add(hook);

        var list = new Command("list", "Name the ready hooks and their kernel command-line parameters.");
        list.SetAction(_ =>
        {
            foreach (string hookName in PxeHooks.Names)
            {
                InitcpioHook h = PxeHooks.Find(hookName)!;
                Console.WriteLine($"{h.Name}: {string.Join(' ', h.Parameters.Select(p => p.Name + "="))}");
            }

            return 0;
        });
        initcpio.Subcommands.Add(list);
        return initcpio;
    }
}
