namespace Pxe.Initcpio;

/// <summary>The mkinitcpio install helpers a <see cref="BuildStep"/> can call.</summary>
public enum BuildStepKind
{
    /// <summary><c>add_module NAME</c>: a kernel module and its dependencies.</summary>
    AddModule,

    /// <summary><c>add_checked_modules [-f FILTER] PATTERN</c>: modules below a path, filtered by autodetection.</summary>
    AddCheckedModules,

    /// <summary><c>add_binary SOURCE [DEST] [MODE]</c>: a program and its shared libraries.</summary>
    AddBinary,

    /// <summary><c>add_file SOURCE [DEST] [MODE]</c>: a file copied from the build host.</summary>
    AddFile,

    /// <summary><c>printf %s CONTENT | add_file - DEST MODE</c>: a file with inline content.</summary>
    AddFileContent,

    /// <summary><c>add_dir PATH [MODE]</c>.</summary>
    AddDir,

    /// <summary><c>add_symlink PATH [TARGET]</c>.</summary>
    AddSymlink,

    /// <summary><c>add_full_dir DIR [GLOB] [STRIP_PREFIX]</c>: a directory tree.</summary>
    AddFullDir,

    /// <summary><c>add_runscript</c>: the hook's runtime script, installed as <c>/hooks/NAME</c>.</summary>
    AddRunscript,

    /// <summary><c>map FUNCTION ARG...</c>: one helper applied to each argument.</summary>
    Map,
}
